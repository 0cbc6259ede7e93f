package io.github.wildfiresfu.janus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class JsonFormatTest {

    private final ObjectNode node = JsonFormat.MAPPER.createObjectNode().put("janus", "pong").put("transaction", "x");

    @Test
    void formatsLikeJansson() {
        // Janus 1.1.2 (Jansson JSON_INDENT(3)) answers a ping with exactly this text.
        assertThat(JsonFormat.INDENTED.write(node)).isEqualTo("{\n   \"janus\": \"pong\",\n   \"transaction\": \"x\"\n}");
        assertThat(JsonFormat.PLAIN.write(node)).isEqualTo("{\"janus\": \"pong\", \"transaction\": \"x\"}");
        assertThat(JsonFormat.COMPACT.write(node)).isEqualTo("{\"janus\":\"pong\",\"transaction\":\"x\"}");
    }

    @Test
    void configValues() {
        assertThat(JsonFormat.fromConfig(null)).isEqualTo(JsonFormat.INDENTED);
        assertThat(JsonFormat.fromConfig(" Compact ")).isEqualTo(JsonFormat.COMPACT);
        assertThatThrownBy(() -> JsonFormat.fromConfig("pretty")).hasMessageContaining("indented, plain or compact");
    }
}
