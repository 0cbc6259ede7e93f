package io.github.wildfiresfu.janus;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * The JSON side of the Janus core: parsing request text with Janus's error texts, checking
 * elements as Janus's {@code JANUS_VALIDATE_JSON_OBJECT} macro does ({@code src/utils.h}), and
 * building replies the way {@code janus_create_message()} and {@code janus_process_error()}
 * build them ({@code src/janus.c}), keys in the same order. Stateless and thread-safe.
 */
final class JanusMessages {

    private JanusMessages() {
    }

    /** The JSON types Janus's element checks name in their error texts. */
    enum Type {
        STRING("a string"),
        POSITIVE_INTEGER("a positive integer"),
        OBJECT("an object"),
        ARRAY("an array"),
        BOOLEAN("a boolean");

        private final String article;

        Type(String article) {
            this.article = article;
        }

        boolean accepts(JsonNode value) {
            return switch (this) {
                case STRING -> value.isTextual();
                case POSITIVE_INTEGER -> isInteger(value) && value.longValue() >= 0;
                case OBJECT -> value.isObject();
                case ARRAY -> value.isArray();
                case BOOLEAN -> value.isBoolean();
            };
        }
    }

    /** One entry of a Janus {@code janus_json_parameter} table. */
    record Param(String name, Type type, boolean required) {
    }

    /** Janus's default formats and the JSEP ones of {@code janus_process_incoming_request}. */
    static final String MISSING = "Missing mandatory element (%s)";
    static final String INVALID = "Invalid element type (%s should be %s)";
    static final String JSEP_MISSING = "JSEP error: missing mandatory element (%s)";
    static final String JSEP_INVALID = "JSEP error: invalid element type (%s should be %s)";

    /**
     * Checks {@code params} in table order; the first problem wins. A JSON null counts as
     * present with the wrong type, as in Jansson.
     */
    static void validate(ObjectNode root, Param[] params, String missingFormat, String invalidFormat)
            throws JanusException {
        for (Param param : params) {
            JsonNode value = root.get(param.name());
            if (value == null) {
                if (param.required()) {
                    throw new JanusException(JanusErrorCode.MISSING_MANDATORY_ELEMENT,
                            String.format(missingFormat, param.name()));
                }
                continue;
            }
            if (!param.type().accepts(value)) {
                throw new JanusException(JanusErrorCode.INVALID_ELEMENT_TYPE,
                        String.format(invalidFormat, param.name(), param.type().article));
            }
        }
    }

    /** Jansson's {@code json_is_integer}: an integer literal that fits in 64 bits. */
    static boolean isInteger(JsonNode value) {
        return value != null && value.isIntegralNumber() && value.canConvertToLong();
    }

    /** Jansson's {@code json_integer_value}: the value of an integer, 0 for anything else. */
    static long integerValue(JsonNode value) {
        return isInteger(value) ? value.longValue() : 0;
    }

    /**
     * Parses a request body. Failures carry Janus's texts: 454 {@code JSON error: on line N: ...}
     * (the part after the prefix is Jackson's wording except for the cases Janus users meet
     * most: a body that does not start with an object or array, and trailing content) and 455
     * {@code JSON error: not an object} for an array.
     */
    static ObjectNode parse(String body) throws JanusException {
        int start = firstNonBlank(body, 0);
        if (start == body.length()) {
            throw jsonError(1, "'[' or '{' expected near end of file");
        }
        char first = body.charAt(start);
        if (first != '{' && first != '[') {
            throw jsonError(lineOf(body, start), "'[' or '{' expected near '" + tokenAt(body, start) + "'");
        }
        JsonNode node;
        try (JsonParser parser = JsonFormat.MAPPER.getFactory().createParser(body)) {
            node = JsonFormat.MAPPER.readTree(parser);
            // Jansson's json_loads rejects anything after the first value; Jackson would ignore it.
            long end = parser.currentLocation().getCharOffset();
            int rest = firstNonBlank(body, (int) Math.min(Math.max(end, 0), body.length()));
            if (rest < body.length()) {
                throw jsonError(lineOf(body, rest), "end of file expected near '" + tokenAt(body, rest) + "'");
            }
        } catch (JsonProcessingException e) {
            throw jsonError(lineNumber(e.getLocation()), conciseText(e.getOriginalMessage()));
        } catch (IOException e) {
            // Reading from a String does no I/O; treat it like any other malformed input.
            throw jsonError(1, conciseText(e.getMessage()));
        }
        if (!(node instanceof ObjectNode object)) {
            throw new JanusException(JanusErrorCode.INVALID_JSON_OBJECT, "JSON error: not an object");
        }
        return object;
    }

    private static JanusException jsonError(int line, String text) {
        return new JanusException(JanusErrorCode.INVALID_JSON, "JSON error: on line " + line + ": " + text);
    }

