package io.github.wildfiresfu.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance test of issue #3: real browsers publish and subscribe through our server, in a
 * {@link BrowserScenario} (our server and headless Chromium in a private network namespace).
 *
 * <p>{@code interop/browser/run-videoroom.mjs} runs three Chromium participants: each publishes the
 * fake camera and microphone and subscribes to the two others with one multistream subscription,
 * and every subscriber must decode video frames and receive audio. A second scenario
 * ({@code interop/browser/run-late-joiner.mjs}) measures how soon a subscriber that joins a running
 * publisher decodes its first frame.
 *
 * <p>After each scenario the browsers are gone, as closed tabs are: their PeerConnections are hung
 * up (DTLS close_notify, or their sessions time out), and the script checks that no UDP port of the
 * range is bound any more and that the server's media threads are the ones it started with.
 */
class BrowserVideoRoomTest {

    @TempDir
    Path dir;

    @Test
    void threeBrowsersPublishAndSubscribeAndEveryPortIsFreedAfterwards() throws Exception {
        BrowserScenario scenario = new BrowserScenario(dir);
        String out = scenario.run("run-videoroom.mjs " + BrowserScenario.serverUrl() + " 3 15");
        String context = scenario.context(out);
        List<String> report = BrowserScenario.reports(out);
        assertThat(BrowserScenario.marker(out, "NODE_EXIT")).as(context).isEqualTo("0");
        assertThat(report).as(context).hasSize(1);
        assertThat(report.get(0)).contains("\"ok\":true");
        scenario.assertPortsAndThreadsReleased(out, context);
    }

    /**
     * A subscriber that joins a running publisher decodes its first frame within a second of its
     * {@code started}: the server asks the publisher for a keyframe (PLI) when the subscription starts.
     */
    @Test
    void aLateJoinerDecodesItsFirstFrameWithinASecond() throws Exception {
        BrowserScenario scenario = new BrowserScenario(dir);
        String out = scenario.run("run-late-joiner.mjs " + BrowserScenario.serverUrl() + " 3 1000");
        String context = scenario.context(out);
        List<String> report = BrowserScenario.reports(out);
        assertThat(report).as(context).hasSize(1);
        assertThat(report.get(0)).as(context).contains("\"ok\":true").contains("firstFrameMs");
        assertThat(BrowserScenario.marker(out, "NODE_EXIT")).as(context).isEqualTo("0");
        scenario.assertPortsAndThreadsReleased(out, context);
    }
}
