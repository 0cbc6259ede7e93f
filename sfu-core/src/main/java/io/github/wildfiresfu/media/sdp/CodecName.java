package io.github.wildfiresfu.media.sdp;

import java.util.Locale;
import java.util.Optional;

/**
 * The codecs a VideoRoom may name in its {@code audiocodec} / {@code videocodec} lists, by the
 * names Janus uses ({@code src/utils.c} {@code janus_audiocodec_from_name} /
 * {@code janus_videocodec_from_name}; rtpmaps from {@code src/sdp-utils.c}
 * {@code janus_sdp_get_codec_rtpmap}).
 */
public enum CodecName {
    /** {@code opus/48000/2}. */
    OPUS("opus", MediaKind.AUDIO, "opus", 48000, 2),
    /** {@code multiopus/48000/6} (surround Opus). */
    MULTIOPUS("multiopus", MediaKind.AUDIO, "multiopus", 48000, 6),
    /** {@code PCMU/8000}. */
    PCMU("pcmu", MediaKind.AUDIO, "PCMU", 8000, 0),
    /** {@code PCMA/8000}. */
    PCMA("pcma", MediaKind.AUDIO, "PCMA", 8000, 0),
    /** {@code G722/8000}. */
    G722("g722", MediaKind.AUDIO, "G722", 8000, 0),
    /** {@code ISAC/32000}. */
    ISAC32("isac32", MediaKind.AUDIO, "ISAC", 32000, 0),
    /** {@code ISAC/16000}. */
    ISAC16("isac16", MediaKind.AUDIO, "ISAC", 16000, 0),
    /** {@code L16/48000}. */
    L16_48("l16-48", MediaKind.AUDIO, "L16", 48000, 0),
    /** {@code L16/16000}. */
    L16("l16", MediaKind.AUDIO, "L16", 16000, 0),
    /** {@code VP8/90000}. */
    VP8("vp8", MediaKind.VIDEO, "VP8", 90000, 0),
    /** {@code VP9/90000}. */
    VP9("vp9", MediaKind.VIDEO, "VP9", 90000, 0),
    /** {@code H264/90000}. */
    H264("h264", MediaKind.VIDEO, "H264", 90000, 0),
    /** {@code AV1/90000}. */
    AV1("av1", MediaKind.VIDEO, "AV1", 90000, 0),
    /** {@code H265/90000}. */
    H265("h265", MediaKind.VIDEO, "H265", 90000, 0);

    private final String janusName;
    private final MediaKind kind;
    private final String encodingName;
    private final int clockRate;
    private final int channels;

    CodecName(String janusName, MediaKind kind, String encodingName, int clockRate, int channels) {
        this.janusName = janusName;
        this.kind = kind;
        this.encodingName = encodingName;
        this.clockRate = clockRate;
        this.channels = channels;
    }

    /** The name in room configs and events ({@code opus}, {@code vp8}, {@code l16-48}, ...). */
    public String janusName() {
        return janusName;
    }

    /** Audio or video. */
    public MediaKind kind() {
        return kind;
    }

    /** The rtpmap encoding name as Janus writes it. */
    public String encodingName() {
        return encodingName;
    }

    /** The RTP clock rate. */
    public int clockRate() {
        return clockRate;
    }

    /** The codec by its Janus name, ignoring case. */
    public static Optional<CodecName> fromJanusName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (CodecName c : values()) {
            if (c.janusName.equals(n)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /**
     * True when an offered payload type is this codec: same encoding name (ignoring case) and
     * clock rate, and for Opus two channels, as RFC 7587 §7 requires.
     */
    public boolean matches(Codec codec) {
        if (!codec.name().equalsIgnoreCase(encodingName) || codec.clockRate() != clockRate) {
            return false;
        }
        return channels == 0 || codec.channels() == channels;
    }

    /** The codec of an offered payload type, if it is one of these. */
    public static Optional<CodecName> of(Codec codec) {
        for (CodecName c : values()) {
            if (c.matches(codec)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
