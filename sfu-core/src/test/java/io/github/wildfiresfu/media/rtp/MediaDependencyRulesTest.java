package io.github.wildfiresfu.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * design.md §2: media packages never import the Janus layer or Jackson. From the brief for the ICE
 * work: ice4j may be used only for its STUN codec ({@code org.ice4j.message}, {@code org.ice4j.attribute},
 * {@code TransportAddress}), never its Agent or harvesters (no ICE-lite mode there, design.md §3).
 */
class MediaDependencyRulesTest {

    private static final Path ROOT = Path.of("src/main/java/io/github/wildfiresfu/media");
    private static final List<String> PACKAGES = List.of("ice", "rtp", "rtcp");
    private static final Pattern FORBIDDEN = Pattern.compile(
            "^import\\s+(static\\s+)?(com\\.fasterxml\\.|io\\.github\\.wildfiresfu\\.janus|io\\.github\\.wildfiresfu\\.config"
                    + "|org\\.ice4j\\.(?!message\\.|attribute\\.|TransportAddress;))",
            Pattern.MULTILINE);

    @Test
    void mediaPackagesImportNeitherJanusNorJacksonNorTheIce4jAgent() throws IOException {
        List<String> violations;
        List<Path> files;
        try (Stream<Path> walk = Files.walk(ROOT)) {
            files = walk.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> PACKAGES.contains(ROOT.relativize(p).getName(0).toString()))
                    .collect(Collectors.toList());
        }
        assertThat(files).hasSizeGreaterThan(20);
        violations = files.stream().flatMap(p -> {
            try {
                return FORBIDDEN.matcher(Files.readString(p)).results().map(m -> p.getFileName() + ": " + m.group());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).collect(Collectors.toList());
        assertThat(violations).isEmpty();
    }

    @Test
    void theRuleCatchesWhatItShould() {
        assertThat(FORBIDDEN.matcher("import com.fasterxml.jackson.databind.JsonNode;").find()).isTrue();
        assertThat(FORBIDDEN.matcher("import io.github.wildfiresfu.janus.JsonFormat;").find()).isTrue();
        assertThat(FORBIDDEN.matcher("import org.ice4j.ice.Agent;").find()).isTrue();
        assertThat(FORBIDDEN.matcher("import org.ice4j.message.Message;").find()).isFalse();
        assertThat(FORBIDDEN.matcher("import org.ice4j.TransportAddress;").find()).isFalse();
        assertThat(FORBIDDEN.matcher("import io.github.wildfiresfu.media.rtp.DropCounters;").find()).isFalse();
    }
}
