package io.github.wildfiresfu.janus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The callback form of {@link JanusApi#handle} must deliver the {@code ack} before the
 * {@code event} it announces, and a {@code detach}'s {@code success} before {@code detached}:
 * WebSocket clients (janode, janus.js) match them by transaction in that order. Runs on the
 * production scheduler, where the race would show.
 */
class ReplyOrderTest {

    @Test
    void replyPrecedesTheEventsTheRequestCauses() throws Exception {
        List<String> order = new CopyOnWriteArrayList<>();
        TransportSession ts = new TransportSession() {
            @Override
            public void pushEvent(long sessionId, ObjectNode message) {
                order.add("push:" + message.path("janus").asText());
            }

            @Override
            public String describe() {
                return "order-test";
            }
        };
        JanusCore core = JanusCore.withOwnScheduler(JanusCoreSettings.defaults(), List.of(new TestPlugin()));
        try {
            long session = call(core, ts, "{\"janus\":\"create\",\"transaction\":\"c\"}").path("data").path("id").asLong();
            long handle = call(core, ts, "{\"janus\":\"attach\",\"plugin\":\"" + TestPlugin.PACKAGE
                    + "\",\"transaction\":\"a\",\"session_id\":" + session + "}").path("data").path("id").asLong();
            for (int i = 0; i < 200; i++) {
                CompletableFuture<Void> done = new CompletableFuture<>();
                core.handle(ts, "{\"janus\":\"message\",\"body\":{\"request\":\"async\"},\"transaction\":\"m" + i
                        + "\",\"session_id\":" + session + ",\"handle_id\":" + handle + "}", RequestPath.NONE,
                        reply -> {
                            order.add("reply:" + reply.path("janus").asText());
                            done.complete(null);
                        });
                done.get(5, TimeUnit.SECONDS);
            }
            core.handle(ts, "{\"janus\":\"detach\",\"transaction\":\"d\",\"session_id\":" + session
                    + ",\"handle_id\":" + handle + "}", RequestPath.NONE, reply -> order.add("reply:" + reply.path("janus").asText()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (order.size() < 402 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        } finally {
            core.shutdown();
        }
        assertThat(order).hasSize(402);
        for (int i = 0; i < 200; i++) {
            assertThat(order.subList(2 * i, 2 * i + 2)).containsExactly("reply:ack", "push:event");
        }
        assertThat(order.subList(400, 402)).containsExactly("reply:success", "push:detached");
    }

    private static ObjectNode call(JanusCore core, TransportSession ts, String body) throws Exception {
        return core.handle(ts, body, RequestPath.NONE).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
