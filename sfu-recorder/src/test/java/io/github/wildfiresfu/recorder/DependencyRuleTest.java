package io.github.wildfiresfu.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * design.md §2: the recorder depends on core's media code only, never on the Janus layer, so the
 * media engine can use the tap without the signalling layer and the CLI runs on its own.
 */
class DependencyRuleTest {

    @Test
    void mainCodeDoesNotImportTheJanusLayer() throws IOException {
        Path main = Path.of("src/main/java");
        assertThat(main).isDirectory();
        List<String> offenders;
        try (Stream<Path> files = Files.walk(main)) {
            offenders = files.filter(p -> p.toString().endsWith(".java")).filter(p -> {
                try {
                    return Files.readAllLines(p).stream().anyMatch(l -> l.startsWith("import io.github.wildfiresfu.janus.")
                            || l.startsWith("import static io.github.wildfiresfu.janus."));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).map(Path::toString).toList();
        }
        assertThat(offenders).isEmpty();
    }
}