    private static int firstNonBlank(String s, int from) {
        int i = from;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** The offending token as Jansson quotes it: a whole string literal, else up to a delimiter. */
    private static String tokenAt(String s, int start) {
        if (start >= s.length()) {
            return "";
        }
        int end = start + 1;
        if (s.charAt(start) == '"') {
            while (end < s.length() && s.charAt(end) != '"') {
                end += s.charAt(end) == '\\' ? 2 : 1;
            }
            end = Math.min(end + 1, s.length());
        } else if ("{}[],:".indexOf(s.charAt(start)) < 0) {
            while (end < s.length() && !Character.isWhitespace(s.charAt(end))
                    && "{}[],:\"".indexOf(s.charAt(end)) < 0) {
                end++;
            }
        }
        return s.substring(start, Math.min(end, s.length()));
    }

    private static int lineOf(String s, int index) {
        int line = 1;
        for (int i = 0; i < index && i < s.length(); i++) {
            if (s.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static int lineNumber(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? 1 : location.getLineNr();
    }

    /** Jackson's first sentence, without the source excerpt Jansson never prints. */
    private static String conciseText(String text) {
        if (text == null || text.isBlank()) {
            return "invalid JSON";
        }
        int cut = text.length();
        for (String marker : new String[] {"\n", " (start marker", " at [Source"}) {
            int at = text.indexOf(marker);
            if (at >= 0 && at < cut) {
                cut = at;
            }
        }
        return text.substring(0, cut);
    }

    /**
     * {@code janus_create_message()}: {@code janus}, then {@code session_id} unless 0, then
     * {@code transaction} unless null.
     */
    static ObjectNode message(String status, long sessionId, String transaction) {
        ObjectNode node = JsonFormat.MAPPER.createObjectNode();
        node.put("janus", status);
        if (sessionId != 0) {
            node.put("session_id", sessionId);
        }
        if (transaction != null) {
            node.put("transaction", transaction);
        }
        return node;
    }

    /** {@code janus_process_error()}: a message plus {@code error: {code, reason}}. */
    static ObjectNode error(long sessionId, String transaction, JanusErrorCode code, String reason) {
        ObjectNode node = message("error", sessionId, transaction);
        ObjectNode error = node.putObject("error");
        error.put("code", code.code());
        error.put("reason", reason != null ? reason : defaultReason(code));
        return node;
    }

    static ObjectNode error(long sessionId, String transaction, JanusException e) {
        return error(sessionId, transaction, e.code(), e.reason());
    }

    /** The texts of {@code janus_get_api_error()} ({@code src/apierror.c}), used when no reason is given. */
    static String defaultReason(JanusErrorCode code) {
        return switch (code) {
            case UNAUTHORIZED -> "Unauthorized request (wrong or missing secret/token)";
            case UNAUTHORIZED_PLUGIN -> "Unauthorized access to plugin (token is not allowed to)";
            case TRANSPORT_SPECIFIC -> "Transport specific error";
            case MISSING_REQUEST -> "Missing request";
            case UNKNOWN_REQUEST -> "Unknown request";
            case INVALID_JSON -> "Invalid JSON";
            case INVALID_JSON_OBJECT -> "Invalid JSON Object";
            case MISSING_MANDATORY_ELEMENT -> "Missing mandatory element";
            case INVALID_REQUEST_PATH -> "Invalid path for this request";
            case SESSION_NOT_FOUND -> "Session not found";
            case HANDLE_NOT_FOUND -> "Handle not found";
            case PLUGIN_NOT_FOUND -> "Plugin not found";
            case PLUGIN_ATTACH -> "Error attaching plugin";
            case PLUGIN_MESSAGE -> "Error sending message to plugin";
            case PLUGIN_DETACH -> "Error detaching from plugin";
            case JSEP_UNKNOWN_TYPE -> "Unsupported JSEP type";
            case JSEP_INVALID_SDP -> "Invalid SDP";
            case TRICKE_INVALID_STREAM -> "Invalid stream";
            case INVALID_ELEMENT_TYPE -> "Invalid element type";
            case SESSION_CONFLICT -> "Session ID already in use";
            case UNEXPECTED_ANSWER -> "Unexpected ANSWER (no OFFER)";
            case TOKEN_NOT_FOUND -> "Token not found";
            case WEBRTC_STATE -> "Wrong WebRTC state";
            case NOT_ACCEPTING_SESSIONS -> "Currently not accepting new sessions";
            case UNKNOWN -> "Unknown error";
        };
    }

    /** {@code strcasecmp(a, b) == 0} for ASCII verbs, without Unicode case folding. */
    static boolean verbIs(String verb, String expected) {
        if (verb.length() != expected.length()) {
            return false;
        }
        for (int i = 0; i < verb.length(); i++) {
            char c = verb.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                c = (char) (c + ('a' - 'A'));
            }
            if (c != expected.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
