package io.github.wildfiresfu.recorder.mjr;

import java.util.Locale;

/**
 * The codec names a Janus recorder accepts ({@code janus_recorder_create_full} in
 * {@code src/record.c}: anything else is refused) and facts about them that writing and
 * post-processing need.
 */
public final class MjrCodecs {

    private MjrCodecs() {
    }

    /**
     * The media type a codec name implies, or null if Janus's recorder does not accept it. Matching is
     * case-insensitive, as in {@code record.c}. ({@code l16} and {@code l16-48} are read by
     * {@code janus-pp-rec} although {@code record.c} 1.1 does not list them; we accept them too.)
     */
    public static MjrMediaType mediaTypeOf(String codec) {
        if (codec == null) {
            return null;
        }
        return switch (codec.toLowerCase(Locale.ROOT)) {
            case "vp8", "vp9", "h264", "av1", "h265" -> MjrMediaType.VIDEO;
            case "opus", "multiopus", "g711", "pcmu", "pcma", "g722", "l16", "l16-48" -> MjrMediaType.AUDIO;
            case "text", "binary" -> MjrMediaType.DATA;
            default -> null;
        };
    }

    /**
     * The RTP clock rate of a codec in Hz: 90000 for video, 48000 for Opus and {@code l16-48}, 16000
     * for {@code l16}, 8000 for G.711 and G.722 (whose RTP clock is 8 kHz by RFC 3551 §4.5.2 even
     * though it samples at 16 kHz); 0 for data, which has no RTP clock.
     */
    public static int clockRate(String codec) {
        MjrMediaType type = mediaTypeOf(codec);
        if (type == null) {
            throw new IllegalArgumentException("\"" + codec + "\" is not a codec the recorder accepts");
        }
        return switch (codec.toLowerCase(Locale.ROOT)) {
            case "opus", "multiopus", "l16-48" -> 48000;
            case "l16" -> 16000;
            case "g711", "pcmu", "pcma", "g722" -> 8000;
            case "text", "binary" -> 0;
            default -> 90000;
        };
    }
}
