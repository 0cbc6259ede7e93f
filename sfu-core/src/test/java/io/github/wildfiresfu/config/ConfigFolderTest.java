package io.github.wildfiresfu.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFolderTest {

    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();

    @Test
    void withoutAFolderEveryFileIsEmptyDefaults() {
        ConfigFolder folder = ConfigFolder.open(null, warnings::add);
        assertThat(folder.folder()).isEmpty();
        for (String name : ConfigFolder.STANDARD_FILES) {
            JcfgGroup file = folder.file(name);
            assertThat(file.name()).isEqualTo(name);
            assertThat(file.keys()).isEmpty();
            assertThat(folder.pathOf(name)).isEmpty();
            assertThat(folder.exists(name)).isFalse();
        }
        assertThat(warnings).isEmpty();
    }

    @Test
    void readsFilesByNameAndDefaultsTheMissingOnes() throws IOException {
        Files.writeString(dir.resolve(ConfigFolder.JANUS), "general: { server_name = \"x\" }\n");
        Files.writeString(dir.resolve("janus.plugin.echotest.jcfg"), "general: { events = false }\n");
        ConfigFolder folder = ConfigFolder.open(dir, warnings::add);
        assertThat(folder.folder()).contains(dir);
        assertThat(folder.file(ConfigFolder.JANUS).group("general").getString("server_name", null)).isEqualTo("x");
        assertThat(folder.file(ConfigFolder.JANUS)).isSameAs(folder.file(ConfigFolder.JANUS));
        assertThat(folder.exists(ConfigFolder.JANUS)).isTrue();
        assertThat(folder.file(ConfigFolder.HTTP).keys()).isEmpty();
        assertThat(folder.exists(ConfigFolder.HTTP)).isFalse();
        // Where VideoRoom saves permanent rooms, even before the file exists.
        assertThat(folder.pathOf(ConfigFolder.VIDEOROOM)).contains(dir.resolve(ConfigFolder.VIDEOROOM));
        // Other files are read on demand.
        assertThat(folder.file("janus.plugin.echotest.jcfg").group("general").getBoolean("events", true)).isFalse();
        assertThat(warnings).isEmpty();
    }

    @Test
    void missingOrNonFolderIsAnError() throws IOException {
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> ConfigFolder.open(missing))
                .isInstanceOf(ConfigException.class)
                .hasMessage("configs folder " + missing + " does not exist");
        Path file = Files.writeString(dir.resolve("file"), "");
        assertThatThrownBy(() -> ConfigFolder.open(file))
                .isInstanceOf(ConfigException.class)
                .hasMessage("configs folder " + file + " is not a folder");
    }

    @Test
    void unreadableFileIsAnError() throws IOException {
        // Running as root, permissions do not stop reads; a folder in the file's place does.
        Files.createDirectory(dir.resolve(ConfigFolder.WEBSOCKETS));
        assertThatThrownBy(() -> ConfigFolder.open(dir))
                .isInstanceOf(ConfigException.class)
                .hasMessage("cannot read " + dir.resolve(ConfigFolder.WEBSOCKETS) + ": Is a directory");
    }

    @Test
    void syntaxErrorStopsOpeningAndNamesTheFile() throws IOException {
        Files.writeString(dir.resolve(ConfigFolder.MQTT), "general: {\n\tenabled = true\n\tcertfile = /etc/x.pem\n}\n");
        assertThatThrownBy(() -> ConfigFolder.open(dir))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("janus.transport.mqtt.jcfg:3:13: expected a value for \"certfile\"");
    }

    @Test
    void legacyIniFileIsNotReadButWarnedAbout() throws IOException {
        Files.writeString(dir.resolve("janus.cfg"), "[general]\nserver_name = x\n");
        ConfigFolder folder = ConfigFolder.open(dir, warnings::add);
        assertThat(folder.file(ConfigFolder.JANUS).keys()).isEmpty();
        assertThat(warnings).containsExactly(dir.resolve("janus.cfg") + " is in the legacy INI format, which Wildfire"
                + " SFU does not read; convert it to janus.jcfg (Janus ships janus-cfgconv for that). Using defaults"
                + " for janus.jcfg");
    }

    @Test
    void jcfgWinsOverCfgSilently() throws IOException {
        Files.writeString(dir.resolve("janus.cfg"), "[general]\n");
        Files.writeString(dir.resolve("janus.jcfg"), "general: { }\n");
        ConfigFolder.open(dir, warnings::add);
        assertThat(warnings).isEmpty();
    }

    @Test
    void namesMustBePlainFileNames() {
        ConfigFolder folder = ConfigFolder.open(dir, warnings::add);
        for (String bad : List.of("../janus.jcfg", "sub/janus.jcfg", "..", "")) {
            assertThatThrownBy(() -> folder.file(bad)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> folder.pathOf(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
