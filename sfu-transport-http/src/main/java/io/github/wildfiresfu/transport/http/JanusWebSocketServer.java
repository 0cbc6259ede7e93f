package io.github.wildfiresfu.transport.http;

import io.github.wildfiresfu.janus.JanusApi;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The Janus WebSocket transport ("WebSockets Interface" of Janus's {@code mainpage.dox},
 * {@code janus_websockets.c}) on Netty, subprotocol {@code janus-protocol}. Each connection is
 * one {@link io.github.wildfiresfu.janus.TransportSession} whose sessions end when it closes
 * ({@code keepsSessionsAcrossDisconnect() == false}); requests carry {@code session_id} and
 * {@code handle_id} in the body and are passed with {@link io.github.wildfiresfu.janus.RequestPath#NONE}.
 * {@link WebSocketUpgradeHandler} and {@link WebSocketSessionHandler} describe the protocol rules.
 *
 * <p>Lifecycle: construct → {@link #start()} once → {@link #close()}. A server cannot be
 * restarted; create a new one. Thread-safe.
 */
public final class JanusWebSocketServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(JanusWebSocketServer.class.getName());
    /** Largest upgrade request (headers and an unexpected body). */
    private static final int MAX_HANDSHAKE_BYTES = 64 << 10;

    private final WebSocketTransportSettings settings;
    private final JanusApi api;
    private final NettyServerRuntime runtime;
    private volatile InetSocketAddress boundAddress;

    /** A server with its own event-loop group ({@code sfu-ws-*} threads), shut down by {@link #close()}. */
    public JanusWebSocketServer(WebSocketTransportSettings settings, JanusApi api) {
        this(settings, api, null);
    }

    /**
     * A server on {@code sharedGroup}, which {@link #close()} leaves running; null means "create
     * and own a group". The group's threads run socket I/O, the handshake, frame decoding and
     * dispatch to the core; replies and events are serialized on the core's thread.
     */
    public JanusWebSocketServer(WebSocketTransportSettings settings, JanusApi api, EventLoopGroup sharedGroup) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.api = Objects.requireNonNull(api, "api");
        this.runtime = new NettyServerRuntime("WebSocket transport", "sfu-ws", settings.ioThreads(), sharedGroup);
    }

    /**
     * Starts listening on {@code settings.listen()}.
     *
     * @return the bound address; with port 0 it carries the ephemeral port chosen
     * @throws TransportStartException if the address cannot be bound, e.g.
     *                                 {@code WebSocket transport: 127.0.0.1:8188 is already in use}
     * @throws IllegalStateException   if already started or closed
     */
    public InetSocketAddress start() {
        InetSocketAddress bound = runtime.bind(settings.listen(), new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                // WebSockets have no connection limit in Janus; the access list applies.
                if (!runtime.admit(ch, settings.acl(), Integer.MAX_VALUE)) {
                    return;
                }
                int high = settings.maxPendingOutboundBytes();
                ch.config().setWriteBufferWaterMark(new WriteBufferWaterMark(high / 2, high));
                if (settings.pingPongEnabled()) {
                    // libwebsockets 4 retry policy as janus_websockets.c sets it: PING after
                    // pingpong_trigger s of silence, hang up after trigger + timeout s.
                    long ping = settings.pingInterval().toMillis();
                    long hangUp = ping + settings.pongTimeout().toMillis();
                    ch.pipeline().addLast(new ReadTimeoutHandler(hangUp, TimeUnit.MILLISECONDS),
                            new IdleStateHandler(ping, 0, 0, TimeUnit.MILLISECONDS));
                }
                ch.pipeline().addLast(
                        new HttpServerCodec(),
                        new HttpObjectAggregator(MAX_HANDSHAKE_BYTES),
                        new WebSocketUpgradeHandler(settings, api));
            }
        });
        boundAddress = bound;
        LOG.log(System.Logger.Level.INFO, "WebSocket transport listening on {0}", NettyServerRuntime.describe(bound));
        return bound;
    }

    /** The address {@link #start()} bound, or null before. */
    public InetSocketAddress boundAddress() {
        return boundAddress;
    }

    /** Open TCP connections (upgraded or not). */
    public int connectionCount() {
        return runtime.connectionCount();
    }

    /**
     * Stops listening (the port is free on return), sends Close 1001 "server shutting down" on
     * every WebSocket and closes it (the core gets {@code transportGone} for each), and, if the
     * group is owned, stops its threads. Idempotent.
     */
    @Override
    public void close() {
        runtime.close(ch -> {
            if (ch.pipeline().get(WebSocketSessionHandler.class) != null) {
                ch.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE.code(),
                        "server shutting down")).addListener(ChannelFutureListener.CLOSE);
            }
        });
    }
}
