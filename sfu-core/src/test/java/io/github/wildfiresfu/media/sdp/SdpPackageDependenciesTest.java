package io.github.wildfiresfu.media.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** design.md §2: media code imports only JDK types, never Jackson or the Janus layer. */
class SdpPackageDependenciesTest {

    @Test
    void sourcesImportOnlyTheJdk() throws IOException {
        Path dir = Path.of("src/main/java/io/github/wildfiresfu/media/sdp");
        List<Path> sources;
        try (Stream<Path> files = Files.list(dir)) {
            sources = files.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertThat(sources).hasSizeGreaterThan(20);
        for (Path p : sources) {
            List<String> imports = Files.readAllLines(p).stream().filter(l -> l.startsWith("import ")).toList();
            assertThat(imports).as(p.getFileName().toString()).allMatch(l -> l.startsWith("import java."));
        }
    }
}
