package io.github.wildfiresfu.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wildfiresfu.launcher.WildfireSfu;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load generator against our whole server (started in this JVM from a config folder, as
 * {@code java -jar wildfire-sfu.jar -F DIR} would start it): real sockets on 127.0.0.1, the Janus
 * HTTP API, ICE, DTLS-SRTP and RTP in both directions. Functional assertions only (CI must not
 * depend on this machine's speed): every PeerConnection connects, every subscriber receives at
 * least {@link LoadGenerator#MIN_DELIVERY_PERCENT} of what its room's publishers sent, audio and
 * video both arrive, nothing fails to decrypt, and the generator leaves no thread behind.
 */
class LoadGeneratorTest {

    /** A range no other test uses (the engine also skips ports other sockets hold). */
    private static final int PORT_MIN = 45200;
    private static final int PORT_MAX = 45299;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void everySubscriberReceivesWhatItsRoomsPublishersSent() throws Exception {
        int httpPort = freePort();
        writeConfig(httpPort);
        try (WildfireSfu sfu = WildfireSfu.start(dir, Map.of())) {
            LoadOptions options = LoadOptions.defaults()
                    .with(URI.create("http://127.0.0.1:" + httpPort + "/janus"), 2, 2, 3, 3).withWarmup(1)
                    .withRun("127.0.0.1", 1, ProcessCpu.self(), 30, "wildfire-sfu (in-process)");

            LoadReport report = new LoadGenerator(options).run();

            System.out.println(report.toText());
            assertThat(report.peers()).isEqualTo(2 * (2 + 3));
            assertThat(report.webrtcupMissing()).as("handles without webrtcup").isZero();
            assertThat(report.srtpFailures()).as("SRTP/SRTCP packets that failed to decrypt").isZero();
            assertThat(report.sentPackets()).isPositive();
            assertThat(report.forwardedAudio()).isPositive();
            assertThat(report.forwardedVideo()).isPositive();
            assertThat(report.subscriberTotals()).hasSize(2 * 3).allSatisfy(s -> {
                assertThat(s.expected()).as(s.name() + " expected").isPositive();
                assertThat(s.received()).as(s.name() + " received of " + s.expected())
                        .isGreaterThanOrEqualTo((long) Math.ceil(s.expected() * LoadGenerator.MIN_DELIVERY_PERCENT / 100));
                assertThat(s.srtpFailures()).isZero();
            });
            assertThat(report.toJson()).startsWith("{\"label\":\"wildfire-sfu (in-process)\"");
        }
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("load-loop-")
                || t.getName().startsWith("load-janus-http"));
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aServerThatIsNotThereEndsTheRunWithAOneLineReasonAndReleasesEverything() {
        int port = freePort();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();

        int status = LoadGenerator.run(new String[] {"--janus", "http://127.0.0.1:" + port + "/janus", "--seconds", "1"},
                new java.io.PrintStream(out), new java.io.PrintStream(err));

        assertThat(status).isEqualTo(1);
        assertThat(err.toString()).startsWith("load generator: setup failed: create to http://127.0.0.1:" + port)
                .hasLineCount(1);
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("load-loop-")
                || t.getName().startsWith("load-janus-http"));
    }

    private void writeConfig(int httpPort) throws IOException {
        Files.writeString(dir.resolve("janus.jcfg"), """
                general: { session_timeout = 30 }
                media: { rtp_port_range = "%d-%d" }
                nat: { ice_lite = true ice_enforce_list = "127.0.0.1" }
                """.formatted(PORT_MIN, PORT_MAX));
        Files.writeString(dir.resolve("janus.transport.http.jcfg"), """
                general: { json = "compact" base_path = "/janus" http = true port = %d ip = "127.0.0.1" https = false }
                """.formatted(httpPort));
        Files.writeString(dir.resolve("janus.transport.websockets.jcfg"), "general: { ws = false wss = false }\n");
        Files.writeString(dir.resolve("janus.plugin.videoroom.jcfg"), "general: { string_ids = true }\n");
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
