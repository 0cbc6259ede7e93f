package io.github.wildfiresfu.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JcfgGroupTest {

    private final JcfgGroup root = JcfgGroup.of("janus.jcfg", Map.of(
            "general", Map.of("session_timeout", 60, "debug", "yes", "port", "8088", "list", "a, b,,c"),
            "arr", List.of("x", "y")));

    @Test
    void readsValuesLenientlyLikeJanus() {
        JcfgGroup general = root.group("general");
        assertThat(general.getInt("session_timeout", 0, 0, 3600)).isEqualTo(60);
        assertThat(general.getInt("port", 0, 1, 65535)).isEqualTo(8088);
        assertThat(general.getBoolean("debug", false)).isTrue();
        assertThat(general.getBoolean("missing", true)).isTrue();
        assertThat(general.getStringList("list")).containsExactly("a", "b", "c");
        assertThat(root.getStringList("arr")).containsExactly("x", "y");
        assertThat(root.group("absent").keys()).isEmpty();
    }

    @Test
    void badValuesNameKeyAndAllowedRange() {
        JcfgGroup general = root.group("general");
        assertThatThrownBy(() -> general.getInt("session_timeout", 0, 100, 200))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("session_timeout")
                .hasMessageContaining("from 100 to 200");
        assertThatThrownBy(() -> general.getInt("debug", 0, 0, 1))
                .hasMessageContaining("expected an integer");
        assertThatThrownBy(() -> general.getBoolean("port", false))
                .hasMessageContaining("expected true or false");
    }

    @Test
    void unknownKeysAreReportedNotFatal() {
        List<String> seen = new ArrayList<>();
        root.group("general").reportUnknownKeys(Set.of("session_timeout", "debug"), seen::add);
        assertThat(seen).hasSize(2).allMatch(s -> s.contains("unknown key"));
    }
}
