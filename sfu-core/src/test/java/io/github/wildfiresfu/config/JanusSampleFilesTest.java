package io.github.wildfiresfu.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every sample file Debian's Janus package installs in /etc/janus parses. One of them cannot:
 * Janus 1.1.2's janus.transport.mqtt.jcfg has unquoted paths ({@code certfile = /etc/ssl/...}),
 * which libconfig itself rejects ("syntax error" at line 30, checked with libconfig 1.5's
 * {@code config_read_file}), so Janus would not load it either. For that file we check that we
 * fail the same way, on the same line, with a message that says what is wrong.
 */
class JanusSampleFilesTest {

    /** Samples libconfig rejects for an unquoted value, as shipped by Debian's janus 1.1.2. */
    private static final Set<String> KNOWN_UNQUOTED = Set.of("janus.transport.mqtt.jcfg");

    @Test
    void parsesEveryInstalledSample() throws IOException {
        List<Path> samples = JanusSampleFiles.listOrSkip();
        assertThat(samples).extracting(p -> p.getFileName().toString())
                .contains("janus.jcfg", "janus.plugin.videoroom.jcfg", "janus.transport.http.jcfg",
                        "janus.transport.websockets.jcfg");
        for (Path sample : samples) {
            String name = sample.getFileName().toString();
            try {
                JcfgGroup root = JcfgParser.parseFile(sample);
                assertThat(root.name()).isEqualTo(name);
                assertThat(root.keys()).as(name).isNotEmpty();
            } catch (ConfigException e) {
                assertThat(KNOWN_UNQUOTED).as("%s: %s", name, e.getMessage()).contains(name);
                assertThat(e.getMessage()).contains("(strings must be in double quotes)");
                int line = Integer.parseInt(e.getMessage().split(":")[1]);
                String text = Files.readAllLines(sample).get(line - 1);
                assertThat(text).as("line %d of %s", line, name).matches("\\s*[a-z_]+\\s*=\\s*/.*");
            }
        }
    }

    /** The sample folder, minus the file libconfig rejects, opens and maps with no warning. */
    @Test
    void theSampleFolderOpensAndMaps(@TempDir Path copy) throws IOException {
        for (Path sample : JanusSampleFiles.listOrSkip()) {
            if (!KNOWN_UNQUOTED.contains(sample.getFileName().toString())) {
                Files.copy(sample, copy.resolve(sample.getFileName()));
            }
        }
        List<String> warnings = new ArrayList<>();
        ConfigFolder folder = ConfigFolder.open(copy, warnings::add);
        JanusConfig config = JanusConfig.load(folder, Map.of(), warnings::add);
        assertThat(config.general().adminSecret()).contains("janusoverlord");
        assertThat(config.general().debugLevel()).isEqualTo(4);
        assertThat(config.general().protectedFolders()).contains("/usr", "/opt/janus/lib");
        assertThat(config.nat().iceIgnoreList()).containsExactly("vmnet");
        assertThat(folder.file(ConfigFolder.HTTP).group("general").getInt("port", 0, 1, 65535)).isEqualTo(8088);
        assertThat(folder.file(ConfigFolder.HTTP).group("general").getString("base_path", null)).isEqualTo("/janus");
        assertThat(folder.file(ConfigFolder.WEBSOCKETS).group("general").getInt("ws_port", 0, 1, 65535))
                .isEqualTo(8188);
        assertThat(warnings).isEmpty();
    }

    @Test
    void theVideoRoomSampleHasItsDemoRooms() throws IOException {
        Path sample = JanusSampleFiles.listOrSkip().get(0).getParent().resolve("janus.plugin.videoroom.jcfg");
        JcfgGroup root = JcfgParser.parseFile(sample);
        assertThat(root.groups()).extracting(JcfgGroup::path).contains("general", "room-1234");
        JcfgGroup room = root.group("room-1234");
        assertThat(room.getString("description", null)).isEqualTo("Demo Room");
        assertThat(room.getInt("publishers", 0, 0, 100)).isEqualTo(6);
        assertThat(room.getLong("bitrate", 0, 0, Long.MAX_VALUE)).isEqualTo(128000);
        assertThat(room.getBoolean("record", true)).isFalse();
    }
}
