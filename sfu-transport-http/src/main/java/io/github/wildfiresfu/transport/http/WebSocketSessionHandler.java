package io.github.wildfiresfu.transport.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.wildfiresfu.janus.JanusApi;
import io.github.wildfiresfu.janus.JanusErrorCode;
import io.github.wildfiresfu.janus.JsonFormat;
import io.github.wildfiresfu.janus.RequestPath;
import io.github.wildfiresfu.janus.TransportSession;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.ReadTimeoutException;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One WebSocket connection after the handshake: one Janus {@link TransportSession}
 * ({@code janus_websockets.c}: {@code janus_transport_session_create} per client).
 *
 * <ul>
 *   <li>Each message (fragments are joined first) is a request; its reply goes back as one
 *       text message. As in Janus, a message may hold several JSON values back to back, each
 *       handled in order; if any of them does not parse, the whole message gets one 454 error.</li>
 *   <li>Binary messages are read as UTF-8 JSON like text ones: Janus does the same (checked
 *       against Janus 1.1.2); binary data that is not UTF-8 gets a 454 error.</li>
 *   <li>Events the core pushes are sent as text messages in the order pushed. A client that
 *       stops reading until more than {@code maxPendingOutboundBytes} are queued is disconnected.</li>
 *   <li>PING is answered with PONG; with ping/pong enabled we send PINGs on silence and close the
 *       connection when nothing at all arrives within the pong timeout.</li>
 *   <li>A message over {@code maxMessageBytes} closes the connection with status 1009.</li>
 *   <li>When the connection closes, {@link JanusApi#transportGone} is called exactly once.</li>
 * </ul>
 * Netty callbacks run on the channel's event loop; {@link WebSocketTransport} methods may be
 * called from any thread.
 */
final class WebSocketSessionHandler extends ChannelInboundHandlerAdapter {

    private static final System.Logger LOG = System.getLogger(WebSocketSessionHandler.class.getName());

    private final WebSocketTransportSettings settings;
    private final JanusApi api;
    private final WebSocketServerHandshaker handshaker;
    private WebSocketTransport transport;

    WebSocketSessionHandler(WebSocketTransportSettings settings, JanusApi api, WebSocketServerHandshaker handshaker) {
        this.settings = settings;
        this.api = api;
        this.handshaker = handshaker;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        transport = new WebSocketTransport(ctx.channel(), settings.json());
    }

    /** The connection's transport session (for the server's farewell and tests). */
    WebSocketTransport transport() {
        return transport;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof WebSocketFrame frame)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        try {
            if (frame instanceof TextWebSocketFrame text) {
                dispatch(text.text());
            } else if (frame instanceof BinaryWebSocketFrame binary) {
                dispatchBinary(binary);
            } else if (frame instanceof PingWebSocketFrame ping) {
                ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
            } else if (frame instanceof CloseWebSocketFrame close) {
                // RFC 6455 §5.5.1: answer a Close with a Close, then the server closes TCP.
                handshaker.close(ctx.channel(), close.retain());
            }
            // Pong frames only prove the peer is alive, which reading them already did.
        } finally {
            frame.release();
        }
    }

    private void dispatchBinary(BinaryWebSocketFrame binary) {
        ByteBuffer bytes = binary.content().nioBuffer();
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes).toString();
        } catch (CharacterCodingException e) {
            transport.send(JanusErrors.error(JanusErrorCode.INVALID_JSON, "Binary message is not UTF-8 JSON text"));
            return;
        }
        dispatch(text);
    }

    /** Hands the request(s) in one message to the core, in order. */
    private void dispatch(String text) {
        List<JsonNode> values = splitValues(text);
        if (values == null || values.size() <= 1) {
            // One value, or unparseable: the core parses and reports 454/455 itself.
            submit(text);
            return;
        }
        for (JsonNode v : values) {
            submit(v.toString());
        }
    }

    /**
     * Uses the callback form of {@link JanusApi#handle}: the core calls back on its own thread
     * before it pushes the events this request causes, so the reply frame is queued on the
     * channel ahead of them (Netty keeps the order of writes from one thread). janode and
     * janus.js expect the {@code ack} before the {@code event} of the same transaction.
     */
    private void submit(String text) {
        try {
            api.handle(transport, text, RequestPath.NONE, node -> {
                if (node == null) {
                    LOG.log(System.Logger.Level.ERROR, "WebSocket transport: the Janus core gave no reply");
                    transport.send(JanusErrors.error(JanusErrorCode.UNKNOWN, "Internal error: no reply"));
                } else {
                    transport.send(node);
                }
            });
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "WebSocket transport: the Janus core failed a request", e);
            transport.send(JanusErrors.error(JanusErrorCode.UNKNOWN, "Internal error: " + e.getMessage()));
        }
    }

    /**
     * The JSON values of a message, in order, or null if the message is not a sequence of JSON
     * values (janus_websockets.c loads values with {@code JSON_DISABLE_EOF_CHECK} until the end).
     */
    static List<JsonNode> splitValues(String text) {
        List<JsonNode> out = new ArrayList<>(1);
        try (MappingIterator<JsonNode> it = JsonFormat.MAPPER.readerFor(JsonNode.class).readValues(text)) {
            while (it.hasNextValue()) {
                out.add(it.nextValue());
            }
        } catch (IOException | RuntimeException e) {
            // Jackson reports a malformed sequence as an IOException; we only need "does not parse".
            return null;
        }
        return out;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent idle && idle.state() == IdleState.READER_IDLE) {
            ctx.writeAndFlush(new PingWebSocketFrame());
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (transport.markGone()) {
            try {
                api.transportGone(transport);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "WebSocket transport: transportGone failed for "
                        + transport.describe(), e);
            }
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            closeWith(ctx, WebSocketCloseStatus.MESSAGE_TOO_BIG,
                    "message larger than " + settings.maxMessageBytes() + " bytes");
        } else if (cause instanceof ReadTimeoutException) {
            LOG.log(System.Logger.Level.INFO, "WebSocket transport: {0} silent for {1} s after our PING, closing",
                    transport.describe(), settings.pongTimeout().toSeconds());
            closeWith(ctx, WebSocketCloseStatus.POLICY_VIOLATION, "no pong");
        } else if (cause instanceof CorruptedFrameException) {
            // The frame decoder has sent its Close already (closeOnProtocolViolation).
            ctx.close();
        } else {
            LOG.log(System.Logger.Level.DEBUG, "WebSocket transport: " + transport.describe() + " failed", cause);
            ctx.close();
        }
    }

    private static void closeWith(ChannelHandlerContext ctx, WebSocketCloseStatus status, String reason) {
        ctx.writeAndFlush(new CloseWebSocketFrame(status.code(), reason)).addListener(ChannelFutureListener.CLOSE);
    }

    /** The transport session of one connection. Thread-safe. */
    static final class WebSocketTransport implements TransportSession {

        private final Channel channel;
        private final JsonFormat json;
        private final String description;
        private final AtomicBoolean gone = new AtomicBoolean();
        private final AtomicLong dropped = new AtomicLong();

        WebSocketTransport(Channel channel, JsonFormat json) {
            this.channel = channel;
            this.json = json;
            this.description = "ws " + channel.remoteAddress();
        }

        @Override
        public void pushEvent(long sessionId, ObjectNode message) {
            send(message);
        }

        /** Serializes on the calling thread and queues one text message; FIFO per calling thread. */
        void send(JsonNode message) {
            if (gone.get() || !channel.isActive()) {
                dropped.incrementAndGet();
                return;
            }
            if (!channel.isWritable()) {
                // Above the high-water mark: the client has stopped reading.
                dropped.incrementAndGet();
                LOG.log(System.Logger.Level.WARNING, "WebSocket transport: {0} is not reading"
                        + " ({1} bytes queued), closing", description, channel.bytesBeforeWritable());
                channel.close();
                return;
            }
            channel.writeAndFlush(new TextWebSocketFrame(json.write(message)));
        }

        /** True the first time: the connection is gone. */
        boolean markGone() {
            return gone.compareAndSet(false, true);
        }

        /** Messages not sent because the connection was closed or stuck. */
        long droppedMessages() {
            return dropped.get();
        }

        @Override
        public boolean keepsSessionsAcrossDisconnect() {
            return false;
        }

        @Override
        public String describe() {
            return description;
        }
    }
}
