package io.github.wildfiresfu.media.routing;

import io.github.wildfiresfu.media.sdp.MediaKind;
import java.util.Map;
import java.util.Objects;

/**
 * One m-line a subscriber receives, as the router needs it. Immutable.
 *
 * @param mid          the subscriber's mid
 * @param kind         audio or video
 * @param ssrc         the SSRC we send on it (stable for the m-line's life)
 * @param payloadType  the payload type in our offer (every forwarded packet gets it)
 * @param clockRate    RTP clock rate of the codec
 * @param extensionIds header extensions of our offer, URI to id
 * @param nack         whether we offered {@code nack} (we then keep packets for retransmission)
 * @param feedHandleId the publisher handle feeding it, 0 when none
 * @param feedMid      the publisher's mid feeding it, null when none
 * @param send           whether media is relayed ({@code configure send})
 * @param negotiated     whether the subscriber's answer accepted this m-line
 * @param rtxPayloadType the RTX payload type (RFC 4588) the subscriber accepted, or -1: NACKed
 *                       packets then go out as RTX on {@code rtxSsrc}, else again on {@code ssrc}
 * @param rtxSsrc        our RTX SSRC on this m-line (the {@code ssrc-group:FID} partner), or -1
 */
public record SubscribedTrack(String mid, MediaKind kind, long ssrc, int payloadType, int clockRate,
        Map<String, Integer> extensionIds, boolean nack, long feedHandleId, String feedMid, boolean send,
        boolean negotiated, int rtxPayloadType, long rtxSsrc) {

    public SubscribedTrack {
        Objects.requireNonNull(mid, "mid");
        Objects.requireNonNull(kind, "kind");
        extensionIds = Map.copyOf(extensionIds);
        if (clockRate <= 0) {
            throw new IllegalArgumentException("clock rate must be positive, got " + clockRate);
        }
        if ((rtxPayloadType < 0) != (rtxSsrc < 0) || rtxPayloadType > 127 || rtxSsrc > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("RTX needs both a payload type (0-127) and an SSRC, or neither; got "
                    + rtxPayloadType + " and " + rtxSsrc);
        }
    }

    /** A track without RTX: retransmissions go out on {@code ssrc}. */
    public SubscribedTrack(String mid, MediaKind kind, long ssrc, int payloadType, int clockRate,
            Map<String, Integer> extensionIds, boolean nack, long feedHandleId, String feedMid, boolean send,
            boolean negotiated) {
        this(mid, kind, ssrc, payloadType, clockRate, extensionIds, nack, feedHandleId, feedMid, send, negotiated, -1,
                -1);
    }

    /** This track with another negotiation state. */
    public SubscribedTrack withNegotiated(boolean accepted) {
        return new SubscribedTrack(mid, kind, ssrc, payloadType, clockRate, extensionIds, nack, feedHandleId, feedMid,
                send, accepted, rtxPayloadType, rtxSsrc);
    }

    /** This track with RTX on {@code ssrc} with payload type {@code payloadType} (both -1: without). */
    public SubscribedTrack withRtx(int payloadType, long ssrc) {
        return new SubscribedTrack(mid, kind, this.ssrc, this.payloadType, clockRate, extensionIds, nack, feedHandleId,
                feedMid, send, negotiated, payloadType, ssrc);
    }

    /** Whether retransmissions go out as RTX. */
    public boolean rtx() {
        return rtxSsrc >= 0;
    }
}
