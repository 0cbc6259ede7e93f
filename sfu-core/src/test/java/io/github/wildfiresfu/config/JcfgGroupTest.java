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

    @Test
    void readsNumbersAsJanusAtofWould() {
        JcfgGroup g = JcfgParser.parse("t.jcfg", "a = 1.5; b = 2; c = \"-0.25\"; d = \"1e3\"; e = \"x\"; f = true");
        assertThat(g.getDouble("a", 0, 0, 10)).isEqualTo(1.5);
        assertThat(g.getDouble("b", 0, 0, 10)).isEqualTo(2.0);
        assertThat(g.getDouble("c", 0, -1, 10)).isEqualTo(-0.25);
        assertThat(g.getDouble("d", 0, 0, 1e4)).isEqualTo(1000.0);
        assertThat(g.getDouble("missing", 7.5, 0, 10)).isEqualTo(7.5);
        assertThatThrownBy(() -> g.getDouble("e", 0, 0, 10))
                .hasMessage("t.jcfg:1:41: e: \"x\" is invalid; expected a number from 0.0 to 10.0");
        assertThatThrownBy(() -> g.getDouble("a", 0, 2, 10)).hasMessageContaining("a: 1.5 is invalid");
        assertThatThrownBy(() -> g.getDouble("f", 0, 0, 10)).hasMessageContaining("f: true is invalid");
    }

    @Test
    void looksKeysUpIgnoringCaseButKeepsTheirSpelling() {
        JcfgGroup g = JcfgGroup.of("t.jcfg", Map.of("Room-1234", Map.of("Publishers", 6)));
        assertThat(g.has("room-1234")).isTrue();
        assertThat(g.group("ROOM-1234").getInt("publishers", 0, 0, 10)).isEqualTo(6);
        assertThat(g.get("room-1234")).isPresent();
        assertThat(g.keys()).containsExactly("Room-1234");
        assertThat(g.has("room-12345")).isFalse();
    }

    @Test
    void builtGroupsGetDottedPaths() {
        JcfgGroup g = JcfgGroup.of("t.jcfg", Map.of("a", Map.of("b", Map.of("c", 1)), "l", List.of(Map.of("x", 1))));
        assertThat(g.group("a").group("b").path()).isEqualTo("a.b");
        assertThatThrownBy(() -> g.group("a").group("b").getInt("c", 0, 5, 9)).hasMessageContaining("a.b.c: 1 is invalid");
        assertThat(((JcfgGroup) ((JcfgList) g.get("l").orElseThrow()).items().get(0)).path()).isEqualTo("l[0]");
    }
}
