package io.github.wildfiresfu.janus;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * The transport-agnostic Janus JSON API, what every transport (HTTP, WebSocket, MQTT) calls.
 * Implementations are thread-safe; work runs on the core's signalling thread.
 */
public interface JanusApi {

    /**
     * Processes one request. The returned stage completes exactly once, with the reply to
     * send back on the same exchange: {@code success}, {@code ack}, {@code server_info},
     * {@code pong} or {@code error} (never exceptionally). Later asynchronous messages (plugin
     * events, {@code trickle}, {@code timeout} ...) go to the {@link TransportSession} that owns
     * the Janus session.
     *
     * @param transport where the request came from; becomes the owner of a session it creates
     * @param body      the raw request text; invalid JSON gives error 454, a non-object 455
     * @param path      ids taken from the transport's addressing (HTTP path), else {@link RequestPath#NONE}
     */
    CompletionStage<ObjectNode> handle(TransportSession transport, String body, RequestPath path);

    /**
     * As {@link #handle(TransportSession, String, RequestPath)}, delivering the reply to
     * {@code reply} instead of a stage. Implementations call {@code reply} on the thread that
     * pushes events, BEFORE any asynchronous message the request causes (the {@code event} that
     * follows an {@code ack}, the {@code detached} after {@code detach}), so a transport that
     * writes both to one connection from that callback keeps Janus's order. Transports should use
     * this form; the default only forwards the stage, which cannot promise that order.
     */
    default void handle(TransportSession transport, String body, RequestPath path, Consumer<ObjectNode> reply) {
        handle(transport, body, path).thenAccept(reply);
    }

    /** As {@link #handle(TransportSession, String, RequestPath)} for an already parsed request. */
    CompletionStage<ObjectNode> handle(TransportSession transport, ObjectNode request, RequestPath path);

    /**
     * An HTTP long-poll for {@code sessionId} arrived: refreshes the session's keepalive timer
     * as Janus does. Completes with false if the session does not exist.
     */
    CompletionStage<Boolean> touchSession(long sessionId);

    /**
     * The connection went away. Sessions it owns are destroyed unless
     * {@link TransportSession#keepsSessionsAcrossDisconnect()} or {@code reclaim_session_timeout}
     * keeps them for a later {@code claim}.
     */
    void transportGone(TransportSession transport);

    /**
     * Whether a request that bypasses the core may proceed with these credentials: the HTTP
     * long poll, which carries {@code apisecret} and {@code token} as query parameters and is
     * answered 403 when this is false ({@code janus_http.c}). Either argument may be null.
     * Implementations that enforce {@code api_secret} or {@code token_auth} override this; the
     * default allows everything. Thread-safe.
     */
    default boolean isAuthorized(String apiSecret, String token) {
        return true;
    }
}
