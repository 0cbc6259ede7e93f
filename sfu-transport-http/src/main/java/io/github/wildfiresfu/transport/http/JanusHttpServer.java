package io.github.wildfiresfu.transport.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.wildfiresfu.janus.JanusApi;
import io.github.wildfiresfu.janus.TransportSession;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The Janus HTTP transport ("Plain HTTP REST Interface" of Janus's {@code mainpage.dox},
 * {@code janus_http.c}) on Netty: requests are POSTed to {@code <base>[/<session>[/<handle>]]}
 * and events are fetched with long polls {@code GET <base>/<session>[?maxev=N]}.
 * {@link HttpApiHandler} lists the routes and status codes.
 *
 * <p>All HTTP requests share one {@link TransportSession} ({@link #transportSession()}): as in
 * Janus, sessions created over HTTP belong to the transport, not to a TCP connection, so
 * {@link TransportSession#keepsSessionsAcrossDisconnect()} is true and such sessions end only by
 * {@code destroy} or {@code session_timeout}. Events the core pushes are queued per session
 * ({@link LongPollQueues}) until a long poll takes them.
 *
 * <p>Lifecycle: construct → {@link #start()} once → {@link #close()}. A server cannot be
 * restarted; create a new one. Thread-safe.
 */
public final class JanusHttpServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(JanusHttpServer.class.getName());
    /** {@code MHD_OPTION_CONNECTION_TIMEOUT, 120} in {@code janus_http.c}. */
    private static final int IDLE_CONNECTION_SECONDS = 120;

    private final HttpTransportSettings settings;
    private final JanusApi api;
    private final NettyServerRuntime runtime;
    private final LongPollQueues queues;
    private final HttpTransport transport = new HttpTransport();
    private volatile InetSocketAddress boundAddress;

    /**
     * A server with its own event-loop group ({@code settings.ioThreads()} threads named
     * {@code sfu-http-*}), shut down by {@link #close()}.
     */
    public JanusHttpServer(HttpTransportSettings settings, JanusApi api) {
        this(settings, api, null);
    }

    /**
     * A server on {@code sharedGroup} (e.g. one group for HTTP and WebSocket), which
     * {@link #close()} leaves running; null means "create and own a group". The group's
     * threads run socket I/O, request routing and long-poll timers; the core's replies and
     * events are serialized on the core's thread and only written on the group.
     */
    public JanusHttpServer(HttpTransportSettings settings, JanusApi api, EventLoopGroup sharedGroup) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.api = Objects.requireNonNull(api, "api");
        this.runtime = new NettyServerRuntime("HTTP transport", "sfu-http", settings.ioThreads(), sharedGroup);
        this.queues = new LongPollQueues(TaskScheduler.on(runtime.group()), settings.longPollTimeout(),
                settings.maxQueuedEventsPerSession());
    }

    /**
     * Starts listening on {@code settings.listen()}.
     *
     * @return the bound address; with port 0 it carries the ephemeral port chosen
     * @throws TransportStartException if the address cannot be bound, e.g.
     *                                 {@code HTTP transport: 127.0.0.1:8088 is already in use}
     * @throws IllegalStateException   if already started or closed
     */
    public InetSocketAddress start() {
        InetSocketAddress bound = runtime.bind(settings.listen(), new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                if (!runtime.admit(ch, settings.acl(), settings.connectionLimit())) {
                    return;
                }
                ch.pipeline().addLast(
                        new IdleStateHandler(0, 0, IDLE_CONNECTION_SECONDS, TimeUnit.SECONDS),
                        new HttpServerCodec(),
                        new BoundedRequestAggregator(settings.maxRequestBytes()),
                        new HttpApiHandler(settings, api, transport, queues));
            }
        });
        boundAddress = bound;
        LOG.log(System.Logger.Level.INFO, "HTTP transport listening on {0}, base path {1}",
                NettyServerRuntime.describe(bound), settings.basePath());
        return bound;
    }

    /** The address {@link #start()} bound, or null before. */
    public InetSocketAddress boundAddress() {
        return boundAddress;
    }

    /** The one transport session of all HTTP requests. */
    public TransportSession transportSession() {
        return transport;
    }

    /** Events dropped because a session's queue was full or the session had ended. */
    public long droppedEvents() {
        return queues.droppedEvents();
    }

    /** Open TCP connections. */
    public int connectionCount() {
        return runtime.connectionCount();
    }

    /**
     * Stops listening (the port is free on return), closes every connection (pending long polls
     * included) and, if the group is owned, stops its threads. Sessions stay in the core: they
     * end by their timeout. Idempotent.
     */
    @Override
    public void close() {
        runtime.close(ch -> { });
    }

    int waitingPolls() {
        return queues.waitingPolls();
    }

    /** Where the core delivers events of sessions created over HTTP. */
    private final class HttpTransport implements TransportSession {

        @Override
        public void pushEvent(long sessionId, ObjectNode message) {
            queues.push(sessionId, message);
        }

        @Override
        public void sessionClosed(long sessionId) {
            queues.closed(sessionId);
        }

        @Override
        public boolean keepsSessionsAcrossDisconnect() {
            return true;
        }

        @Override
        public String describe() {
            InetSocketAddress a = boundAddress;
            return "http " + (a == null ? settings.listen().describe() : NettyServerRuntime.describe(a));
        }
    }
}
