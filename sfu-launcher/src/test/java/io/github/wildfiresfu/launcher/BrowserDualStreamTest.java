package io.github.wildfiresfu.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #3's dual stream with real browsers ({@code interop/browser/run-dual-stream.mjs} in a
 * {@link BrowserScenario}): a Chromium publisher sends audio, its camera at 640x480 and the same
 * camera scaled to 160x120 on a second video m-line; a Chromium subscriber receives the audio and
 * the big video on one m-line. A VideoRoom {@code switch} to the small stream makes the decoded
 * width 160 without renegotiation, switching back makes it 640; {@code configure} with
 * {@code send:false} stops the m-line's packets and {@code send:true} resumes decoding.
 */
class BrowserDualStreamTest {

    @TempDir
    Path dir;

    @Test
    void switchBetweenBigAndSmallAndPauseAndResumeTheSubscriberVideo() throws Exception {
        BrowserScenario scenario = new BrowserScenario(dir);
        String out = scenario.run("run-dual-stream.mjs " + BrowserScenario.serverUrl() + " 8");
        String context = scenario.context(out);
        List<String> report = BrowserScenario.reports(out);
        assertThat(report).as(context).hasSize(1);
        assertThat(report.get(0)).as(context).contains("\"ok\":true")
                .contains("\"step\":\"switched to small\",\"passed\":true")
                .contains("\"step\":\"switched back to big\",\"passed\":true")
                .contains("\"step\":\"send:false\",\"passed\":true,\"packetsReceivedGrowthIn2s\":0")
                .contains("\"step\":\"send:true decoding again\",\"passed\":true");
        assertThat(BrowserScenario.marker(out, "NODE_EXIT")).as(context).isEqualTo("0");
        scenario.assertPortsAndThreadsReleased(out, context);
    }
}
