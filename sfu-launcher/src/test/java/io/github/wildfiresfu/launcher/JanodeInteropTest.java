package io.github.wildfiresfu.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Meetecho's own Node SDK (npm {@code janode}) drives a VideoRoom conversation over our
 * WebSocket transport: create a room, two publishers join, {@code joining}, participant list,
 * {@code leaving}, {@code destroyed}. The same script passes against Janus 1.1.2 (see
 * interop/janode-videoroom.mjs).
 */
class JanodeInteropTest {

    @TempDir
    Path dir;

    @Test
    void janodeRunsTheVideoRoomConversation() throws Exception {
        Path interop = ExternalTools.interopDir();
        Path conf = TestConfigs.folder(dir.resolve("conf"), ExternalTools.freePort(), ExternalTools.freePort(), "");
        try (WildfireSfu sfu = WildfireSfu.start(conf, Map.of())) {
            int wsPort = sfu.webSocketAddresses().get(0).getPort();
            NodeScripts.Result r = NodeScripts.run(interop, 60, "janode-videoroom.mjs", "ws://127.0.0.1:" + wsPort + "/");
            System.out.println("janode: " + r.output().trim());
            assertThat(r.exitCode()).as(r.output()).isZero();
            assertThat(r.output()).contains("\"ok\":true", "\"joining\":\"bob\"", "\"leaving\":\"bob\"");
            assertThat(sfu.core().sessionCount()).isZero();
            assertThat(sfu.videoRoom().roomIds()).isEmpty();
        }
    }
}
