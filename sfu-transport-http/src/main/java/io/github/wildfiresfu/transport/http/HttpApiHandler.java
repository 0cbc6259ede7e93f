package io.github.wildfiresfu.transport.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.wildfiresfu.janus.JanusApi;
import io.github.wildfiresfu.janus.JanusErrorCode;
import io.github.wildfiresfu.janus.JsonFormat;
import io.github.wildfiresfu.janus.RequestPath;
import io.github.wildfiresfu.janus.TransportSession;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One HTTP connection of the Janus REST transport: routes each request as {@code janus_http.c}
 * {@code janus_http_handler} does and answers it.
 *
 * <pre>
 * OPTIONS any path                  → 200, CORS headers only (preflight)
 * POST &lt;base&gt;                       → api.handle(body, RequestPath(0, 0))
 * POST &lt;base&gt;/&lt;session&gt;             → api.handle(body, RequestPath(session, 0))
 * POST &lt;base&gt;/&lt;session&gt;/&lt;handle&gt;    → api.handle(body, RequestPath(session, handle))
 * GET  &lt;base&gt;/&lt;session&gt;[?maxev=N]    → long poll (touchSession, then queued events or keepalive)
 * GET  &lt;base&gt;/&lt;session&gt;/&lt;handle&gt;    → 302 to &lt;base&gt;/&lt;session&gt; (Janus)
 * GET  &lt;base&gt;/info                  → api.handle({"janus":"info","transaction":random})
 * GET  &lt;base&gt;/ping                  → api.handle({"janus":"ping",...}) (newer Janus; harmless)
 * POST &lt;base&gt;/info or /ping          → 400, empty body (Janus)
 * other methods                     → 200 with error 450 "Unsupported method X" (Janus)
 * unknown path, non-numeric id,
 *   more than two segments          → 404 with error 457 (Janus: 404, empty body)
 * long poll on an unknown session   → 404 with error 458 "No such session N" (Janus: 404, empty)
 * body over the limit               → 413 with error 450
 * malformed HTTP                    → 400 and the connection is closed
 * </pre>
 * Every response carries the CORS headers of {@link CorsPolicy}. Status 404 (not 200 with an
 * error) for an unknown long-poll session matters: janus.js re-polls at once after any 200, but
 * gives up after three failed polls ("Lost connection to the server").
 *
 * <p>Requests on one connection are answered in order (HTTP/1.1 pipelining): the next is only
 * looked at once the current one is answered. Confined to the channel's event loop, except
 * where noted.
 */
final class HttpApiHandler extends ChannelInboundHandlerAdapter {

    private static final System.Logger LOG = System.getLogger(HttpApiHandler.class.getName());
    /** Pipelined requests we are willing to hold while one is being answered. */
    private static final int MAX_BACKLOG = 16;
    private static final int MAX_MAXEV = 1000;

    private final HttpTransportSettings settings;
    private final JanusApi api;
    private final TransportSession transport;
    private final LongPollQueues queues;

    private final ArrayDeque<Object> backlog = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private Exchange current;

    HttpApiHandler(HttpTransportSettings settings, JanusApi api, TransportSession transport, LongPollQueues queues) {
        this.settings = settings;
        this.api = api;
        this.transport = transport;
        this.queues = queues;
    }

    /** A request too large for the aggregator, reported in order with the others. */
    record OversizedRequest(HttpVersion version, HttpMethod method, HttpHeaders headers, boolean keepAlive) {
    }

    /** What remains of a request while it is being answered (the Netty message is released at once). */
    private final class Exchange {
        final HttpVersion version;
        final HttpMethod method;
        final HttpHeaders requestHeaders;
        final boolean keepAlive;
        boolean answered;
        LongPollQueues.Poll poll;
        Runnable cancelTimeout = () -> { };

