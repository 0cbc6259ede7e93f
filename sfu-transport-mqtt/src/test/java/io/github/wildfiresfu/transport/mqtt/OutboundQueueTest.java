package io.github.wildfiresfu.transport.mqtt;

import static io.github.wildfiresfu.transport.mqtt.PbMapperTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.wildfiresfu.janus.JsonFormat;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Buffering, ordering, in-flight limit and failure handling of the outgoing queue, with a fake client. */
class OutboundQueueTest {

    /** Records publishes; completes them only when told to. */
    static final class FakeTarget implements OutboundQueue.Target {
        final List<String> payloads = new CopyOnWriteArrayList<>();
        final List<CompletableFuture<Object>> pending = new CopyOnWriteArrayList<>();

        @Override
        public CompletableFuture<?> publish(String topic, byte[] payload) {
            payloads.add(new String(payload, StandardCharsets.UTF_8));
            CompletableFuture<Object> f = new CompletableFuture<>();
            pending.add(f);
            return f;
        }

        void completeAll() {
            pending.forEach(f -> f.complete(null));
        }
    }

    private static OutboundQueue.Outgoing event(int n) {
        return new OutboundQueue.Outgoing(json("{'janus':'event','n':" + n + "}"), null, false);
    }

    @Test
    void keepsMaxBufferedMessagesWhileDisconnectedDropsNewerOnesAndSendsInOrderLater() throws Exception {
        try (OutboundQueue q = new OutboundQueue(3, 10, new MessageEncoder(JsonFormat.COMPACT), () -> { })) {
            q.start();
            for (int i = 0; i < 5; i++) {
                q.offer(event(i));
            }
            assertThat(q.size()).isEqualTo(3);
            assertThat(q.droppedBufferFull()).isEqualTo(2);
            FakeTarget target = new FakeTarget();
            q.connected(target);
            MqttTransportResilienceTest.awaitTrue(() -> target.payloads.size() == 3, Duration.ofSeconds(2), "flushed");
            assertThat(target.payloads).containsExactly("{\"janus\":\"event\",\"n\":0}", "{\"janus\":\"event\",\"n\":1}",
                    "{\"janus\":\"event\",\"n\":2}");
            target.completeAll();
            MqttTransportResilienceTest.awaitTrue(() -> q.published() == 3, Duration.ofSeconds(2), "published");
            // Connected: a burst larger than max_buffered is not dropped.
            for (int i = 0; i < 50; i++) {
                assertThat(q.offer(event(i))).isTrue();
            }
        }
    }

    @Test
    void neverHasMoreThanMaxInflightPublishesOutstanding() throws Exception {
        try (OutboundQueue q = new OutboundQueue(100, 2, new MessageEncoder(JsonFormat.COMPACT), () -> { })) {
            q.start();
            FakeTarget target = new FakeTarget();
            q.connected(target);
            for (int i = 0; i < 5; i++) {
                q.offer(event(i));
            }
            MqttTransportResilienceTest.awaitTrue(() -> target.payloads.size() == 2, Duration.ofSeconds(2), "two in flight");
            Thread.sleep(100);
            assertThat(target.payloads).hasSize(2);
            target.pending.get(0).complete(null);
            MqttTransportResilienceTest.awaitTrue(() -> target.payloads.size() == 3, Duration.ofSeconds(2), "third sent");
            assertThat(q.size()).isEqualTo(2);
        }
    }

    @Test
    void failuresAreCountedAndARunOfThemAsksForANewConnection() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        try (OutboundQueue q = new OutboundQueue(100, 100, new MessageEncoder(JsonFormat.COMPACT), runs::incrementAndGet)) {
            q.start();
            q.connected((topic, payload) -> CompletableFuture.failedFuture(new IllegalStateException("not connected")));
            for (int i = 0; i < OutboundQueue.FAILURE_RUN + 5; i++) {
                q.offer(event(i));
            }
            MqttTransportResilienceTest.awaitTrue(() -> q.publishFailures() == OutboundQueue.FAILURE_RUN + 5,
                    Duration.ofSeconds(2), "all failed");
            assertThat(runs.get()).isEqualTo(1);
            assertThat(q.published()).isZero();
            // A client that throws instead of failing its future is handled the same way.
            q.connected((topic, payload) -> {
                throw new IllegalStateException("boom");
            });
            q.offer(event(99));
            MqttTransportResilienceTest.awaitTrue(() -> q.publishFailures() == OutboundQueue.FAILURE_RUN + 6,
                    Duration.ofSeconds(2), "counted");
        }
    }

    @Test
    void closeStopsTheThreadAndRefusesMore() {
        OutboundQueue q = new OutboundQueue(10, 10, new MessageEncoder(JsonFormat.COMPACT), () -> { });
        q.start();
        q.offer(event(1));
        q.close();
        assertThat(q.offer(event(2))).isFalse();
        assertThat(Thread.getAllStackTraces().keySet().stream().map(Thread::getName)).doesNotContain("wildfire-mqtt-out");
    }
}
