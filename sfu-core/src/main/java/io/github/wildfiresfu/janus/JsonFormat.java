package io.github.wildfiresfu.janus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.util.Locale;

/**
 * How transports write JSON, the {@code json} setting of Janus's transport configs
 * (Jansson flags): {@code indented} (3-space indent, Janus's default), {@code plain}
 * (one line with spaces after separators) and {@code compact} (no spaces; Wildfire ships it
 * for MQTT).
 */
public enum JsonFormat {
    INDENTED,
    PLAIN,
    COMPACT;

    /** The one shared mapper of the Janus layer. Thread-safe once configured. */
    public static final ObjectMapper MAPPER = new ObjectMapper();

    // Jansson writes "key": value (no space before the colon) with a 3-space indent.
    private static final ObjectWriter INDENTED_WRITER = MAPPER.writer(
            new DefaultPrettyPrinter()
                    .withSeparators(Separators.createDefaultInstance()
                            .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                    .withObjectIndenter(new DefaultIndenter("   ", "\n"))
                    .withArrayIndenter(new DefaultIndenter("   ", "\n")));
    private static final ObjectWriter PLAIN_WRITER = MAPPER.writer(new PlainPrinter());
    private static final ObjectWriter COMPACT_WRITER = MAPPER.writer();

    /** Parses the config value; null means the default (indented). */
    public static JsonFormat fromConfig(String value) {
        if (value == null) {
            return INDENTED;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "indented" -> INDENTED;
            case "plain" -> PLAIN;
            case "compact" -> COMPACT;
            default -> throw new IllegalArgumentException(
                    "\"" + value + "\" is not a JSON format; expected indented, plain or compact");
        };
    }

    /** Serializes {@code node} in this format. */
    public String write(JsonNode node) {
        ObjectWriter w = switch (this) {
            case INDENTED -> INDENTED_WRITER;
            case PLAIN -> PLAIN_WRITER;
            case COMPACT -> COMPACT_WRITER;
        };
        try {
            return w.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            // A tree of JsonNodes always serializes; anything else is a bug.
            throw new IllegalStateException(e);
        }
    }

    /** One line, {@code ", "} and {@code ": "} separators, as Jansson's JSON_INDENT(0). */
    private static final class PlainPrinter extends MinimalPrettyPrinter {
        @Override
        public void writeObjectFieldValueSeparator(com.fasterxml.jackson.core.JsonGenerator g)
                throws java.io.IOException {
            g.writeRaw(": ");
        }

        @Override
        public void writeObjectEntrySeparator(com.fasterxml.jackson.core.JsonGenerator g) throws java.io.IOException {
            g.writeRaw(", ");
        }

        @Override
        public void writeArrayValueSeparator(com.fasterxml.jackson.core.JsonGenerator g) throws java.io.IOException {
            g.writeRaw(", ");
        }
    }
}
