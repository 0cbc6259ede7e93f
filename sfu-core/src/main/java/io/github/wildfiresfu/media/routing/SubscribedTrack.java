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
 * @param substreamTarget simulcast substream wanted, 0 (lowest) .. 2 (VideoRoom {@code substream})
 * @param temporalTarget  simulcast temporal layer wanted, 0 .. 2 (VideoRoom {@code temporal})
 * @param fallbackMicros  silence on the current substream before falling back to a lower one, in
 *                        microseconds; 0 for Janus's default of 250 ms (VideoRoom {@code fallback})
 */
public record SubscribedTrack(String mid, MediaKind kind, long ssrc, int payloadType, int clockRate,
        Map<String, Integer> extensionIds, boolean nack, long feedHandleId, String feedMid, boolean send,
        boolean negotiated, int rtxPayloadType, long rtxSsrc, int substreamTarget, int temporalTarget,
        long fallbackMicros) {

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
        if (fallbackMicros < 0) {
            throw new IllegalArgumentException("fallback must not be negative, got " + fallbackMicros);
        }
    }

    /**
     * A track without RTX that wants the highest simulcast layers with the default fallback (Janus's
     * defaults): retransmissions go out on {@code ssrc}.
     */
    public SubscribedTrack(String mid, MediaKind kind, long ssrc, int payloadType, int clockRate,
            Map<String, Integer> extensionIds, boolean nack, long feedHandleId, String feedMid, boolean send,
            boolean negotiated) {
        this(mid, kind, ssrc, payloadType, clockRate, extensionIds, nack, feedHandleId, feedMid, send, negotiated, -1,
                -1, SimulcastLayerSelector.MAX_LAYER, SimulcastLayerSelector.MAX_LAYER, 0);
    }

    /** This track with another negotiation state. */
    public SubscribedTrack withNegotiated(boolean accepted) {
        return new SubscribedTrack(mid, kind, ssrc, payloadType, clockRate, extensionIds, nack, feedHandleId, feedMid,
                send, accepted, rtxPayloadType, rtxSsrc, substreamTarget, temporalTarget, fallbackMicros);
    }

    /** This track with RTX on {@code ssrc} with payload type {@code payloadType} (both -1: without). */
    public SubscribedTrack withRtx(int payloadType, long ssrc) {
        return new SubscribedTrack(mid, kind, this.ssrc, this.payloadType, clockRate, extensionIds, nack, feedHandleId,
                feedMid, send, negotiated, payloadType, ssrc, substreamTarget, temporalTarget, fallbackMicros);
    }

    /** Whether retransmissions go out as RTX. */
    public boolean rtx() {
        return rtxSsrc >= 0;
    }

    /** This track with other simulcast targets ({@code configure substream/temporal/fallback}). */
    public SubscribedTrack withLayers(int substream, int temporal, long fallback) {
        return new SubscribedTrack(mid, kind, ssrc, payloadType, clockRate, extensionIds, nack, feedHandleId, feedMid,
                send, negotiated, rtxPayloadType, rtxSsrc, substream, temporal, fallback);
    }
}
