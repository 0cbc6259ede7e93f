package io.github.wildfiresfu.media.sdp;

import java.util.Locale;

/** The media type of an m-line ({@code m=<media> ...}, RFC 8866 §5.14). */
public enum MediaKind {
    /** {@code m=audio}. */
    AUDIO,
    /** {@code m=video}. */
    VIDEO,
    /** {@code m=application}: data channels (RFC 8841). */
    APPLICATION,
    /** Any other media type ({@code text}, {@code message}, ...); always rejected in answers. */
    OTHER;

    /** The kind of an m-line's media token, compared ignoring case; unknown tokens are {@link #OTHER}. */
    public static MediaKind fromSdp(String media) {
        switch (media.toLowerCase(Locale.ROOT)) {
            case "audio":
                return AUDIO;
            case "video":
                return VIDEO;
            case "application":
                return APPLICATION;
            default:
                return OTHER;
        }
    }

    /** The SDP token ({@code audio}, {@code video}, {@code application}); {@code null} for {@link #OTHER}. */
    public String sdpName() {
        return this == OTHER ? null : name().toLowerCase(Locale.ROOT);
    }
}
