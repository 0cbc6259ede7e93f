package io.github.wildfiresfu.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.wildfiresfu.janus.JsonFormat;
import io.github.wildfiresfu.media.routing.TestFaults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #3's loss acceptance with real browsers: "with 5% loss injected on the path to a subscriber
 * (a test-only hook), NACK/retransmission keeps its video decoding with fewer freezes than without
 * retransmission". Two {@link BrowserScenario} runs of {@code interop/browser/run-nack-loss.mjs}
 * (a Chromium publisher, a Chromium subscriber, 15 s measured once video decodes), both with the
 * engine's {@link TestFaults} dropping 5% of the RTP to subscribers (seeded), one answering NACKs
 * and one ignoring them. Video must keep decoding in both; with NACKs answered the subscriber's
 * NACKs are retransmitted and it freezes less than without. Both sets of figures are printed.
 */
class BrowserLossRecoveryTest {

    private static final Pattern VIDEO_AT_CLOSE = Pattern.compile(
            "streams at close:.*\\[mid \\S+ video: sent (\\d+), retransmitted (\\d+), not sent \\{([^}]*)}");

    @TempDir
    Path dir;

    /** What one run measured: the subscriber's stats over the window and the server's counters. */
    private record Run(JsonNode video, boolean keptDecoding, long sent, long retransmitted, String notSent) {
        long freezes() {
            return video.get("freezeCount").asLong();
        }

        long freezeMs() {
            return video.get("totalFreezesDurationMs").asLong();
        }
    }

    @Test
    void nackRetransmissionKeepsVideoDecodingThroughFivePercentLossWithFewerFreezes() throws Exception {
        Run on = run("nack-on", true);
        Run off = run("nack-off", false);
        System.out.println("5% loss toward the subscriber, 15 s: with NACK " + on.video() + ", server sent " + on.sent()
                + " retransmitted " + on.retransmitted() + " not sent {" + on.notSent() + "}");
        System.out.println("5% loss toward the subscriber, 15 s: without NACK " + off.video() + ", server sent "
                + off.sent() + " retransmitted " + off.retransmitted() + " not sent {" + off.notSent() + "}");

        assertThat(on.keptDecoding()).as("with retransmission the video keeps decoding to the end: %s", on.video())
                .isTrue();
        assertThat(on.video().get("nackCount").asLong()).as("the subscriber NACKs the losses").isPositive();
        assertThat(on.retransmitted()).as("the server retransmits").isPositive();
        assertThat(off.retransmitted()).isZero();
        assertThat(off.notSent()).contains("NACK_ANSWERS_DISABLED");
        assertThat(on.freezes() < off.freezes() || on.freezeMs() < off.freezeMs())
                .as("fewer freezes (or less time frozen) with retransmission: with %s, without %s", on.video(),
                        off.video())
                .isTrue();
    }

    private Run run(String name, boolean answerNacks) throws Exception {
        Path runDir = Files.createDirectories(dir.resolve(name));
        BrowserScenario scenario = new BrowserScenario(runDir);
        String out = scenario.run("run-nack-loss.mjs " + BrowserScenario.serverUrl() + " 15 " + name,
                Map.of(TestFaults.DROP_TO_SUBSCRIBER_ENV, "0.05", TestFaults.DROP_SEED_ENV, "20260101",
                        TestFaults.ANSWER_NACKS_ENV, Boolean.toString(answerNacks)));
        String context = scenario.context(out);
        List<String> report = BrowserScenario.reports(out);
        assertThat(report).as(context).hasSize(1);
        JsonNode json = JsonFormat.MAPPER.readTree(report.get(0));
        assertThat(json.path("ok").asBoolean()).as("video started decoding (%s)\n%s", name, context).isTrue();
        assertThat(BrowserScenario.marker(out, "NODE_EXIT")).as(context).isEqualTo("0");
        scenario.assertPortsAndThreadsReleased(out, context);
        String server = Files.readString(runDir.resolve("server.log"));
        assertThat(server).as(context).contains("TEST-ONLY media faults are on");
        Matcher m = VIDEO_AT_CLOSE.matcher(server);
        assertThat(m.find()).as("the subscriber's video counters at close\n" + context).isTrue();
        assertThat(m.group(3)).as("packets dropped by the test hook").contains("TEST_LOSS");
        return new Run(json.get("video"), json.path("keptDecoding").asBoolean(), Long.parseLong(m.group(1)),
                Long.parseLong(m.group(2)), m.group(3));
    }
}
