package io.github.wildfiresfu.janus.videoroom;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Janus's request validation ({@code JANUS_VALIDATE_JSON_OBJECT} in {@code src/utils.h} and
 * {@code janus_json_is_valid} in {@code src/utils.c}): parameters are checked in order; the
 * first missing required one gives 429 {@code Missing mandatory element (name)}, the first one of
 * the wrong JSON type gives 430 {@code Invalid element type (name should be a string)}. JSON
 * {@code null} is a present value of the wrong type, as in Jansson. "Positive" integers are
 * {@code >= 0}, exactly as Janus checks them.
 */
final class JsonParams {

    /** The JSON types Janus distinguishes. */
    enum Type {
        STRING("string"), INTEGER("integer"), BOOLEAN("boolean"), ARRAY("array"), OBJECT("object");

        private final String label;

        Type(String label) {
            this.label = label;
        }
    }

    /** One parameter of a Janus parameter table. */
    record Param(String name, Type type, boolean required, boolean positive) {
    }

    private JsonParams() {
    }

    static Param opt(String name, Type type) {
        return new Param(name, type, false, false);
    }

    static Param req(String name, Type type) {
        return new Param(name, type, true, false);
    }

    static Param optPositive(String name) {
        return new Param(name, Type.INTEGER, false, true);
    }

    static Param reqPositive(String name) {
        return new Param(name, Type.INTEGER, true, true);
    }

    /** Validates {@code obj} against {@code params}, in order, as Janus does. */
    static void validate(JsonNode obj, Param... params) throws VideoRoomException {
        for (Param p : params) {
            JsonNode v = obj == null ? null : obj.get(p.name());
            if (v == null) {
                if (p.required()) {
                    throw missing(p.name());
                }
                continue;
            }
            if (!isValid(v, p)) {
                throw new VideoRoomException(VideoRoomError.INVALID_ELEMENT,
                        "Invalid element type (" + p.name() + " should be " + typeName(p) + ")");
            }
        }
    }

    static VideoRoomException missing(String name) {
        return new VideoRoomException(VideoRoomError.MISSING_ELEMENT, "Missing mandatory element (" + name + ")");
    }

    private static boolean isValid(JsonNode v, Param p) {
        return switch (p.type()) {
            case STRING -> v.isTextual();
            // Jansson integers are whole numbers written without a fraction or exponent.
            case INTEGER -> v.isIntegralNumber() && (!p.positive() || v.asLong() >= 0);
            case BOOLEAN -> v.isBoolean();
            case ARRAY -> v.isArray();
            case OBJECT -> v.isObject();
        };
    }

    /** {@code janus_get_json_type_name}: "a positive integer", "an array", "a string". */
    private static String typeName(Param p) {
        if (p.positive()) {
            return "a positive " + p.type().label;
        }
        return (p.type() == Type.INTEGER || p.type() == Type.ARRAY || p.type() == Type.OBJECT ? "an " : "a ")
                + p.type().label;
    }

    /**
     * {@code JANUS_CHECK_SECRET}: when {@code secret} is set, {@code member} must be a string equal
     * to it (429 if missing, 430 if not a string, 433 {@code Unauthorized (wrong member)}).
     */
    static void checkSecret(String secret, JsonNode obj, String member) throws VideoRoomException {
        if (secret == null) {
            return;
        }
        validate(obj, req(member, Type.STRING));
        if (!constantTimeEquals(secret, obj.get(member).asText())) {
            throw new VideoRoomException(VideoRoomError.UNAUTHORIZED, "Unauthorized (wrong " + member + ")");
        }
    }

    /** Compares without an early exit, as {@code janus_strcmp_const_time} does. */
    private static boolean constantTimeEquals(String a, String b) {
        return java.security.MessageDigest.isEqual(
                a.getBytes(java.nio.charset.StandardCharsets.UTF_8), b.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The text of a string member, or null when absent (validated before). */
    static String text(JsonNode obj, String name) {
        JsonNode v = obj.get(name);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    /** {@code json_is_true}: only a JSON {@code true} is true. */
    static boolean isTrue(JsonNode obj, String name) {
        JsonNode v = obj.get(name);
        return v != null && v.isBoolean() && v.booleanValue();
    }

    /** Whether {@code name} is present at all (Jansson's {@code json_object_get != NULL}). */
    static boolean has(JsonNode obj, String name) {
        return obj.get(name) != null;
    }

    /** {@code json_integer_value}: the integer, or 0 when absent or not an integer. */
    static long integer(JsonNode obj, String name) {
        JsonNode v = obj.get(name);
        return v != null && v.isIntegralNumber() ? v.asLong() : 0;
    }
}
