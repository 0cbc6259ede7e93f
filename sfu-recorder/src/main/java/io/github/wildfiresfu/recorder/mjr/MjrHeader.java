package io.github.wildfiresfu.recorder.mjr;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The JSON info header of an MJR00001/MJR00002 recording ({@code janus_recorder_save_frame} in
 * {@code src/record.c} writes it once, before the first packet), or the equivalent of a legacy
 * {@code MEETECHO} header.
 *
 * <table>
 *   <caption>Keys, in the order Janus writes them</caption>
 *   <tr><td>{@code t}</td><td>{@code a}, {@code v} or {@code d}</td></tr>
 *   <tr><td>{@code c}</td><td>codec name ({@link MjrCodecs})</td></tr>
 *   <tr><td>{@code f}</td><td>fmtp, optional</td></tr>
 *   <tr><td>{@code d}</td><td>stream description, optional</td></tr>
 *   <tr><td>{@code x}</td><td>RTP header extensions {@code {"<id>":"<uri>"}}, optional</td></tr>
 *   <tr><td>{@code s}</td><td>creation time, µs since the epoch</td></tr>
 *   <tr><td>{@code u}</td><td>time the first packet was written, µs since the epoch</td></tr>
 *   <tr><td>{@code or}</td><td>Opus RED payload type, optional (audio)</td></tr>
 *   <tr><td>{@code e}</td><td>{@code true} when the media is end-to-end encrypted, optional</td></tr>
 * </table>
 *
 * @param type               what the recording holds
 * @param codec              codec name as written (Janus writes lower case)
 * @param fmtp               codec parameters, or null
 * @param description        stream description, or null
 * @param extmaps            RTP header extension ids to URIs (read-only, sorted; empty if none)
 * @param createdMicros      {@code s}; 0 for legacy files
 * @param firstWriteMicros   {@code u}; 0 for legacy files
 * @param opusRedPayloadType {@code or}, or 0 when RED is not used
 * @param endToEndEncrypted  {@code e}
 * @param json               the header text exactly as found in the file, or null for a legacy file
 *                           or a header that was not read from a file
 */