        Exchange(HttpVersion version, HttpMethod method, HttpHeaders requestHeaders, boolean keepAlive) {
            this.version = version;
            this.method = method;
            this.requestHeaders = requestHeaders;
            this.keepAlive = keepAlive;
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        if (!(msg instanceof FullHttpRequest) && !(msg instanceof OversizedRequest)) {
            context.fireChannelRead(msg);
            return;
        }
        if (current != null) {
            if (backlog.size() >= MAX_BACKLOG) {
                ReferenceCountUtil.release(msg);
                LOG.log(System.Logger.Level.WARNING, "HTTP transport: more than {0} pipelined requests from {1},"
                        + " closing", MAX_BACKLOG, context.channel().remoteAddress());
                context.close();
                return;
            }
            backlog.addLast(msg);
            // Stop reading until the backlog drains, so a client cannot make us buffer without bound.
            context.channel().config().setAutoRead(false);
            return;
        }
        start(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        if (current != null) {
            current.cancelTimeout.run();
            if (current.poll != null) {
                current.poll.cancel();
            }
        }
        backlog.forEach(ReferenceCountUtil::release);
        backlog.clear();
        context.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object evt) {
        if (evt instanceof IdleStateEvent && current == null) {
            // libmicrohttpd's MHD_OPTION_CONNECTION_TIMEOUT (120 s in janus_http.c): idle keep-alive
            // connections are closed; a connection with a pending long poll is not idle.
            context.close();
            return;
        }
        context.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        LOG.log(System.Logger.Level.DEBUG, "HTTP transport: connection " + context.channel().remoteAddress()
                + " failed", cause);
        context.close();
    }

    private void start(Object msg) {
        if (msg instanceof OversizedRequest big) {
            current = new Exchange(big.version(), big.method(), big.headers(), big.keepAlive());
            respondJson(current, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, JanusErrors.error(
                    JanusErrorCode.TRANSPORT_SPECIFIC, "Request body larger than " + settings.maxRequestBytes() + " bytes"));
            return;
        }
        FullHttpRequest req = (FullHttpRequest) msg;
        try {
            if (req.decoderResult().isFailure()) {
                current = new Exchange(HttpVersion.HTTP_1_1, req.method(), req.headers().copy(), false);
                respond(current, HttpResponseStatus.BAD_REQUEST, "text/plain; charset=UTF-8",
                        "Bad Request: " + req.decoderResult().cause().getMessage());
                return;
            }
            current = new Exchange(req.protocolVersion(), req.method(), req.headers().copy(), HttpUtil.isKeepAlive(req));
            String body = req.content().toString(StandardCharsets.UTF_8);
            route(current, req.uri(), body, req.content().isReadable());
        } finally {
            req.release();
        }
    }

    private void route(Exchange ex, String uri, String body, boolean hasBody) {
        if (!settings.acl().allowsForwarded(ex.requestHeaders.get("X-Forwarded-For"))) {
            // Janus answers MHD_NO: the connection is dropped without a response.
            LOG.log(System.Logger.Level.WARNING, "HTTP transport: X-Forwarded-For {0} is not in the access list",
                    ex.requestHeaders.get("X-Forwarded-For"));
            ctx.close();
            return;
        }
        HttpMethod method = ex.method;
        if (!method.equals(HttpMethod.GET) && !method.equals(HttpMethod.POST) && !method.equals(HttpMethod.OPTIONS)) {
            respondJson(ex, HttpResponseStatus.OK,
                    JanusErrors.error(JanusErrorCode.TRANSPORT_SPECIFIC, "Unsupported method " + method.name()));
            return;
        }
        if (!settings.cors().admits(ex.requestHeaders)) {
            respond(ex, HttpResponseStatus.FORBIDDEN, null, null);
            return;
        }
        if (method.equals(HttpMethod.OPTIONS)) {
            respond(ex, HttpResponseStatus.OK, null, null);
            return;
        }
        QueryStringDecoder query = new QueryStringDecoder(uri);
        ApiPath path = ApiPath.parse(settings.basePath(), query.path());
        if (path.kind() == ApiPath.Kind.INVALID) {
            respondJson(ex, HttpResponseStatus.NOT_FOUND,
                    JanusErrors.error(JanusErrorCode.INVALID_REQUEST_PATH, "Invalid path " + query.path()));
            return;
        }
        boolean get = method.equals(HttpMethod.GET);
        switch (path.kind()) {
            case INFO, PING -> {
                if (!get) {
                    respond(ex, HttpResponseStatus.BAD_REQUEST, null, null);
                    return;
                }
                ObjectNode request = JsonFormat.MAPPER.createObjectNode()
                        .put("janus", path.kind() == ApiPath.Kind.INFO ? "info" : "ping")
                        .put("transaction", JanusErrors.randomTransaction());
                forward(ex, () -> api.handle(transport, request, RequestPath.NONE));
            }
            case ROOT, SESSION, HANDLE -> {
                if (get) {
                    longPoll(ex, path, query);
                    return;
                }
                if (!hasBody) {
                    respondJson(ex, HttpResponseStatus.OK,
                            JanusErrors.error(JanusErrorCode.INVALID_JSON, "Request payload missing"));
                    return;
                }
                RequestPath ids = new RequestPath(path.sessionId(), path.handleId());
                forward(ex, () -> api.handle(transport, body, ids));
            }
            default -> throw new IllegalStateException("unexpected path kind " + path.kind());
        }
    }

    private void longPoll(Exchange ex, ApiPath path, QueryStringDecoder query) {
        if (path.kind() == ApiPath.Kind.ROOT) {
            respondJson(ex, HttpResponseStatus.NOT_FOUND, JanusErrors.error(JanusErrorCode.INVALID_REQUEST_PATH,
                    "Long poll needs a session: GET " + settings.basePath() + "/<session>"));
            return;
        }
        long sessionId = path.sessionId();
        if (path.kind() == ApiPath.Kind.HANDLE) {
            // janus_http.c: "Invalid GET to %s, redirecting to %s".
            String location = (settings.basePath().equals("/") ? "" : settings.basePath())
                    + "/" + Long.toUnsignedString(sessionId);
            FullHttpResponse redirect = newResponse(ex, HttpResponseStatus.FOUND, null, null);
            redirect.headers().set("Location", location);
            write(ex, redirect);
            return;
        }
        // janus_http.c checks api_secret/token on the long poll too (they come as query parameters).
        if (!api.isAuthorized(first(query, "apisecret"), first(query, "token"))) {
            respondJson(ex, HttpResponseStatus.OK, JanusErrors.error(JanusErrorCode.UNAUTHORIZED, "Unauthorized request"
                    + " (wrong or missing secret/token)", sessionId, null));
            return;
        }
        int maxEvents = parseMaxEv(query.parameters().get("maxev"));
        LongPollQueues.Responder responder = new LongPollQueues.Responder() {
            @Override
            public void answer(LongPollQueues.Answer answer) {
                answerPoll(ex, sessionId, maxEvents, answer);
            }

            @Override
            public boolean isOpen() {
                return ctx.channel().isActive();
            }
        };
        CompletionStage<Boolean> touched;
        try {
            touched = api.touchSession(sessionId);
        } catch (RuntimeException e) {
            internalError(ex, e);
            return;
        }
        // Runs on the core's thread; the queues are thread-safe and respond() hops to the event loop.
        touched.whenComplete((exists, failure) -> {
            if (failure != null) {
                internalError(ex, failure);
            } else if (Boolean.TRUE.equals(exists)) {
                LongPollQueues.Poll poll = queues.poll(sessionId, maxEvents, responder);
                ctx.executor().execute(() -> {
                    ex.poll = poll;
                    if (!ctx.channel().isActive()) {
                        poll.cancel();
                    }
                });
            } else if (!queues.answerFromLeftovers(sessionId, maxEvents, responder)) {
                answerPoll(ex, sessionId, maxEvents, LongPollQueues.Answer.SESSION_GONE);
            }
        });
    }

    /** Writes a poll's answer the way {@code janus_http_notifier} does: one object, or an array when maxev > 1. */
    private static String first(QueryStringDecoder query, String name) {
        List<String> values = query.parameters().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private void answerPoll(Exchange ex, long sessionId, int maxEvents, LongPollQueues.Answer answer) {
        switch (answer.kind()) {
            case SESSION_GONE -> respondJson(ex, HttpResponseStatus.NOT_FOUND, JanusErrors.error(
                    JanusErrorCode.SESSION_NOT_FOUND, "No such session " + Long.toUnsignedString(sessionId),
                    sessionId, null));
            case KEEPALIVE -> respondJson(ex, HttpResponseStatus.OK, maxEvents == 1
                    ? JanusErrors.keepalive()
                    : JsonFormat.MAPPER.createArrayNode().add(JanusErrors.keepalive()));
            case EVENTS -> {
                List<ObjectNode> events = answer.events();
                JsonNode body;
                if (maxEvents == 1) {
                    body = events.get(0);
                } else {
                    ArrayNode array = JsonFormat.MAPPER.createArrayNode();
                    array.addAll(events);
                    body = array;
                }
                respondJson(ex, HttpResponseStatus.OK, body);
            }
            default -> throw new IllegalStateException("unexpected answer " + answer.kind());
        }
    }

    /** Hands a request to the core and answers with its reply, or an error after the request timeout. */
    private void forward(Exchange ex, Supplier<CompletionStage<ObjectNode>> call) {
        var timeout = ctx.executor().schedule(() -> respondJson(ex, HttpResponseStatus.GATEWAY_TIMEOUT,
                JanusErrors.error(JanusErrorCode.UNKNOWN, "No reply from the Janus core within "
                        + settings.requestTimeout().toMillis() + " ms")),
                settings.requestTimeout().toNanos(), TimeUnit.NANOSECONDS);
        ex.cancelTimeout = () -> timeout.cancel(false);
        CompletionStage<ObjectNode> reply;
        try {
            reply = call.get();
        } catch (RuntimeException e) {
            internalError(ex, e);
            return;
        }
        reply.whenComplete((node, failure) -> {
            if (failure != null || node == null) {
                internalError(ex, failure != null ? failure : new IllegalStateException("core replied null"));
            } else {
                respondJson(ex, HttpResponseStatus.OK, node);
            }
        });
    }

    private void internalError(Exchange ex, Throwable failure) {
        LOG.log(System.Logger.Level.ERROR, "HTTP transport: the Janus core failed a request", failure);
        respondJson(ex, HttpResponseStatus.OK,
                JanusErrors.error(JanusErrorCode.UNKNOWN, "Internal error: " + failure.getMessage()));
    }

    /** Serializes on the calling thread (the core's, for replies), writes on the event loop. */
    private void respondJson(Exchange ex, HttpResponseStatus status, JsonNode body) {
        respond(ex, status, "application/json", settings.json().write(body));
    }

    /** Answers {@code ex} once; later calls (timeout racing a reply) are ignored. Any thread. */
    private void respond(Exchange ex, HttpResponseStatus status, String contentType, String body) {
        if (!ctx.executor().inEventLoop()) {
            ctx.executor().execute(() -> respond(ex, status, contentType, body));
            return;
        }
        if (ex.answered) {
            return;
        }
        write(ex, newResponse(ex, status, contentType, body));
    }

    private FullHttpResponse newResponse(Exchange ex, HttpResponseStatus status, String contentType, String body) {
        ByteBuf content = body == null ? Unpooled.EMPTY_BUFFER : Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
        HttpVersion version = ex.version.equals(HttpVersion.HTTP_1_0) ? HttpVersion.HTTP_1_0 : HttpVersion.HTTP_1_1;
        FullHttpResponse response = new DefaultFullHttpResponse(version, status, content);
        if (contentType != null) {
            response.headers().set("Content-Type", contentType);
        }
        settings.cors().addResponseHeaders(ex.requestHeaders, response.headers());
        return response;
    }

    private void write(Exchange ex, FullHttpResponse response) {
        if (ex.answered) {
            response.release();
            return;
        }
        ex.answered = true;
        ex.cancelTimeout.run();
        if (ex.method.equals(HttpMethod.HEAD)) {
            // A HEAD response has headers only.
            response.content().clear();
        }
        response.headers().set("Content-Length", response.content().readableBytes());
        if (!ex.keepAlive) {
            response.headers().set("Connection", HttpHeaderValues.CLOSE);
        } else if (ex.version.equals(HttpVersion.HTTP_1_0)) {
            response.headers().set("Connection", HttpHeaderValues.KEEP_ALIVE);
        }
        var written = ctx.writeAndFlush(response);
        if (!ex.keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
            return;
        }
        written.addListener(f -> {
            if (current == ex) {
                current = null;
                next();
            }
        });
    }

    private void next() {
        Object msg = backlog.pollFirst();
        if (msg == null) {
            ctx.channel().config().setAutoRead(true);
            return;
        }
        start(msg);
    }

    /** {@code maxev} as Janus reads it ({@code atoi}: leading digits; below 1 means 1), capped at {@value #MAX_MAXEV}. */
    static int parseMaxEv(List<String> values) {
        if (values == null || values.isEmpty()) {
            return 1;
        }
        String v = values.get(0).trim();
        int digits = 0;
        while (digits < v.length() && digits < 18 && Character.isDigit(v.charAt(digits))) {
            digits++;
        }
        long n = digits == 0 ? 0 : Long.parseLong(v.substring(0, digits));
        return (int) Math.min(Math.max(n, 1), MAX_MAXEV);
    }
}
