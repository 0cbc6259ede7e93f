package io.github.wildfiresfu.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser scenario of the acceptance tests: inside a private network namespace
 * ({@code interop/browser/run-in-netns.sh}, so nothing leaves the machine and no port clashes with
 * anything else), a script starts our server in its own JVM from a temporary config folder (HTTP on
 * 127.0.0.1, a small {@code rtp_port_range}, candidates on 127.0.0.1 only, a short
 * {@code session_timeout}), runs one {@code interop/browser/*.mjs} script, then, once the browsers
 * are gone, prints whether any UDP port of the range is still bound and how many media threads the
 * server has, before and after.
 *
 * <p>Needs root (for {@code unshare -n}), Debian's chromium, node and {@code interop/node_modules}
 * ({@code .ci/install-deps.sh}); without them the test fails on CI and is skipped elsewhere.
 */
final class BrowserScenario {

    static final int HTTP_PORT = 8088;
    static final int PORT_MIN = 30000;
    static final int PORT_MAX = 30029;
    private static final Pattern MARKER = Pattern.compile("^(THREADS_BEFORE|NODE_EXIT|PORTS_AT_EXIT|PORTS_AFTER|THREADS_AFTER)"
            + "(?: (.*))?$", Pattern.MULTILINE);

    private final Path dir;
    private final int singlePort;
    private String janusGeneral = "";

    /** A scenario whose config, script and logs go to {@code dir}. */
    BrowserScenario(Path dir) {
        this(dir, 0);
    }

    /**
     * A scenario with {@code media.single_port = singlePort} (0: off); the single port must lie
     * outside {@link #PORT_MIN}-{@link #PORT_MAX}, so the port checks prove the range is unused.
     */
    BrowserScenario(Path dir, int singlePort) {
        this.dir = dir;
        this.singlePort = singlePort;
    }

    /**
     * Adds settings to janus.jcfg's {@code general} section (e.g. {@code recordings_tmp_ext = "tmp"}).
     *
     * @return this scenario
     */
    BrowserScenario withJanusGeneral(String settings) {
        this.janusGeneral = settings;
        return this;
    }

    /** The server's URL for the node scripts. */
    static String serverUrl() {
        return "http://127.0.0.1:" + HTTP_PORT + "/janus";
    }

    /** What the scenario printed and the tail of the server's log, for assertion messages. */
    String context(String out) throws IOException {
        Path serverLog = dir.resolve("server.log");
        String server = Files.exists(serverLog) ? Files.readString(serverLog) : "";
        return out + "\n--- server.log ---\n" + tail(server, 60);
    }

    /** The JSON report lines of the node script (they start with {@code {"room"}), also printed to the build output. */
    static List<String> reports(String out) {
        List<String> report = new ArrayList<>();
        out.lines().filter(l -> l.startsWith("{\"room\"")).forEach(report::add);
        // The numbers these tests are about (frames decoded, first-frame time), in the build output.
        report.forEach(System.out::println);
        out.lines().filter(l -> l.startsWith("PORTS_")).forEach(System.out::println);
        return report;
    }

    /** No UDP port of the range bound any more, media threads as before, no ERROR in the server log. */
    void assertPortsAndThreadsReleased(String out, String context) throws IOException {
        assertThat(marker(out, "PORTS_AFTER")).as("UDP ports of the range still bound after the sessions timed out\n"
                + context).isEmpty();
        assertThat(marker(out, "THREADS_AFTER")).as(context).isEqualTo(marker(out, "THREADS_BEFORE"));
        assertThat(Integer.parseInt(marker(out, "THREADS_BEFORE"))).isPositive();
        String server = Files.readString(dir.resolve("server.log"));
        assertThat(server).as(context).contains(singlePort > 0 ? "WebRTC media on single UDP port " + singlePort
                : "WebRTC media on UDP ports " + PORT_MIN + "-" + PORT_MAX).doesNotContain("ERROR");
    }

    /** Runs our server and {@code node <nodeArgs>} in a fresh network namespace; returns what the script printed. */
    String run(String nodeArgs) throws Exception {
        return run(nodeArgs, Map.of());
    }

    /**
     * Like {@link #run(String)}, with extra environment variables for the server's JVM (e.g. the
     * engine's test-only hooks).
     */
    String run(String nodeArgs, Map<String, String> serverEnv) throws Exception {
        ExternalTools.executable("unshare");
        ExternalTools.executable("ip");
        ExternalTools.executable("node");
        Path interop = ExternalTools.interopDir();
        ExternalTools.require(Files.isDirectory(interop.resolve("node_modules/playwright-core")),
                "interop/node_modules/playwright-core (run: bash .ci/install-deps.sh)");
        String chromium = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
        ExternalTools.require(Files.isExecutable(Path.of(chromium)), "chromium (run: bash .ci/install-deps.sh)");
        ExternalTools.require(canUnshare(), "permission to create a network namespace (unshare -n needs root)");

        Path conf = dir.resolve("conf");
        Files.createDirectories(conf);
        Files.writeString(conf.resolve("janus.jcfg"), """
                general: { session_timeout = 6 %s }
                media: { rtp_port_range = "%d-%d" single_port = %d }
                nat: { ice_lite = true ice_enforce_list = "127.0.0.1" }
                """.formatted(janusGeneral, PORT_MIN, PORT_MAX, singlePort));
        Files.writeString(conf.resolve("janus.transport.http.jcfg"), """
                general: { json = "indented" base_path = "/janus" http = true port = %d ip = "127.0.0.1" https = false }
                """.formatted(HTTP_PORT));
        Files.writeString(conf.resolve("janus.transport.websockets.jcfg"), "general: { ws = false wss = false }\n");
        Files.writeString(conf.resolve("janus.plugin.videoroom.jcfg"), "general: { string_ids = true }\n");

        Path script = dir.resolve("scenario.sh");
        Files.writeString(script, scenario(conf, interop.resolve("browser"), nodeArgs, serverEnv));
        script.toFile().setExecutable(true);

        Path log = dir.resolve("scenario.log");
        Process p = new ProcessBuilder(interop.resolve("browser/run-in-netns.sh").toString(), script.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean done = p.waitFor(240, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(done).as(context(out)).isTrue();
        return out;
    }

    /** The script run inside the namespace; prints the markers the test reads. */
    private String scenario(Path conf, Path browser, String nodeArgs, Map<String, String> serverEnv) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        StringBuilder env = new StringBuilder("env");
        serverEnv.forEach((k, v) -> env.append(' ').append(k).append("='").append(v).append('\''));
        return """
                #!/usr/bin/env bash
                set -u
                %s '%s' -cp '%s' %s --configs-folder '%s' > '%s' 2>&1 &
                pid=$!
                for i in $(seq 1 150); do (exec 3<>/dev/tcp/127.0.0.1/%d) 2>/dev/null && break; sleep 0.1; done
                media_threads() { cat /proc/$pid/task/*/comm 2>/dev/null | grep -c '^sfu-media'; }
                echo "THREADS_BEFORE $(media_threads)"
                cd '%s'
                # A script may kill the server itself (run-record.mjs simulates a crash with SIGKILL).
                export WILDFIRE_SFU_PID=$pid
                node %s
                echo "NODE_EXIT $?"
                # The browsers are gone: closed pages send DTLS close_notify, or their sessions time
                # out (session_timeout = 6 s); either way the PeerConnections are hung up.
                ports() {
                  while read -r sl local rest; do
                    [ "$sl" = "sl" ] && continue
                    port=$((16#${local#*:}))
                    if [ "$port" -ge %d ] && [ "$port" -le %d ]; then printf '%%s ' "$port"; fi
                  done < /proc/net/udp
                }
                echo "PORTS_AT_EXIT $(ports)"
                for i in $(seq 1 100); do [ -z "$(ports)" ] && break; sleep 0.2; done
                echo "PORTS_AFTER $(ports)"
                echo "THREADS_AFTER $(media_threads)"
                kill $pid
                wait $pid
                """.formatted(env, java, System.getProperty("java.class.path"), Main.class.getName(), conf,
                dir.resolve("server.log"), HTTP_PORT, browser, nodeArgs, PORT_MIN, PORT_MAX);
    }

    /** The value printed after a marker of the scenario script. */
    static String marker(String out, String name) {
        Matcher m = MARKER.matcher(out);
        while (m.find()) {
            if (m.group(1).equals(name)) {
                return m.group(2) == null ? "" : m.group(2).trim();
            }
        }
        throw new AssertionError("the scenario printed no " + name + ":\n" + out);
    }

    private static boolean canUnshare() {
        try {
            Process p = new ProcessBuilder("unshare", "-n", "true").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String tail(String text, int lines) {
        List<String> all = text.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
