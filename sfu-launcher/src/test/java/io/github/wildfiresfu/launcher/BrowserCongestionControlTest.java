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
 * Transport-wide congestion control and RTX with real browsers (issue #3), in one
 * {@link BrowserScenario} run of {@code interop/browser/run-twcc-rtx.mjs}: a Chromium publisher in
 * a room whose {@code bitrate} cap is 1 Mbit/s, a Chromium subscriber, and the engine's
 * {@link TestFaults} dropping 5% of the RTP to subscribers.
 * <ul>
 *   <li>The publisher negotiated transport-cc and gets our feedback: its bandwidth estimate
 *       ({@code availableOutgoingBitrate}) ramps up to the cap and stays there (the median after
 *       the first 2 s is at least 90% of the cap), and REMB keeps it from going past the cap, from
 *       the start. Without feedback Chromium's estimate collapses instead: run by hand with
 *       {@code twcc_period = 10000} (one feedback per 10 s), the estimate fell from the cap at 2 s
 *       to 84 kbit/s at 10.5 s (median after 2 s: 193 kbit/s, so this test fails) and the video
 *       sent to 30-70 kbit/s, until the next feedback.</li>
 *   <li>The subscriber accepted RTX: what it NACKs comes back on the RTX SSRC
 *       ({@code retransmittedPacketsReceived}, and the server's RTX counter), and video keeps
 *       decoding through the loss. Its own transport-cc feedback reports the losses.</li>
 * </ul>
 * The figures (time to 90% of the cap, the estimate and send rate, retransmissions, freezes) are
 * printed.
 */
class BrowserCongestionControlTest {

    private static final long CAP = 1_000_000;
    private static final Pattern SUBSCRIBER_AT_CLOSE = Pattern.compile("streams at close:.*\\[mid \\S+ video: sent (\\d+), "
            + "retransmitted (\\d+), not sent \\{[^}]*}, as RTX (\\d+)].*transport-cc: numbered (\\d+), feedback (\\d+) "
            + "reporting received (\\d+) lost (\\d+)");
    private static final Pattern PUBLISHER_AT_CLOSE = Pattern.compile(
            "\\(publisher, room [^)]*\\) transport-cc at close: recorded (\\d+), feedback (\\d+)");

    @TempDir
    Path dir;

    @Test
    void thePublisherRampsUpToTheRoomCapAndTheSubscriberRecoversLossesOverRtx() throws Exception {
        BrowserScenario scenario = new BrowserScenario(dir);
        String out = scenario.run("run-twcc-rtx.mjs " + BrowserScenario.serverUrl() + " 10 " + CAP,
                Map.of(TestFaults.DROP_TO_SUBSCRIBER_ENV, "0.05", TestFaults.DROP_SEED_ENV, "20261124"));
        String context = scenario.context(out);
        List<String> report = BrowserScenario.reports(out);
        assertThat(report).as(context).hasSize(1);
        JsonNode json = JsonFormat.MAPPER.readTree(report.get(0));
        assertThat(json.path("ok").asBoolean()).as("video started decoding\n%s", context).isTrue();
        assertThat(BrowserScenario.marker(out, "NODE_EXIT")).as(context).isEqualTo("0");
        scenario.assertPortsAndThreadsReleased(out, context);

        String server = Files.readString(dir.resolve("server.log"));
        Matcher pub = PUBLISHER_AT_CLOSE.matcher(server);
        assertThat(pub.find()).as("the publisher's transport-cc counters at close\n" + context).isTrue();
        Matcher sub = SUBSCRIBER_AT_CLOSE.matcher(server);
        assertThat(sub.find()).as("the subscriber's counters at close\n" + context).isTrue();
        JsonNode publisher = json.get("publisher");
        JsonNode video = json.get("video");
        System.out.println("transport-cc with a " + CAP + " bit/s room cap: publisher " + publisher + "; server recorded "
                + pub.group(1) + " transport-wide numbers and sent " + pub.group(2) + " feedback packets");
        System.out.println("RTX under 5% loss toward the subscriber: " + video + "; server sent " + sub.group(1)
                + ", retransmitted " + sub.group(2) + " (as RTX " + sub.group(3) + "); transport-cc numbered "
                + sub.group(4) + ", subscriber feedback " + sub.group(5) + " reporting received " + sub.group(6)
                + " lost " + sub.group(7));

        // (a) The estimate ramps up to the cap and stays there; REMB keeps it from going past.
        assertThat(Long.parseLong(pub.group(1))).as("transport-wide numbers recorded from the publisher").isPositive();
        assertThat(Long.parseLong(pub.group(2))).as("feedback packets to the publisher").isPositive();
        assertThat(publisher.path("msToNinetyPercentOfCap").isNumber())
                .as("the publisher's availableOutgoingBitrate reaches 90%% of the cap: %s", publisher).isTrue();
        assertThat(publisher.path("medianEstimateAfter2s").asLong())
                .as("the publisher's estimate stays at the cap, not collapsing: %s", publisher)
                .isGreaterThanOrEqualTo(CAP * 9 / 10);
        assertThat(publisher.get("maxEstimate").asLong()).as("REMB caps the estimate").isLessThanOrEqualTo(CAP * 11 / 10);

        // (b) Retransmissions arrive on RTX and video keeps decoding.
        assertThat(Long.parseLong(sub.group(3))).as("retransmissions sent as RTX").isPositive();
        assertThat(video.path("retransmittedPacketsReceived").asLong())
                .as("the subscriber's inbound-rtp counts retransmissions received (on the RTX stream)").isPositive();
        assertThat(video.path("nackCount").asLong()).isPositive();
        assertThat(json.path("keptDecoding").asBoolean()).as("video keeps decoding under 5%% loss: %s", video).isTrue();
        assertThat(Long.parseLong(sub.group(5))).as("transport-cc feedback from the subscriber").isPositive();
        assertThat(Long.parseLong(sub.group(7))).as("its feedback reports the injected losses").isPositive();
    }
}
