package io.github.wildfiresfu.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher as an operator meets it, in a separate JVM: starts from a config folder and
 * from embedded defaults, stops cleanly on SIGTERM releasing its ports, and refuses to start
 * with a one-line reason (exit status 1) on a taken port or a bad config.
 */
class LauncherProcessTest {

    @TempDir
    Path dir;

    private Process launch(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("out.log").toFile()).start();
    }

    private String output() throws IOException {
        return Files.readString(dir.resolve("out.log"), StandardCharsets.UTF_8);
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void awaitListening(Process p, int port) throws Exception {
        for (int i = 0; i < 150 && !listening(port); i++) {
            assertThat(p.isAlive()).as(output()).isTrue();
            Thread.sleep(100);
        }
        assertThat(listening(port)).as(output()).isTrue();
    }

    @Test
    void sigtermClosesSessionsAndReleasesPorts() throws Exception {
        int http = ExternalTools.freePort();
        int ws = ExternalTools.freePort();
        Path conf = TestConfigs.folder(dir.resolve("conf"), http, ws, "");
        Process p = launch("--configs-folder", conf.toString());
        awaitListening(p, http);
        awaitListening(p, ws);
        p.destroy(); // SIGTERM
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).as(output()).isTrue();
        // The JVM reports 143 (128 + SIGTERM) after running the shutdown hook.
        assertThat(p.exitValue()).isIn(0, 143);
        assertThat(output()).contains("listening on http://127.0.0.1:" + http, "Wildfire SFU stopped");
        try (ServerSocket again = new ServerSocket(http); ServerSocket again2 = new ServerSocket(ws)) {
            assertThat(again.getLocalPort()).isEqualTo(http);
        }
    }

    @Test
    void startsOnEmbeddedDefaultsWithoutConfigFolder() throws Exception {
        // The README's first command: no folder, HTTP on 127.0.0.1:8088, WebSocket on 8188.
        ExternalTools.require(!listening(8088) && !listening(8188), "free ports 8088 and 8188");
        Process p = launch();
        try {
            awaitListening(p, 8088);
            awaitListening(p, 8188);
            // The "started" line follows the listening lines by a few milliseconds.
            for (int i = 0; i < 100 && !output().contains("embedded defaults"); i++) {
                Thread.sleep(100);
            }
            assertThat(output()).contains("embedded defaults");
        } finally {
            p.destroy();
            p.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void takenPortGivesOneLineReasonAndStatus1() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            Path conf = TestConfigs.folder(dir.resolve("conf"), taken.getLocalPort(), ExternalTools.freePort(), "");
            Process p = launch("-F", conf.toString());
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isEqualTo(1);
            assertThat(output()).contains("wildfire-sfu: cannot start: ")
                    .contains(taken.getLocalPort() + " is already in use");
        }
    }

    @Test
    void badConfigNamesFileLineAndColumn() throws Exception {
        Path conf = TestConfigs.folder(dir.resolve("conf"), ExternalTools.freePort(), ExternalTools.freePort(), "");
        Files.writeString(conf.resolve("janus.jcfg"), "general: {\n  session_timeout = \n}\n");
        Process p = launch("-F", conf.toString());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(1);
        assertThat(output()).containsPattern("cannot start: janus\\.jcfg:3:1: .+");
    }

    @Test
    void invalidValueNamesKeyAndWhatIsAllowed() throws Exception {
        Path conf = TestConfigs.folder(dir.resolve("conf"), ExternalTools.freePort(), ExternalTools.freePort(), "");
        Files.writeString(conf.resolve("janus.jcfg"), "media: { rtp_port_range = \"40000-x\" }\n");
        Process p = launch("-F", conf.toString());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(1);
        assertThat(output()).contains("cannot start: janus.jcfg:1:10: media.rtp_port_range");
    }

    @Test
    void missingFolderAndBadOptions() throws Exception {
        Process p = launch("-F", dir.resolve("nope").toString());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(1);
        assertThat(output()).contains("does not exist");

        Process q = launch("--frobnicate");
        assertThat(q.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(q.exitValue()).isEqualTo(2);
        assertThat(output()).contains("unknown option '--frobnicate'", "Usage:");
    }
}
