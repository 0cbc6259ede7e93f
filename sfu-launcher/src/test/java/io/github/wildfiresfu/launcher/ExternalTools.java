package io.github.wildfiresfu.launcher;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the software we did not write that interop tests run against (Debian's Janus, node
 * with janode, Chromium). On CI ({@code CI=true}) a missing tool FAILS the test: CI installs them in
 * {@code .ci/install-deps.sh}, so a miss there is a broken pipeline, not a reason to skip.
 * On a developer machine the test is skipped with the command that installs it.
 *
 * <p>The CI-or-skip rule, the repository root and the PATH lookup are the recorder's shared test
 * helper ({@link io.github.wildfiresfu.recorder.testing.ExternalTools}, from its test-jar); this class
 * adds what only the launcher's tests need.
 */
public final class ExternalTools {

    private ExternalTools() {
    }

    public static boolean onCi() {
        return io.github.wildfiresfu.recorder.testing.ExternalTools.onCi();
    }

    /** The repository root (surefire passes it; falls back to the parent of the module dir). */
    public static Path repoRoot() {
        return io.github.wildfiresfu.recorder.testing.ExternalTools.repoRoot();
    }

    public static Path interopDir() {
        Path dir = repoRoot().resolve("interop");
        require(Files.isDirectory(dir.resolve("node_modules/janode")),
                "interop/node_modules (run: bash .ci/install-deps.sh)");
        return dir;
    }

    /** The executable {@code name} on the PATH; skips or fails the test if absent. */
    public static Path executable(String name) {
        return io.github.wildfiresfu.recorder.testing.ExternalTools.executable(name);
    }

    /** Skips (or, on CI, fails) the test unless {@code present}. */
    public static void require(boolean present, String what) {
        io.github.wildfiresfu.recorder.testing.ExternalTools.require(present, what);
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
