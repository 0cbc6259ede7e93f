package io.github.wildfiresfu.transport.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.wildfiresfu.janus.JanusApi;
import io.github.wildfiresfu.janus.JanusErrorCode;
import io.github.wildfiresfu.janus.JsonFormat;
import io.github.wildfiresfu.janus.RequestPath;
import io.github.wildfiresfu.janus.TransportSession;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in for the Janus core: records every call and answers a few verbs the way Janus
 * does, enough to drive the transports.
 *
 * <ul>
 *   <li>{@code create} → {@code success} with a new session id owned by the calling transport;</li>
 *   <li>{@code info} → {@code server_info}; {@code ping} → {@code pong};</li>
 *   <li>{@code hold} → a reply that never comes (request-timeout tests);</li>
 *   <li>anything else → {@code ack} echoing the transaction and the path it came with
 *       ({@code path_session}, {@code path_handle});</li>
 *   <li>a body that is not JSON → error 454, not an object → 455.</li>
 * </ul>
 * Replies complete synchronously on the calling thread, as a fast core might.
 */
final class FakeJanusApi implements JanusApi {

    /** One {@code handle} call. {@code body} is null when the transport passed a parsed request. */
    record Call(TransportSession transport, String body, ObjectNode request, RequestPath path) {
        String verb() {
            return request == null ? null : request.path("janus").asText(null);
        }
    }

    final BlockingQueue<Call> calls = new LinkedBlockingQueue<>();
    final List<Long> touched = new CopyOnWriteArrayList<>();
    final BlockingQueue<TransportSession> gone = new LinkedBlockingQueue<>();
    final Map<Long, TransportSession> owners = new ConcurrentHashMap<>();
    private final Set<Long> sessions = ConcurrentHashMap.newKeySet();
    private final AtomicLong nextId = new AtomicLong(4_000_000_000_001L);

    @Override
    public CompletionStage<ObjectNode> handle(TransportSession transport, String body, RequestPath path) {
        JsonNode parsed;
        try {
            parsed = JsonFormat.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            calls.add(new Call(transport, body, null, path));
            return CompletableFuture.completedFuture(JanusErrors.error(JanusErrorCode.INVALID_JSON, "JSON error"));
        }
        if (!(parsed instanceof ObjectNode request)) {
            calls.add(new Call(transport, body, null, path));
            return CompletableFuture.completedFuture(
                    JanusErrors.error(JanusErrorCode.INVALID_JSON_OBJECT, "JSON error: not an object"));
        }
        calls.add(new Call(transport, body, request, path));
        return answer(transport, request, path);
    }

    @Override
    public CompletionStage<ObjectNode> handle(TransportSession transport, ObjectNode request, RequestPath path) {
        calls.add(new Call(transport, null, request, path));
        return answer(transport, request, path);
    }

    private CompletionStage<ObjectNode> answer(TransportSession transport, ObjectNode request, RequestPath path) {
        String verb = request.path("janus").asText("");
        String transaction = request.path("transaction").asText(null);
        ObjectNode reply = JsonFormat.MAPPER.createObjectNode();
        switch (verb) {
            case "create" -> {
                long id = nextId.getAndIncrement();
                sessions.add(id);
                owners.put(id, transport);
                reply.put("janus", "success").put("transaction", transaction).putObject("data").put("id", id);
            }
            case "info" -> reply.put("janus", "server_info").put("transaction", transaction)
                    .put("name", "fake").put("version", 1102);
            case "ping" -> reply.put("janus", "pong").put("transaction", transaction);
            case "hold" -> {
                return new CompletableFuture<>();
            }
            default -> reply.put("janus", "ack").put("transaction", transaction)
                    .put("path_session", path.sessionId()).put("path_handle", path.handleId());
        }
        return CompletableFuture.completedFuture(reply);
    }

    @Override
    public CompletionStage<Boolean> touchSession(long sessionId) {
        touched.add(sessionId);
        return CompletableFuture.completedFuture(sessions.contains(sessionId));
    }

    @Override
    public void transportGone(TransportSession transport) {
        gone.add(transport);
    }

    /** Makes {@code id} an existing session (as if created earlier). */
    void addSession(long id) {
        sessions.add(id);
    }

    /** Ends a session as the core would: removes it and tells the owning transport. */
    void endSession(long id, TransportSession owner) {
        sessions.remove(id);
        owner.sessionClosed(id);
    }

    Call nextCall() throws InterruptedException {
        Call c = calls.poll(5, TimeUnit.SECONDS);
        if (c == null) {
            throw new AssertionError("the transport made no call to the core within 5 s");
        }
        return c;
    }

    /** A plugin-like event for {@code session}. */
    static ObjectNode event(long session, String marker) {
        ObjectNode e = JsonFormat.MAPPER.createObjectNode();
        e.put("janus", "event").put("session_id", session).put("sender", 77);
        e.putObject("plugindata").put("plugin", "janus.plugin.videoroom").putObject("data").put("marker", marker);
        return e;
    }
}
