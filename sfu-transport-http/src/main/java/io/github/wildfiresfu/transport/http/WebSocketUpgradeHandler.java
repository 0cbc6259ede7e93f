package io.github.wildfiresfu.transport.http;

import io.github.wildfiresfu.janus.JanusApi;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP phase of a WebSocket connection: checks the upgrade request and, if it is acceptable,
 * performs the handshake and replaces itself with a {@link WebSocketSessionHandler}.
 *
 * <ul>
 *   <li>Any path is accepted (libwebsockets in Janus ignores it).</li>
 *   <li>Subprotocol {@code janus-protocol}, or none at all (Janus 1.1.2 drops a connection
 *       without subprotocol; accepting it costs nothing and helps simple clients).</li>
 *   <li>{@code janus-admin-protocol} is refused with 400 and a one-line reason: the Admin API
 *       is not implemented. Any other subprotocol is refused with 400 too.</li>
 *   <li>A plain HTTP request (no {@code Upgrade: websocket}) gets 403, as Janus's
 *       {@code janus_websockets_callback_http} answers.</li>
 *   <li>The handshake response carries the CORS headers; with {@code enforce_cors} a foreign
 *       {@code Origin} gets 403.</li>
 * </ul>
 * Confined to the channel's event loop.
 */
final class WebSocketUpgradeHandler extends ChannelInboundHandlerAdapter {

    private static final System.Logger LOG = System.getLogger(WebSocketUpgradeHandler.class.getName());
    /** A connection must complete its upgrade within this time (Netty's default handshake timeout). */
    private static final long HANDSHAKE_TIMEOUT_SECONDS = 10;

    private final WebSocketTransportSettings settings;
    private final JanusApi api;
    private ScheduledFuture<?> handshakeTimeout;

    WebSocketUpgradeHandler(WebSocketTransportSettings settings, JanusApi api) {
        this.settings = settings;
        this.api = api;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        handshakeTimeout = ctx.executor().schedule(() -> {
            LOG.log(System.Logger.Level.DEBUG, "WebSocket transport: {0} did not upgrade within {1} s, closing",
                    ctx.channel().remoteAddress(), HANDSHAKE_TIMEOUT_SECONDS);
            ctx.close();
        }, HANDSHAKE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        handshakeTimeout.cancel(false);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest req)) {
            // Bytes after a refused upgrade, before the connection closes.
            ReferenceCountUtil.release(msg);
            return;
        }
        try {
            upgrade(ctx, req);
        } finally {
            req.release();
        }
    }

    private void upgrade(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (req.decoderResult().isFailure()) {
            refuse(ctx, req, HttpResponseStatus.BAD_REQUEST, "Bad Request: " + req.decoderResult().cause().getMessage());
            return;
        }
        String forwardedFor = req.headers().get("X-Forwarded-For");
        if (!settings.acl().allowsForwarded(forwardedFor)) {
            LOG.log(System.Logger.Level.WARNING, "WebSocket transport: X-Forwarded-For {0} is not in the access list",
                    forwardedFor);
            ctx.close();
            return;
        }
        if (!req.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
            refuse(ctx, req, HttpResponseStatus.FORBIDDEN, "This port serves only WebSocket connections"
                    + " (subprotocol " + WebSocketTransportSettings.JANUS_PROTOCOL + ")");
            return;
        }
        List<String> offered = offeredSubprotocols(req.headers());
        if (!offered.isEmpty() && !offered.contains(WebSocketTransportSettings.JANUS_PROTOCOL)) {
            refuse(ctx, req, HttpResponseStatus.BAD_REQUEST, offered.contains(WebSocketTransportSettings.ADMIN_PROTOCOL)
                    ? WebSocketTransportSettings.ADMIN_PROTOCOL + " refused: the Janus Admin API is not implemented"
                    : "Unsupported WebSocket subprotocol " + String.join(", ", offered) + "; use "
                            + WebSocketTransportSettings.JANUS_PROTOCOL);
            return;
        }
        if (!settings.cors().admits(req.headers())) {
            refuse(ctx, req, HttpResponseStatus.FORBIDDEN, "Origin not allowed");
            return;
        }
        WebSocketDecoderConfig decoderConfig = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(settings.maxMessageBytes())
                .allowExtensions(false)
                .closeOnProtocolViolation(true)
                .withUTF8Validator(true)
                .build();
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(req.uri(),
                WebSocketTransportSettings.JANUS_PROTOCOL, decoderConfig).newHandshaker(req);
        if (handshaker == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel())
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        HttpHeaders extra = new DefaultHttpHeaders();
        settings.cors().addResponseHeaders(req.headers(), extra);
        handshaker.handshake(ctx.channel(), req, extra, ctx.newPromise()).addListener(f -> {
            if (!f.isSuccess()) {
                LOG.log(System.Logger.Level.DEBUG, "WebSocket handshake with " + ctx.channel().remoteAddress()
                        + " failed", f.cause());
                ctx.close();
            }
        });
        // The handshake installed the frame decoder already; frames may follow the request at
        // once, so the session handler must be in place before this read returns.
        ctx.pipeline().addAfter(ctx.name(), "ws-aggregator", new WebSocketFrameAggregator(settings.maxMessageBytes()));
        ctx.pipeline().addAfter("ws-aggregator", "ws-session", new WebSocketSessionHandler(settings, api, handshaker));
        ctx.pipeline().remove(this);
    }

    /** The subprotocols the client offers, from every {@code Sec-WebSocket-Protocol} header. */
    static List<String> offeredSubprotocols(HttpHeaders headers) {
        List<String> out = new ArrayList<>();
        for (String value : headers.getAll(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL)) {
            for (String p : value.split(",")) {
                if (!p.isBlank()) {
                    out.add(p.trim());
                }
            }
        }
        return out;
    }

    private void refuse(ChannelHandlerContext ctx, FullHttpRequest req, HttpResponseStatus status, String reason) {
        LOG.log(System.Logger.Level.DEBUG, "WebSocket transport: refusing {0}: {1}", ctx.channel().remoteAddress(), reason);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(reason + "\n", StandardCharsets.UTF_8));
        response.headers().set("Content-Type", "text/plain; charset=UTF-8");
        response.headers().set("Connection", HttpHeaderValues.CLOSE);
        settings.cors().addResponseHeaders(req.headers(), response.headers());
        response.headers().set("Content-Length", response.content().readableBytes());
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
