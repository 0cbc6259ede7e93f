package io.github.wildfiresfu.media.routing;

import io.github.wildfiresfu.media.sdp.CodecName;
import io.github.wildfiresfu.media.sdp.MediaKind;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One negotiated m-line of a publisher, as the router needs it (from the SDP layer's
 * {@link io.github.wildfiresfu.media.sdp.PublishedStream}). Immutable.
 *
 * @param mid            the publisher's mid
 * @param kind           audio or video (data m-lines are not routed here)
 * @param payloadType    the media payload type the publisher sends
 * @param rtxPayloadType its RTX payload type, or -1
 * @param clockRate      RTP clock rate of the codec
 * @param ssrcs          media SSRCs declared in the SDP (may be empty: learnt from the mid extension)
 * @param rtxSsrcs       media SSRC to RTX SSRC, from {@code ssrc-group:FID}
 * @param extensionIds   negotiated header extensions, URI to id
 * @param nack           whether {@code nack} feedback was negotiated (we then NACK losses)
 * @param sending        whether the publisher said it sends on this m-line
 * @param simulcast      rid simulcast or an SSRC {@code SIM} group: {@code ssrcs} are then the
 *                       layers, low to high, or {@code rids} name them (as offered, high first)
 * @param rids           the simulcast rids as offered, empty without rid simulcast
 * @param codec          the negotiated codec, or null when unknown; simulcast layer switching
 *                       needs it to find key frames (VP8, VP9, H.264, H.265, AV1) and VP8 temporal
 *                       layers: without it, any packet counts as a switching point
 */
public record PublishedTrack(String mid, MediaKind kind, int payloadType, int rtxPayloadType, int clockRate,
        List<Long> ssrcs, Map<Long, Long> rtxSsrcs, Map<String, Integer> extensionIds, boolean nack, boolean sending,
        boolean simulcast, List<String> rids, CodecName codec) {

    public PublishedTrack {
        rids = List.copyOf(rids);
        Objects.requireNonNull(mid, "mid");
        Objects.requireNonNull(kind, "kind");
        ssrcs = List.copyOf(ssrcs);
        rtxSsrcs = Map.copyOf(rtxSsrcs);
        extensionIds = Map.copyOf(extensionIds);
        if (clockRate <= 0) {
            throw new IllegalArgumentException("clock rate must be positive, got " + clockRate);
        }
    }

    /** A track whose codec the router does not know (any packet is a simulcast switching point). */
    public PublishedTrack(String mid, MediaKind kind, int payloadType, int rtxPayloadType, int clockRate,
            List<Long> ssrcs, Map<Long, Long> rtxSsrcs, Map<String, Integer> extensionIds, boolean nack, boolean sending,
            boolean simulcast, List<String> rids) {
        this(mid, kind, payloadType, rtxPayloadType, clockRate, ssrcs, rtxSsrcs, extensionIds, nack, sending, simulcast,
                rids, null);
    }

    /** A plain (not simulcast) track. */
    public static PublishedTrack of(String mid, MediaKind kind, int payloadType, int rtxPayloadType, int clockRate,
            List<Long> ssrcs, Map<Long, Long> rtxSsrcs, Map<String, Integer> extensionIds, boolean nack) {
        return new PublishedTrack(mid, kind, payloadType, rtxPayloadType, clockRate, ssrcs, rtxSsrcs, extensionIds, nack,
                true, false, List.of());
    }
}
