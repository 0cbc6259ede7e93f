package io.github.wildfiresfu.media.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * design.md §2 for the engine's packages and the recording port: media code never imports the Janus
 * layer, Jackson or the config package (the launcher and the VideoRoom adapter translate), and never
 * ice4j's agent.
 */
class EngineDependencyRulesTest {

    private static final Path ROOT = Path.of("src/main/java/io/github/wildfiresfu/media");
    private static final List<String> PACKAGES = List.of("engine", "transport", "routing", "recording");
    private static final Pattern FORBIDDEN = Pattern.compile(
            "^import\\s+(static\\s+)?(com\\.fasterxml\\.|io\\.github\\.wildfiresfu\\.janus|io\\.github\\.wildfiresfu\\.config"
                    + "|org\\.ice4j\\.)", Pattern.MULTILINE);

    @Test
    void engineTransportAndRoutingImportNoSignalling() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(ROOT)) {
            files = walk.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> PACKAGES.contains(ROOT.relativize(p).getName(0).toString())).toList();
        }
        assertThat(files).hasSizeGreaterThan(15);
        List<String> violations = files.stream().flatMap(p -> {
            try {
                return FORBIDDEN.matcher(Files.readString(p)).results().map(m -> p.getFileName() + ": " + m.group());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
        assertThat(violations).isEmpty();
    }

    @Test
    void theRuleCatchesWhatItShould() {
        assertThat(FORBIDDEN.matcher("import io.github.wildfiresfu.janus.MediaEventSink;").find()).isTrue();
        assertThat(FORBIDDEN.matcher("import io.github.wildfiresfu.config.PortRange;").find()).isTrue();
        assertThat(FORBIDDEN.matcher("import com.fasterxml.jackson.databind.JsonNode;").find()).isTrue();
        assertThat(FORBIDDEN.matcher("import io.netty.channel.EventLoop;").find()).isFalse();
    }
}
