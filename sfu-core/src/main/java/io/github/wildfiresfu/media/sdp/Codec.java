package io.github.wildfiresfu.media.sdp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One payload type of an RTP m-line: its {@code a=rtpmap}, {@code a=fmtp} and
 * {@code a=rtcp-fb} lines together (RFC 8866 §6.6, RFC 4585 §4.2).
 *
 * @param payloadType 0-127
 * @param name encoding name as written ({@code opus}, {@code VP8}, {@code rtx}, ...)
 * @param clockRate Hz
 * @param channels audio channels from the rtpmap, or 0 when the rtpmap has none
 * @param fmtp the {@code a=fmtp} parameters as written, or {@code null} when there is no fmtp line
 * @param feedback the {@code a=rtcp-fb} values for this payload type in order, e.g.
 *     {@code nack}, {@code nack pli}, {@code ccm fir}, {@code transport-cc}
 */
public record Codec(int payloadType, String name, int clockRate, int channels, String fmtp, List<String> feedback) {

    public Codec {
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payload type " + payloadType + " is out of range 0-127");
        }
        SdpSyntax.requireVisible(name, "encoding name");
        if (name.indexOf('/') >= 0) {
            throw new IllegalArgumentException("encoding name \"" + name + "\" contains '/'");
        }
        if (clockRate <= 0) {
            throw new IllegalArgumentException("clock rate " + clockRate + " must be positive");
        }
        if (channels < 0) {
            throw new IllegalArgumentException("channels " + channels + " is negative");
        }
        if (fmtp != null) {
            SdpSyntax.requireText(fmtp, "fmtp");
        }
        feedback = List.copyOf(feedback);
        for (String fb : feedback) {
            SdpSyntax.requireText(fb, "rtcp-fb");
            if (fb.isBlank()) {
                throw new IllegalArgumentException("rtcp-fb value is empty");
            }
        }
    }

    /** A codec without fmtp or feedback. */
    public static Codec of(int payloadType, String name, int clockRate, int channels) {
        return new Codec(payloadType, name, clockRate, channels, null, List.of());
    }

    /** An RTX payload type for {@code apt} (RFC 4588 §8.6). */
    public static Codec rtx(int payloadType, int apt, int clockRate) {
        return new Codec(payloadType, "rtx", clockRate, 0, "apt=" + apt, List.of());
    }

    /** Parses an rtpmap value after the payload type: {@code <name>/<clock>[/<channels>]}. */
    static Codec fromRtpmap(int payloadType, String encoding) {
        String[] p = encoding.trim().split("/", -1);
        if (p.length < 2 || p.length > 3) {
            throw new IllegalArgumentException("rtpmap must be <pt> <name>/<clock rate>[/<channels>]");
        }
        int clock = SdpSyntax.intNumber(p[1], 1, Integer.MAX_VALUE, "clock rate");
        int ch = p.length == 3 ? SdpSyntax.intNumber(p[2], 1, 255, "channels") : 0;
        return of(payloadType, p[0], clock, ch);
    }

    /** The name in lower case, for comparisons ({@code vp8}, {@code h264}, {@code opus}, {@code rtx}). */
    public String lowerName() {
        return name.toLowerCase(Locale.ROOT);
    }

    /** True for {@code rtx} (RFC 4588). */
    public boolean isRtx() {
        return "rtx".equals(lowerName());
    }

    /**
     * The fmtp parameters as an ordered map with lower-case keys ({@code key=value;key=value},
     * RFC 8866 §6.15 leaves the format to each codec; this is the common form). A part without
     * {@code =} maps to the empty string; an absent fmtp gives an empty map.
     */
    public Map<String, String> parameters() {
        if (fmtp == null || fmtp.isBlank()) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String part : fmtp.split(";")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq < 0) {
                out.putIfAbsent(p.toLowerCase(Locale.ROOT), "");
            } else {
                out.putIfAbsent(p.substring(0, eq).trim().toLowerCase(Locale.ROOT), p.substring(eq + 1).trim());
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** One fmtp parameter by (case-insensitive) name. */
    public Optional<String> parameter(String key) {
        return Optional.ofNullable(parameters().get(key.toLowerCase(Locale.ROOT)));
    }

    /** The {@code apt} of an RTX payload type (RFC 4588 §8.6), if present and numeric. */
    public OptionalInt apt() {
        Optional<String> apt = parameter("apt");
        if (apt.isEmpty()) {
            return OptionalInt.empty();
        }
        try {
            int v = Integer.parseInt(apt.get());
            return v >= 0 && v <= 127 ? OptionalInt.of(v) : OptionalInt.empty();
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** The rtpmap value after the payload type: {@code name/clock[/channels]}. */
    public String rtpmap() {
        return name + "/" + clockRate + (channels > 0 ? "/" + channels : "");
    }

    /** This codec with another payload type. */
    public Codec withPayloadType(int pt) {
        return new Codec(pt, name, clockRate, channels, fmtp, feedback);
    }

    /** This codec with other feedback lines. */
    public Codec withFeedback(List<String> fb) {
        return new Codec(payloadType, name, clockRate, channels, fmtp, fb);
    }

    /** This codec with another fmtp ({@code null} for none). */
    public Codec withFmtp(String newFmtp) {
        return new Codec(payloadType, name, clockRate, channels, newFmtp, feedback);
    }

    /**
     * The codecs of the static payload types of RFC 3551 §6 that browsers use without an
     * rtpmap line; used only to name a payload type that has none.
     */
    public static Optional<Codec> staticPayloadType(int pt) {
        switch (pt) {
            case 0:
                return Optional.of(of(0, "PCMU", 8000, 0));
            case 3:
                return Optional.of(of(3, "GSM", 8000, 0));
            case 8:
                return Optional.of(of(8, "PCMA", 8000, 0));
            case 9:
                return Optional.of(of(9, "G722", 8000, 0));
            case 13:
                return Optional.of(of(13, "CN", 8000, 0));
            case 18:
                return Optional.of(of(18, "G729", 8000, 0));
            default:
                return Optional.empty();
        }
    }
}
