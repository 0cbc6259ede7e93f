package io.github.wildfiresfu.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The 3-way browser scenario of {@link BrowserVideoRoomTest} in single-port mode
 * ({@code media.single_port}): every PeerConnection of the three browsers (three publishers, three
 * multistream subscribers) shares one UDP port, demultiplexed by ICE ufrag then remote address.
 * The single port lies outside {@code rtp_port_range}, so "no port of the range bound, even while
 * the browsers ran" shows that no per-PeerConnection port was used at all.
 */
class BrowserSinglePortTest {

    private static final int SINGLE_PORT = 30100;

    @TempDir
    Path dir;

    @Test
    void threeBrowsersPublishAndSubscribeThroughOneSharedPort() throws Exception {
        BrowserScenario scenario = new BrowserScenario(dir, SINGLE_PORT);
        String out = scenario.run("run-videoroom.mjs " + BrowserScenario.serverUrl() + " 3 15");
        String context = scenario.context(out);
        List<String> report = BrowserScenario.reports(out);
        assertThat(BrowserScenario.marker(out, "NODE_EXIT")).as(context).isEqualTo("0");
        assertThat(report).as(context).hasSize(1);
        assertThat(report.get(0)).as(context).contains("\"ok\":true");
        assertThat(BrowserScenario.marker(out, "PORTS_AT_EXIT")).as("range ports used in single-port mode\n" + context)
                .isEmpty();
        scenario.assertPortsAndThreadsReleased(out, context);
    }
}
