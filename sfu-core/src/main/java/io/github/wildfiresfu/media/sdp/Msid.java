package io.github.wildfiresfu.media.sdp;

/**
 * {@code a=msid:<stream id> [<track id>]} (RFC 8830 §2), media level or inside {@code a=ssrc}.
 *
 * @param streamId the MediaStream id ({@code -} for none)
 * @param trackId the MediaStreamTrack id, or {@code null} when absent
 */
public record Msid(String streamId, String trackId) {

    public Msid {
        SdpSyntax.requireVisible(streamId, "msid stream id");
        if (trackId != null) {
            SdpSyntax.requireVisible(trackId, "msid track id");
        }
    }

    /** Parses {@code <stream id> [<track id>]}. */
    public static Msid parse(String value) {
        var f = SdpSyntax.fields(value);
        if (f.isEmpty() || f.size() > 2) {
            throw new IllegalArgumentException("msid must be <stream id> [<track id>]");
        }
        return new Msid(f.get(0), f.size() == 2 ? f.get(1) : null);
    }

    /** The attribute value. */
    public String toSdp() {
        return trackId == null ? streamId : streamId + " " + trackId;
    }
}
