package io.github.wildfiresfu.janus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Leaks, concurrency on the real scheduler, and shutdown. */
class CoreResourceTest {

    @Test
    void tenThousandCyclesLeaveNothingBehind() {
        CoreFixture f = new CoreFixture();
        for (int i = 0; i < 10_000; i++) {
            long session = f.createSession();
            long handle = f.attach(session);
            if (i % 2 == 0) {
                f.callf("{\"janus\":\"detach\",\"session_id\":%d,\"handle_id\":%d,\"transaction\":\"d\"}", session, handle);
            }
            f.callf("{\"janus\":\"trickle\",\"candidate\":{\"completed\":true},\"session_id\":%d,\"handle_id\":%d,"
                    + "\"transaction\":\"t\"}", session, handle);
            f.callf("{\"janus\":\"destroy\",\"session_id\":%d,\"transaction\":\"x\"}", session);
        }
        assertThat(f.core.sessionCount()).isZero();
        assertThat(f.core.handleCount()).isZero();
        assertThat(f.plugin.created).hasSize(10_000);
        assertThat(f.plugin.destroyed).hasSize(10_000);
        assertThat(f.plugin.handles).isEmpty();
        assertThat(f.transport.closed).hasSize(10_000);
    }

    @Test
    @Timeout(60)
    void requestsFromManyThreadsOnTheRealScheduler() throws Exception {
        TestPlugin plugin = new TestPlugin();
        JanusCore core = JanusCore.withOwnScheduler(JanusCoreSettings.defaults(), List.of(plugin));
        int threads = 4;
        int cyclesPerThread = 300;
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                RecordingTransport transport = new RecordingTransport("client " + t);
                done.add(pool.submit(() -> {
                    try {
                        start.await();
                        for (int i = 0; i < cyclesPerThread; i++) {
                            runCycle(core, transport, plugin);
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(50, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(failures).isEmpty();
        assertThat(core.sessionCount()).isZero();
        assertThat(core.handleCount()).isZero();
        assertThat(plugin.created).hasSize(threads * cyclesPerThread);
        assertThat(plugin.destroyed).hasSize(threads * cyclesPerThread);

        core.shutdown();
        assertThat(coreThreadGone()).as("janus-core thread stopped").isTrue();
    }

    private static void runCycle(JanusCore core, RecordingTransport transport, TestPlugin plugin) {
        long session = ask(core, transport, "{\"janus\":\"create\",\"transaction\":\"c\"}").path("data").path("id").asLong();
        long handle = ask(core, transport, String.format("{\"janus\":\"attach\",\"plugin\":\"janus.plugin.test\","
                + "\"session_id\":%d,\"transaction\":\"a\"}", session)).path("data").path("id").asLong();
        // A plugin event from a foreign thread, racing with the requests below.
        CompletableFuture.runAsync(() -> {
            PluginHandle h = plugin.handles.get(handle);
            if (h != null) {
                h.pushEvent(null, JsonFormat.MAPPER.createObjectNode().put("from", "elsewhere"), null);
            }
        });
        ObjectNode ack = ask(core, transport, String.format("{\"janus\":\"message\",\"body\":{\"request\":\"async\"},"
                + "\"session_id\":%d,\"handle_id\":%d,\"transaction\":\"m\"}", session, handle));
        assertThat(ack.path("janus").asText()).isEqualTo("ack");
        ObjectNode destroyed = ask(core, transport, String.format("{\"janus\":\"destroy\",\"session_id\":%d,"
                + "\"transaction\":\"x\"}", session));
        assertThat(destroyed.path("janus").asText()).isEqualTo("success");
    }

    private static ObjectNode ask(JanusCore core, TransportSession transport, String body) {
        return core.handle(transport, body, RequestPath.NONE).toCompletableFuture().join();
    }

    @Test
    void shutdownDestroysEverythingOnceAndRejectsLaterRequests() {
        CoreFixture f = new CoreFixture();
        long session = f.createSession();
        long handle = f.attach(session);

        f.core.shutdown();
        f.core.shutdown();

        assertThat(f.core.sessionCount()).isZero();
        assertThat(f.core.handleCount()).isZero();
        assertThat(f.plugin.destroyed).containsExactly(handle);
        assertThat(f.plugin.destroyCalls.get()).isEqualTo(1);
        assertThat(f.transport.closed).containsExactly(session);
        assertThat(f.scheduler.pendingTimers()).as("sweep cancelled").isZero();
        assertThat(CoreFixture.compact(f.call("{\"janus\":\"ping\",\"transaction\":\"p\"}"))).isEqualTo(
                CoreFixture.expected("{\"janus\":\"error\",\"transaction\":\"p\",\"error\":{\"code\":490,"
                        + "\"reason\":\"Janus core is shutting down\"}}"));
        assertThat(f.core.touchSession(session).toCompletableFuture().join()).isFalse();
    }

    @Test
    @Timeout(20)
    void ownedSchedulerStopsOnShutdownAndOwnThreadShutdownDoesNotDeadlock() throws Exception {
        JanusCore core = JanusCore.withOwnScheduler(JanusCoreSettings.defaults(), List.of(new TestPlugin()));
        RecordingTransport transport = new RecordingTransport("t");
        assertThat(ask(core, transport, "{\"janus\":\"ping\",\"transaction\":\"p\"}").path("janus").asText())
                .isEqualTo("pong");
        // A plugin may shut the core down from the core thread itself.
        AtomicReference<JanusCore> second = new AtomicReference<>();
        AtomicBoolean stoppedOnCoreThread = new AtomicBoolean();
        TestPlugin stopper = new TestPlugin("janus.plugin.stopper") {
            @Override
            public PluginResult handleMessage(PluginHandle handle, String transaction, ObjectNode body, ObjectNode jsep) {
                second.get().shutdown();
                stoppedOnCoreThread.set(Thread.currentThread().getName().equals(ExecutorCoreScheduler.THREAD_NAME));
                return PluginResult.sync(JsonFormat.MAPPER.createObjectNode());
            }
        };
        second.set(JanusCore.withOwnScheduler(JanusCoreSettings.defaults(), List.of(stopper)));
        long session = ask(second.get(), transport, "{\"janus\":\"create\",\"transaction\":\"c\"}").path("data").path("id")
                .asLong();
        long handle = ask(second.get(), transport, String.format("{\"janus\":\"attach\",\"plugin\":\"janus.plugin.stopper\","
                + "\"session_id\":%d,\"transaction\":\"a\"}", session)).path("data").path("id").asLong();
        ObjectNode reply = second.get().handle(transport, String.format("{\"janus\":\"message\",\"body\":{},"
                + "\"session_id\":%d,\"handle_id\":%d,\"transaction\":\"m\"}", session, handle), RequestPath.NONE)
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(reply.path("janus").asText()).isEqualTo("success");
        assertThat(stoppedOnCoreThread).isTrue();
        assertThat(second.get().sessionCount()).isZero();
        core.shutdown();
        assertThat(coreThreadGone()).isTrue();
        assertThat(stopper.destroyCalls.get()).isEqualTo(1);
    }

    @Test
    void executorSchedulerSurvivesAFailingTaskAndRunsTimers() throws Exception {
        ExecutorCoreScheduler scheduler = new ExecutorCoreScheduler();
        try {
            CompletableFuture<Boolean> onThread = new CompletableFuture<>();
            scheduler.execute(() -> {
                throw new IllegalStateException("boom");
            });
            scheduler.schedule(() -> onThread.complete(scheduler.isSchedulerThread()), 10, TimeUnit.MILLISECONDS);
            assertThat(onThread.get(5, TimeUnit.SECONDS)).isTrue();
            assertThat(scheduler.isSchedulerThread()).isFalse();
            assertThat(scheduler.currentTimeMicros()).isGreaterThan(1_600_000_000_000_000L);
        } finally {
            scheduler.close();
        }
        assertThat(scheduler.isTerminated()).isTrue();
    }

    /** Waits up to 10 s for every janus-core thread to end (a terminated pool's thread may linger briefly). */
    private static boolean coreThreadGone() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            boolean alive = Thread.getAllStackTraces().keySet().stream()
                    .anyMatch(t -> t.getName().equals(ExecutorCoreScheduler.THREAD_NAME) && t.isAlive());
            if (!alive) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }
}
