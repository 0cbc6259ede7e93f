package io.github.wildfiresfu.transport.mqtt;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.wildfiresfu.janus.JanusApi;
import io.github.wildfiresfu.janus.RequestPath;
import io.github.wildfiresfu.janus.TransportSession;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Forwards to the real core and records on which threads the transport called it. */
final class RecordingApi implements JanusApi {

    final JanusApi core;
    final List<String> requestThreads = new CopyOnWriteArrayList<>();
    final List<String> replyThreads = new CopyOnWriteArrayList<>();

    RecordingApi(JanusApi core) {
        this.core = core;
    }

    @Override
    public CompletionStage<ObjectNode> handle(TransportSession transport, String body, RequestPath path) {
        requestThreads.add(Thread.currentThread().getName());
        return core.handle(transport, body, path);
    }

    @Override
    public void handle(TransportSession transport, String body, RequestPath path, Consumer<ObjectNode> reply) {
        requestThreads.add(Thread.currentThread().getName());
        core.handle(transport, body, path, node -> {
            replyThreads.add(Thread.currentThread().getName());
            reply.accept(node);
        });
    }

    @Override
    public CompletionStage<ObjectNode> handle(TransportSession transport, ObjectNode request, RequestPath path) {
        requestThreads.add(Thread.currentThread().getName());
        return core.handle(transport, request, path);
    }

    @Override
    public CompletionStage<Boolean> touchSession(long sessionId) {
        return core.touchSession(sessionId);
    }

    @Override
    public void transportGone(TransportSession transport) {
        core.transportGone(transport);
    }
}
