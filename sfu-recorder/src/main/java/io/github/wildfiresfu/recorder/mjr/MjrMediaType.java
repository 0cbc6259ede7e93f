package io.github.wildfiresfu.recorder.mjr;

import java.util.Locale;

/** What a recording holds: the {@code t} key of the MJR info header ({@code record.c}). */
public enum MjrMediaType {
    /** RTP audio, {@code "t":"a"}. */
    AUDIO("a", "audio"),
    /** RTP video, {@code "t":"v"}. */
    VIDEO("v", "video"),
    /** Data channel messages, {@code "t":"d"}; each record carries an 8-byte real-time prefix. */
    DATA("d", "data");

    private final String headerLetter;
    private final String word;

    MjrMediaType(String headerLetter, String word) {
        this.headerLetter = headerLetter;
        this.word = word;
    }

    /** The value of the header's {@code t} key. */
    public String headerLetter() {
        return headerLetter;
    }

    /** The word used in VideoRoom file names and the legacy header: audio, video or data. */
    public String word() {
        return word;
    }

    /** Parses a {@code t} value (case-insensitive as {@code janus-pp-rec}), or returns null. */
    public static MjrMediaType ofHeaderLetter(String t) {
        if (t == null) {
            return null;
        }
        return switch (t.toLowerCase(Locale.ROOT)) {
            case "a" -> AUDIO;
            case "v" -> VIDEO;
            case "d" -> DATA;
            default -> null;
        };
    }
}
