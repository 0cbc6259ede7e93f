package io.github.wildfiresfu.launcher;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the software we did not write that interop tests run against (Debian's Janus, node
 * with janode). On CI ({@code CI=true}) a missing tool FAILS the test: CI installs them in
 * {@code .ci/install-deps.sh}, so a miss there is a broken pipeline, not a reason to skip.
 * On a developer machine the test is skipped with the command that installs it.
 */
public final class ExternalTools {

    private ExternalTools() {
    }

    public static boolean onCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** The repository root (surefire passes it; falls back to the parent of the module dir). */
    public static Path repoRoot() {
        String fromEnv = System.getenv("WILDFIRE_SFU_REPO");
        Path p = fromEnv != null ? Path.of(fromEnv) : Path.of("").toAbsolutePath().getParent();
        return p.toAbsolutePath().normalize();
    }

    public static Path interopDir() {
        Path dir = repoRoot().resolve("interop");
        require(Files.isDirectory(dir.resolve("node_modules/janode")),
                "interop/node_modules (run: bash .ci/install-deps.sh)");
        return dir;
    }

    public static Path executable(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        require(false, name + " (run: bash .ci/install-deps.sh)");
        return null;
    }

    public static void require(boolean present, String what) {
        if (present) {
            return;
        }
        if (onCi()) {
            fail("required tool missing on CI: " + what);
        }
        Assumptions.abort("skipped outside CI, missing " + what);
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
