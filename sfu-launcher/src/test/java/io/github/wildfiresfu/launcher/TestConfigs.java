package io.github.wildfiresfu.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes small Janus config folders for tests: loopback transports on the given ports. */
final class TestConfigs {

    private TestConfigs() {
    }

    static Path folder(Path dir, int httpPort, int wsPort, String videoroomGeneral) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("janus.jcfg"), """
                general: { session_timeout = 60 }
                media: { rtp_port_range = "20000-20100" }
                nat: { ice_lite = true }
                """);
        Files.writeString(dir.resolve("janus.transport.http.jcfg"), """
                general: { json = "indented" base_path = "/janus" http = true port = %d ip = "127.0.0.1" https = false }
                """.formatted(httpPort));
        Files.writeString(dir.resolve("janus.transport.websockets.jcfg"), """
                general: { json = "indented" ws = true ws_port = %d ws_ip = "127.0.0.1" wss = false }
                """.formatted(wsPort));
        Files.writeString(dir.resolve("janus.plugin.videoroom.jcfg"), """
                general: { string_ids = true %s }
                """.formatted(videoroomGeneral));
        return dir;
    }
}
