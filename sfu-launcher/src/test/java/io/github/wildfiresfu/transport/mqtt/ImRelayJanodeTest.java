package io.github.wildfiresfu.transport.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wildfiresfu.launcher.ExternalTools;
import io.github.wildfiresfu.launcher.WildfireSfu;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Meetecho's janode drives a whole VideoRoom conversation through a fake Wildfire IM
 * (interop/im-relay.mjs: WebSocket clients on one side, the media server's MQTT link on the
 * other, and {@code /api/node}), a real mosquitto broker and our MQTT transport: the path the
 * Wildfire IM uses in production, exercised by a client we did not write.
 */
class ImRelayJanodeTest {

    @TempDir
    Path dir;

    @Test
    void janodeThroughTheImRelayOverMqtt() throws Exception {
        Path interop = ExternalTools.interopDir();
        ExternalTools.require(Files.isDirectory(interop.resolve("node_modules/mqtt")),
                "interop/node_modules/mqtt (run: bash .ci/install-deps.sh)");
        int relayPort = ExternalTools.freePort();
        try (Mosquitto broker = Mosquitto.startNew(dir)) {
            Process relay = node(interop, "im-relay.mjs", String.valueOf(broker.port()), String.valueOf(relayPort));
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(relay.getInputStream(), StandardCharsets.UTF_8));
                assertThat(out.readLine()).isEqualTo("relay ready");
                Path conf = Files.createDirectories(dir.resolve("conf"));
                Files.writeString(conf.resolve("janus.transport.http.jcfg"), "general: { http = false }\n");
                Files.writeString(conf.resolve("janus.transport.websockets.jcfg"), "general: { ws = false }\n");
                Files.writeString(conf.resolve("janus.transport.mqtt.jcfg"), """
                        general: { enabled = true im_host = "127.0.0.1" im_port = %d client_id = "janus-relay" json = "compact" }
                        """.formatted(relayPort));
                try (WildfireSfu sfu = WildfireSfu.start(conf, Map.of())) {
                    // The conversation itself retries nothing: wait until the transport is on the broker.
                    for (int i = 0; i < 150 && !sfu.mqttConnected(); i++) {
                        Thread.sleep(100);
                    }
                    assertThat(sfu.mqttConnected()).as("MQTT link up").isTrue();
                    Process janode = node(interop, "janode-videoroom.mjs", "ws://127.0.0.1:" + relayPort + "/");
                    assertThat(janode.waitFor(60, TimeUnit.SECONDS)).isTrue();
                    String result = new String(janode.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    System.out.println("janode via IM relay: " + result.trim());
                    assertThat(janode.exitValue()).as(result).isZero();
                    assertThat(result).contains("\"ok\":true", "\"joining\":\"bob\"", "\"leaving\":\"bob\"");
                    assertThat(sfu.core().sessionCount()).isZero();
                }
            } finally {
                relay.destroy();
                relay.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private static Process node(Path interop, String script, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("node", script));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(interop.toFile()).redirectErrorStream(true).start();
    }
}
