package io.github.wildfiresfu.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #3's simulcast with real browsers ({@code interop/browser/run-simulcast.mjs} in a
 * {@link BrowserScenario}): a Chromium publisher sends its 1280x720 camera with janus.js
 * {@code simulcast: true} (VP8, rids h/m/l, two temporal layers each) and a Chromium subscriber
 * receives it on one m-line. Without renegotiation, the subscriber's decoded width follows
 * {@code configure substream} 2 → 0 → 2 (1280 → 320 → 1280), each switch announced by Janus's
 * {@code substream} event, and with {@code temporal: 0} a {@code temporal} event comes and frames
 * keep being decoded. The listing shows the video as {@code simulcast: true}.
 */
class BrowserSimulcastTest {

    @TempDir
    Path dir;

    @Test
    void subscriberFollowsSubstreamAndTemporalChoices() throws Exception {
        BrowserScenario scenario = new BrowserScenario(dir);
        String out = scenario.run("run-simulcast.mjs " + BrowserScenario.serverUrl() + " 10");
        String context = scenario.context(out);
        List<String> report = BrowserScenario.reports(out);
        assertThat(report).as(context).hasSize(1);
        assertThat(report.get(0)).as(context).contains("\"ok\":true")
                .contains("\"simulcast\":true,\"offerHasSimulcast\":true")
                .contains("\"step\":\"publisher sends three encodings\",\"passed\":true")
                .contains("\"step\":\"top substream\",\"passed\":true")
                .contains("\"step\":\"substream 0\",\"passed\":true")
                .contains("\"step\":\"substream 2 again\",\"passed\":true")
                .contains("\"step\":\"temporal 0 event\",\"passed\":true")
                .contains("\"step\":\"temporal 0 keeps decoding\",\"passed\":true")
                .contains("\"listedVideo\":{\"type\":\"video\",\"mindex\":0,\"mid\":\"0\",\"codec\":\"vp8\",\"simulcast\":true}");
        assertThat(BrowserScenario.marker(out, "NODE_EXIT")).as(context).isEqualTo("0");
        scenario.assertPortsAndThreadsReleased(out, context);
    }
}
