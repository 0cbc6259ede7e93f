package io.github.wildfiresfu.transport.mqtt;

import static io.github.wildfiresfu.transport.mqtt.MqttTransportBrokerTest.settings;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.wildfiresfu.janus.JsonFormat;
import io.github.wildfiresfu.janus.RequestPath;
import io.github.wildfiresfu.janus.TransportSession;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broker restarts, IM node changes, outages and an unreachable IM, with a real broker. */
class MqttTransportResilienceTest {

    @TempDir
    Path tmp;

    @Test
    void reconnectsAfterBrokerRestartAndAnswersWithin15Seconds() throws Exception {
        try (Mosquitto broker = Mosquitto.startNew(tmp);
                FakeIm im = FakeIm.start(0).answer("127.0.0.1:" + broker.port());
                CoreFixture core = new CoreFixture(60);
                WildfireMqttTransport transport = new WildfireMqttTransport(settings(im), core.core, core.pbMode)) {
            transport.start();
            long session;
            try (ImClient imc = ImClient.connect(broker.port(), "im-server")) {
                imc.awaitLinkUp(Duration.ofSeconds(10));
                session = imc.awaitJson(imc.request("{'janus':'create'}"), "success").path("data").path("id").asLong();
            }
            broker.kill();
            awaitTrue(() -> !transport.isConnected(), Duration.ofSeconds(5), "the transport noticed the broker died");
            long restarted = System.nanoTime();
            broker.start();
            try (ImClient imc = ImClient.connect(broker.port(), "im-server")) {
                imc.awaitLinkUp(Duration.ofSeconds(15));
                assertThat(Duration.ofNanos(System.nanoTime() - restarted)).isLessThan(Duration.ofSeconds(15));
                String keepalive = imc.request("{'janus':'keepalive','session_id':" + session + "}");
                assertThat(imc.awaitJson(keepalive, "ack").path("session_id").asLong()).isEqualTo(session);
            }
            MqttTransportStats stats = transport.stats();
            assertThat(stats.connections()).isEqualTo(2);
            assertThat(stats.disconnections()).isEqualTo(1);
            assertThat(im.requests().size()).as("/api/node asked again before reconnecting").isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void outageKeepsSessionsAndBuffersUpToMaxBuffered() throws Exception {
        try (Mosquitto broker = Mosquitto.startNew(tmp);
                FakeIm im = FakeIm.start(0).answer("127.0.0.1:" + broker.port());
                CoreFixture core = new CoreFixture(3);
                WildfireMqttTransport transport = new WildfireMqttTransport(settings(im).withMaxBuffered(3),
                        core.core, core.pbMode)) {
            transport.start();
            long session;
            try (ImClient imc = ImClient.connect(broker.port(), "im-server")) {
                imc.awaitLinkUp(Duration.ofSeconds(10));
                session = imc.awaitJson(imc.request("{'janus':'create'}"), "success").path("data").path("id").asLong();
            }
            // A session of another transport, idle from now on: it shows when session_timeout (3 s)
            // has passed for the link's session too, had nothing refreshed it.
            TransportSession other = new TransportSession() {
                @Override
                public void pushEvent(long sessionId, ObjectNode message) {
                }

                @Override
                public String describe() {
                    return "idle test transport";
                }
            };
            core.core.handle(other, "{\"janus\":\"create\",\"transaction\":\"idle\"}", RequestPath.NONE)
                    .toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertThat(core.core.sessionCount()).isEqualTo(2);

            // The IM and its broker go away; the IM answers nothing useful until it is back.
            im.answer("");
            broker.kill();
            awaitTrue(() -> !transport.isConnected(), Duration.ofSeconds(5), "the transport noticed the broker died");
            for (int i = 0; i < 5; i++) {
                ObjectNode event = JsonFormat.MAPPER.createObjectNode().put("janus", "event").put("session_id", session)
                        .put("sender", 7);
                event.putObject("plugindata").put("plugin", "janus.plugin.videoroom").putObject("data").put("n", i);
                transport.transportSession().pushEvent(session, event);
            }
            assertThat(transport.stats().buffered()).isEqualTo(3);
            assertThat(transport.stats().droppedBufferFull()).isEqualTo(2);
            awaitTrue(() -> core.core.sessionCount() == 1, Duration.ofSeconds(10), "the idle session timed out");

            broker.start();
            try (ImClient imc = ImClient.connect(broker.port(), "im-server")) {
                im.answer("127.0.0.1:" + broker.port());
                imc.awaitLinkUp(Duration.ofSeconds(15));
                for (int i = 0; i < 3; i++) {
                    int n = i;
                    ObjectNode buffered = imc.await(m -> m.isJson() && "event".equals(m.json().path("janus").asText())).json();
                    assertThat(buffered.path("plugindata").path("data").path("n").asInt()).as("order kept").isEqualTo(n);
                }
                String keepalive = imc.request("{'janus':'keepalive','session_id':" + session + "}");
                assertThat(imc.awaitJson(keepalive, "ack").path("session_id").asLong()).isEqualTo(session);
            }
            MqttTransportStats stats = transport.stats();
            assertThat(stats.bootstrapFailures()).isPositive();
            assertThat(stats.buffered()).isZero();
            assertThat(stats.ownedSessions()).isEqualTo(1);
        }
    }

    @Test
    void followsTheImToAnotherBrokerWithoutRestart() throws Exception {
        try (Mosquitto first = Mosquitto.startNew(tmp);
                Mosquitto second = Mosquitto.startNew(tmp);
                FakeIm im = FakeIm.start(0).answer("127.0.0.1:" + first.port());
                CoreFixture core = new CoreFixture(60);
                WildfireMqttTransport transport = new WildfireMqttTransport(settings(im), core.core, core.pbMode)) {
            transport.start();
            long session;
            try (ImClient imc = ImClient.connect(first.port(), "im-server")) {
                imc.awaitLinkUp(Duration.ofSeconds(10));
                session = imc.awaitJson(imc.request("{'janus':'create'}"), "success").path("data").path("id").asLong();
            }
            im.answer(String.valueOf("127.0.0.1:" + second.port()));
            first.kill();
            try (ImClient imc = ImClient.connect(second.port(), "im-server")) {
                imc.awaitLinkUp(Duration.ofSeconds(15));
                String keepalive = imc.request("{'janus':'keepalive','session_id':" + session + "}");
                assertThat(imc.awaitJson(keepalive, "ack").path("session_id").asLong()).isEqualTo(session);
            }
            assertThat(transport.broker()).contains(new BrokerAddress("127.0.0.1", second.port()));
            assertThat(transport.stats().connections()).isEqualTo(2);
        }
    }

    @Test
    void keepsAskingWhileNoImIsReachableAndConnectsOnceOneIs() throws Exception {
        int imPort = Mosquitto.freePort(); // nothing listens there yet
        Mosquitto.requireInstalled();
        MqttTransportSettings s = MqttTransportSettings.defaults().withEnabled(true)
                .withClientId(MqttTransportBrokerTest.CLIENT_ID).withIm(List.of("127.0.0.1"), imPort)
                .withTimings(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(50),
                        Duration.ofMillis(300), Duration.ofMillis(200));
        try (CoreFixture core = new CoreFixture(60);
                WildfireMqttTransport transport = new WildfireMqttTransport(s, core.core, core.pbMode)) {
            long before = System.nanoTime();
            transport.start();
            assertThat(Duration.ofNanos(System.nanoTime() - before)).as("start() does not block")
                    .isLessThan(Duration.ofSeconds(1));
            awaitTrue(() -> transport.stats().bootstrapFailures() >= 3, Duration.ofSeconds(5), "bootstrap retried");
            assertThat(transport.isConnected()).isFalse();
            assertThat(transport.broker()).isEmpty();

            try (Mosquitto broker = Mosquitto.startNew(tmp);
                    FakeIm im = FakeIm.start(imPort).answer("127.0.0.1:" + broker.port());
                    ImClient imc = ImClient.connect(broker.port(), "im-server")) {
                imc.awaitLinkUp(Duration.ofSeconds(10));
                assertThat(transport.isConnected()).isTrue();
                assertThat(im.requests()).isNotEmpty();
            }
        }
    }

    @Test
    void retriesWhileTheBrokerIsDownAndConnectsWhenItComesUp() throws Exception {
        try (Mosquitto broker = Mosquitto.create(tmp);
                FakeIm im = FakeIm.start(0).answer("127.0.0.1:" + broker.port());
                CoreFixture core = new CoreFixture(60);
                WildfireMqttTransport transport = new WildfireMqttTransport(settings(im), core.core, core.pbMode)) {
            transport.start();
            awaitTrue(() -> transport.stats().connectFailures() >= 2, Duration.ofSeconds(5), "connects retried");
            assertThat(transport.broker()).contains(new BrokerAddress("127.0.0.1", broker.port()));
            broker.start();
            try (ImClient imc = ImClient.connect(broker.port(), "im-server")) {
                imc.awaitLinkUp(Duration.ofSeconds(10));
            }
            assertThat(transport.stats().connections()).isEqualTo(1);
            assertThat(transport.stats().disconnections()).isZero();
        }
    }

    @Test
    void closeStopsEveryThreadItStarted() throws Exception {
        try (Mosquitto broker = Mosquitto.startNew(tmp);
                FakeIm im = FakeIm.start(0).answer("127.0.0.1:" + broker.port());
                CoreFixture core = new CoreFixture(60)) {
            WildfireMqttTransport transport = new WildfireMqttTransport(settings(im), core.core, core.pbMode);
            transport.start();
            try (ImClient imc = ImClient.connect(broker.port(), "im-server")) {
                imc.awaitLinkUp(Duration.ofSeconds(10));
            }
            // (contains, not exactly: a previous test's event loop may still be finishing its shutdown)
            assertThat(transportThreads()).contains(
                    "wildfire-mqtt-control", "wildfire-mqtt-in", "wildfire-mqtt-out", "wildfire-mqtt-netty");
            transport.close();
            transport.close(); // idempotent
            assertThat(transport.isConnected()).isFalse();
            // The Netty event loop shuts down asynchronously once its last client released it.
            awaitTrue(() -> transportThreads().isEmpty(), Duration.ofSeconds(5), "every wildfire-mqtt-* thread ended");
        }
    }

    private static List<String> transportThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.startsWith("wildfire-mqtt-"))
                .toList();
    }

    static void awaitTrue(BooleanSupplier condition, Duration within, String what) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + within.toMillis() + " ms: " + what);
            }
            Thread.sleep(20);
        }
    }
}
