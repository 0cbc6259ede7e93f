package io.github.wildfiresfu.config;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's Janus 1.1.2 sample configuration ({@code /etc/janus}, package {@code janus}). Tests
 * that read it skip only on a developer machine without Janus; on CI ({@code CI=true}) the
 * package is installed and a missing folder is a failure, so these tests cannot silently vanish.
 */
final class JanusSampleFiles {

    static final Path FOLDER = Path.of("/etc/janus");

    private JanusSampleFiles() {
    }

    /** The {@code *.jcfg} files of /etc/janus, sorted; skips or fails the test when absent (see class doc). */
    static List<Path> listOrSkip() throws IOException {
        if (!Files.isDirectory(FOLDER)) {
            if ("true".equals(System.getenv("CI"))) {
                fail(FOLDER + " is missing but CI=true: the CI must install Debian's janus package");
            }
            Assumptions.abort(FOLDER + " is absent (install Debian's janus package to run this test)");
        }
        try (Stream<Path> files = Files.list(FOLDER)) {
            List<Path> jcfg = files.filter(p -> p.getFileName().toString().endsWith(".jcfg")).sorted().toList();
            if (jcfg.isEmpty()) {
                fail(FOLDER + " holds no .jcfg files");
            }
            return jcfg;
        }
    }
}