public record MjrHeader(MjrMediaType type, String codec, String fmtp, String description,
                        SortedMap<Integer, String> extmaps, long createdMicros, long firstWriteMicros,
                        int opusRedPayloadType, boolean endToEndEncrypted, String json) {

    /** Longest header text a u16 length can describe. */
    public static final int MAX_JSON_BYTES = 0xFFFF;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Validates and freezes the fields. */
    public MjrHeader {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(codec, "codec");
        extmaps = extmaps == null ? Collections.emptySortedMap()
                : Collections.unmodifiableSortedMap(new TreeMap<>(extmaps));
    }

    /** A header for a new recording, as a writer fills it in (no {@code json} text yet). */
    public static MjrHeader forWriting(MjrMediaType type, String codec, String fmtp, String description,
                                       Map<Integer, String> extmaps, long createdMicros, long firstWriteMicros,
                                       int opusRedPayloadType, boolean endToEndEncrypted) {
        return new MjrHeader(type, codec, fmtp, description,
                extmaps == null ? null : new TreeMap<>(extmaps), createdMicros, firstWriteMicros,
                opusRedPayloadType, endToEndEncrypted, null);
    }

    /** The same header with another {@code u} (the writer learns it with the first packet). */
    public MjrHeader withFirstWriteMicros(long micros) {
        return new MjrHeader(type, codec, fmtp, description, extmaps, createdMicros, micros,
                opusRedPayloadType, endToEndEncrypted, null);
    }

    /** RTP clock rate of the codec ({@link MjrCodecs#clockRate}); 0 for data or unknown codecs. */
    public int clockRate() {
        return MjrCodecs.mediaTypeOf(codec) == null ? 0 : MjrCodecs.clockRate(codec);
    }

    /**
     * The header as compact JSON in Janus's key order. Extension ids outside 1–255 are left out
     * (Janus itself keeps only 1–15, the one-byte form; we keep two-byte ids too).
     */
    public String toJson() {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("t", type.headerLetter());
        o.put("c", codec);
        if (fmtp != null) {
            o.put("f", fmtp);
        }
        if (description != null) {
            o.put("d", description);
        }
        if (!extmaps.isEmpty()) {
            ObjectNode x = o.putObject("x");
            extmaps.forEach((id, uri) -> {
                if (id >= 1 && id <= 255 && uri != null) {
                    x.put(Integer.toString(id), uri);
                }
            });
        }
        o.put("s", createdMicros);
        o.put("u", firstWriteMicros);
        if (opusRedPayloadType > 0) {
            o.put("or", opusRedPayloadType);
        }
        if (endToEndEncrypted) {
            o.put("e", true);
        }
        try {
            return MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize MJR header", e);
        }
    }

    /** {@link #toJson()} as UTF-8, checked against the u16 length limit. */
    public byte[] toJsonBytes() {
        byte[] b = toJson().getBytes(StandardCharsets.UTF_8);
        if (b.length > MAX_JSON_BYTES) {
            throw new IllegalArgumentException("MJR header is " + b.length + " bytes, more than the "
                    + MAX_JSON_BYTES + " a u16 length allows (fmtp or description too long)");
        }
        return b;
    }

    /**
     * Parses the info header text the way {@code janus-pp-rec} checks it: {@code t} must be a known
     * type, {@code c} a string, {@code s} and {@code u} integers; malformed {@code x} entries are
     * skipped, as {@code janus-pp-rec} skips them.
     *
     * @param where names the file and offset for error messages
     */
    public static MjrHeader parse(String json, String where) throws MjrFormatException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new MjrFormatException(where + ": info header is not valid JSON ("
                    + e.getOriginalMessage() + ")", e);
        }
        if (root == null || !root.isObject()) {
            throw new MjrFormatException(where + ": info header is not a JSON object");
        }
        JsonNode t = root.get("t");
        MjrMediaType type = t != null && t.isTextual() ? MjrMediaType.ofHeaderLetter(t.asText()) : null;
        if (type == null) {
            throw new MjrFormatException(where + ": info header has a missing or unknown recording type \"t\": " + t);
        }
        JsonNode c = root.get("c");
        if (c == null || !c.isTextual()) {
            throw new MjrFormatException(where + ": info header has no codec \"c\"");
        }
        long s = requireInteger(root, "s", "creation time", where);
        long u = requireInteger(root, "u", "first-write time", where);
        SortedMap<Integer, String> extmaps = new TreeMap<>();
        JsonNode x = root.get("x");
        if (x != null && x.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = x.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isTextual()) {
                    continue;
                }
                try {
                    extmaps.put(Integer.parseInt(e.getKey().trim()), e.getValue().asText());
                } catch (NumberFormatException ignored) {
                    // janus-pp-rec's atoi() would read such a key as 0, which matches no extension.
                }
            }
        }
        JsonNode or = root.get("or");
        JsonNode e = root.get("e");
        return new MjrHeader(type, c.asText(), text(root, "f"), text(root, "d"), extmaps, s, u,
                or != null && or.canConvertToInt() ? or.asInt() : 0,
                e != null && e.isBoolean() && e.asBoolean(), json);
    }

    private static long requireInteger(JsonNode root, String key, String what, String where)
            throws MjrFormatException {
        JsonNode n = root.get(key);
        if (n == null || !n.isIntegralNumber() || !n.canConvertToLong()) {
            throw new MjrFormatException(where + ": info header has no " + what + " \"" + key + "\" (integer)");
        }
        return n.asLong();
    }

    private static String text(JsonNode root, String key) {
        JsonNode n = root.get(key);
        return n != null && n.isTextual() ? n.asText() : null;
    }
}
