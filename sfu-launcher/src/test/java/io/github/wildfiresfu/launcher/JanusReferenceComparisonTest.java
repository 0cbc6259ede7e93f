package io.github.wildfiresfu.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #2 acceptance: the same scripted conversation (interop/janus-conversation.mjs) sent to
 * Debian's Janus 1.1.2 (string_ids on, as the Wildfire fork forces) and to this server yields
 * responses with the same fields and JSON types, the same verbs and the same error codes. The
 * only allowed differences are listed with reasons in interop/known-differences.json (and the
 * README).
 */
class JanusReferenceComparisonTest {

    @TempDir
    Path dir;

    @Test
    void conversationMatchesJanus112() throws Exception {
        Path interop = ExternalTools.interopDir();
        ExternalTools.executable("janus");
        int janusPort = ExternalTools.freePort();
        Process janus = startReference(interop, dir.resolve("janus"), janusPort);
        Path conf = TestConfigs.folder(dir.resolve("conf"), ExternalTools.freePort(), ExternalTools.freePort(), "");
        try (WildfireSfu sfu = WildfireSfu.start(conf, Map.of())) {
            int ourPort = sfu.httpAddresses().get(0).getPort();
            waitForHttp(janusPort, janus, dir.resolve("janus/janus.log"));
            NodeScripts.Result r = NodeScripts.run(interop, 120, "compare-with-janus.mjs",
                    "http://127.0.0.1:" + janusPort + "/janus", "http://127.0.0.1:" + ourPort + "/janus");
            System.out.println(r.output());
            assertThat(r.exitCode()).as(r.output()).isZero();
            assertThat(r.output()).contains("0 unexpected difference(s)");
        } finally {
            janus.destroy();
            if (!janus.waitFor(10, TimeUnit.SECONDS)) {
                janus.destroyForcibly();
            }
        }
    }

    /** Runs interop/start-janus-reference.sh, which prints the pid of the janus it started. */
    private static Process startReference(Path interop, Path work, int port) throws IOException, InterruptedException {
        Process script = new ProcessBuilder("bash", interop.resolve("start-janus-reference.sh").toString(),
                work.toString(), String.valueOf(port)).redirectErrorStream(true).start();
        String out = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(script.waitFor()).as(out).isZero();
        long pid = Long.parseLong(out.lines().reduce((a, b) -> b).orElseThrow().trim());
        return ProcessHandle.of(pid).map(ReferenceProcess::new).orElseThrow(
                () -> new AssertionError("janus exited at once: " + readLog(work.resolve("janus.log"))));
    }

    private static void waitForHttp(int port, Process janus, Path log) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ping = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/janus"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"janus\":\"ping\",\"transaction\":\"w\"}")).build();
        for (int i = 0; i < 100; i++) {
            try {
                if (client.send(ping, HttpResponse.BodyHandlers.ofString()).body().contains("pong")) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            }
            assertThat(janus.isAlive()).as("janus died: " + readLog(log)).isTrue();
            Thread.sleep(100);
        }
        throw new AssertionError("janus did not answer on port " + port + ": " + readLog(log));
    }

    private static String readLog(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "(no log)";
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** A Process view of a pid we did not spawn directly (the script backgrounds janus). */
    private static final class ReferenceProcess extends Process {
        private final ProcessHandle handle;

        ReferenceProcess(ProcessHandle handle) {
            this.handle = handle;
        }

        @Override
        public java.io.OutputStream getOutputStream() {
            return java.io.OutputStream.nullOutputStream();
        }

        @Override
        public java.io.InputStream getInputStream() {
            return java.io.InputStream.nullInputStream();
        }

        @Override
        public java.io.InputStream getErrorStream() {
            return java.io.InputStream.nullInputStream();
        }

        @Override
        public int waitFor() throws InterruptedException {
            while (handle.isAlive()) {
                Thread.sleep(50);
            }
            return 0;
        }

        @Override
        public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
            long end = System.nanoTime() + unit.toNanos(timeout);
            while (handle.isAlive() && System.nanoTime() < end) {
                Thread.sleep(50);
            }
            return !handle.isAlive();
        }

        @Override
        public int exitValue() {
            if (handle.isAlive()) {
                throw new IllegalThreadStateException("running");
            }
            return 0;
        }

        @Override
        public void destroy() {
            handle.destroy();
        }

        @Override
        public Process destroyForcibly() {
            handle.destroyForcibly();
            return this;
        }

        @Override
        public boolean isAlive() {
            return handle.isAlive();
        }

        @Override
        public long pid() {
            return handle.pid();
        }
    }
}
