package io.github.wildfiresfu.config;

import java.util.Objects;

/**
 * A scalar setting. {@code value} is a {@link String}, {@link Long}, {@link Double} or
 * {@link Boolean}, exactly as written in the file; the typed getters of {@link JcfgGroup}
 * convert between them the way Janus does (it reads every item as text).
 */
public record JcfgScalar(Object value, JcfgPosition position) implements JcfgValue {

    public JcfgScalar {
        Objects.requireNonNull(value, "value");
        if (!(value instanceof String || value instanceof Long || value instanceof Double
                || value instanceof Boolean)) {
            throw new IllegalArgumentException("unsupported scalar type " + value.getClass());
        }
        Objects.requireNonNull(position, "position");
    }

    public static JcfgScalar of(Object value) {
        Object v = value instanceof Integer i ? Long.valueOf(i) : value;
        return new JcfgScalar(v, JcfgPosition.BUILT_IN);
    }

    /** The value as Janus would see it: text ({@code true}/{@code false} for booleans). */
    public String asText() {
        return String.valueOf(value);
    }
}
