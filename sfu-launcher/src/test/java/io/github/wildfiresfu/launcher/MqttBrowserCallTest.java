package io.github.wildfiresfu.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #5 acceptance, with real software on every side: inside a private network namespace,
 * two mosquitto brokers, a fake Wildfire IM (interop/im-relay.mjs: janus.js WebSocket traffic to
 * and from our MQTT link, plus {@code /api/node}), our server in its own JVM with only the MQTT
 * transport pointing at that IM, and two headless Chromium participants (janus.js) that create a
 * string-id room, publish real Chromium offers through the IM and subscribe to each other. While
 * their video plays, the broker is killed and restarted (the server must answer through it again
 * within 15 s), then {@code /api/node} names the second broker and the first one dies (the server
 * must follow without a restart and answer within 15 s). The browsers' video must never stall
 * for more than 2 s. The scenario is interop/browser/mqtt-call.sh.
 */
class MqttBrowserCallTest {

    @TempDir
    Path dir;

    @Test
    void callSurvivesBrokerRestartAndImNodeChange() throws Exception {
        ExternalTools.executable("unshare");
        ExternalTools.executable("mosquitto");
        ExternalTools.executable("curl");
        Path interop = ExternalTools.interopDir();
        ExternalTools.require(Files.isDirectory(interop.resolve("node_modules/playwright-core"))
                && Files.isDirectory(interop.resolve("node_modules/mqtt")), "interop/node_modules (bash .ci/install-deps.sh)");
        ExternalTools.require(Files.isExecutable(Path.of("/usr/bin/chromium")), "chromium (bash .ci/install-deps.sh)");

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(interop.resolve("browser/run-in-netns.sh").toString(), "bash",
                interop.resolve("browser/mqtt-call.sh").toString(), dir.toString(),
                java, "-cp", System.getProperty("java.class.path"), Main.class.getName());
        Path log = dir.resolve("scenario.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean done = p.waitFor(240, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        String context = out + "\n--- server.log ---\n" + read(dir.resolve("server.log"))
                + "\n--- browser.log (tail) ---\n" + tail(read(dir.resolve("browser.log")), 15);
        out.lines().filter(l -> l.startsWith("mqtt-call:")).forEach(System.out::println);
        assertThat(done).as(context).isTrue();
        assertThat(p.exitValue()).as(context).isZero();
        assertThat(out).as(context).contains("video ok", "\"longestVideoStallMs\":");
    }

    private static String read(Path p) throws java.io.IOException {
        return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "(missing)";
    }

    private static String tail(String s, int lines) {
        List<String> all = s.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
