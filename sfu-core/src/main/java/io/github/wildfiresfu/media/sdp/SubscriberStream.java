package io.github.wildfiresfu.media.sdp;

/**
 * A stream we send to a subscriber, for {@link SubscriberOfferBuilder}.
 *
 * @param kind audio, video or application (data channels; then codec and SSRCs are unused)
 * @param mid the mid to use, or {@code null} to let the builder pick (a recycled free m-line of
 *     the same kind, else the next unused number)
 * @param codec the codec from the publisher's negotiation (payload type, fmtp, feedback); null for data
 * @param rtx the RTX payload type to offer ({@code apt} = codec's), or {@code null}
 * @param ssrc our outgoing SSRC
 * @param rtxSsrc our outgoing RTX SSRC, or -1
 * @param msid the msid to announce, or {@code null}
 * @param cname the RTCP CNAME of our SSRCs
 */
public record SubscriberStream(MediaKind kind, String mid, Codec codec, Codec rtx, long ssrc, long rtxSsrc, Msid msid,
        String cname) {

    public SubscriberStream {
        SdpSyntax.nonNull(kind, "kind");
        if (kind == MediaKind.OTHER) {
            throw new IllegalArgumentException("a subscriber stream is audio, video or application");
        }
        if (mid != null) {
            SdpSyntax.requireVisible(mid, "mid");
        }
        if (kind != MediaKind.APPLICATION) {
            SdpSyntax.nonNull(codec, "codec");
            Ssrc.requireSsrc(ssrc);
            if (rtx != null && (!rtx.isRtx() || rtx.apt().orElse(-1) != codec.payloadType())) {
                throw new IllegalArgumentException("rtx payload type " + rtx.payloadType()
                        + " must be rtx with apt=" + codec.payloadType());
            }
            if (rtx != null && rtxSsrc < 0) {
                throw new IllegalArgumentException("an rtx payload type needs an rtx ssrc");
            }
            if (rtxSsrc >= 0) {
                Ssrc.requireSsrc(rtxSsrc);
            }
            SdpSyntax.requireVisible(cname, "cname");
        }
    }

    /** An audio or video stream. */
    public static SubscriberStream media(MediaKind kind, String mid, Codec codec, Codec rtx, long ssrc, long rtxSsrc,
            Msid msid, String cname) {
        return new SubscriberStream(kind, mid, codec, rtx, ssrc, rtxSsrc, msid, cname);
    }

    /** The data channel m-line. */
    public static SubscriberStream data(String mid) {
        return new SubscriberStream(MediaKind.APPLICATION, mid, null, null, 0, -1, null, null);
    }

    /** This stream with a mid. */
    public SubscriberStream withMid(String newMid) {
        return new SubscriberStream(kind, newMid, codec, rtx, ssrc, rtxSsrc, msid, cname);
    }
}
