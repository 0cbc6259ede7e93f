package io.github.wildfiresfu.transport.mqtt;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real MQTT broker for tests: Debian's mosquitto on a free loopback port, with a generated
 * config (anonymous, no persistence). {@link #kill()} and {@link #start()} restart it on the same
 * port. When {@code CI=true} a missing mosquitto fails the test; elsewhere the test is skipped.
 */
final class Mosquitto implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/sbin/mosquitto");
    private static final String INSTALL = "apt-get install -y mosquitto";

    private final Path dir;
    private final int port;
    private Process process;

    private Mosquitto(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Skips (or, on CI, fails) when mosquitto is not installed. */
    static void requireInstalled() {
        if (Files.isExecutable(BINARY)) {
            return;
        }
        String message = "mosquitto is not installed at " + BINARY + "; install it with: " + INSTALL;
        if ("true".equals(System.getenv("CI"))) {
            fail(message);
        }
        Assumptions.abort(message);
    }

    /** A broker on a free loopback port, started. */
    static Mosquitto startNew(Path tempDir) throws IOException {
        Mosquitto m = create(tempDir);
        m.start();
        return m;
    }

    /** A broker with a free loopback port, not started yet. */
    static Mosquitto create(Path tempDir) throws IOException {
        requireInstalled();
        return new Mosquitto(Files.createTempDirectory(tempDir, "mosquitto"), freePort());
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    int port() {
        return port;
    }

    /** Starts the broker (again) on its port and waits until it accepts connections. */
    void start() throws IOException {
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(conf, "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence false\n");
        process = new ProcessBuilder(BINARY.toString(), "-c", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.log").toFile()))
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("mosquitto exited with " + process.exitValue() + ": "
                        + Files.readString(dir.resolve("mosquitto.log")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep(20);
            }
        }
        throw new IOException("mosquitto did not listen on port " + port + " within 10 s");
    }

    /** Kills the broker at once (SIGKILL), as a crash would, and waits until it is gone. */
    void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        kill();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
