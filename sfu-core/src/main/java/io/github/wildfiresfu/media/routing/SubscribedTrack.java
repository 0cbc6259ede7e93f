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
 * @param send         whether media is relayed ({@code configure send})
 * @param negotiated   whether the subscriber's answer accepted this m-line
 * @param substreamTarget simulcast substream wanted, 0 (lowest) .. 2 (VideoRoom {@code substream})
 * @param temporalTarget  simulcast temporal layer wanted, 0 .. 2 (VideoRoom {@code temporal})
 * @param fallbackMicros  silence on the current substream before falling back to a lower one, in
 *                        microseconds; 0 for Janus's default of 250 ms (VideoRoom {@code fallback})
 */
public record SubscribedTrack(String mid, MediaKind kind, long ssrc, int payloadType, int clockRate,
        Map<String, Integer> extensionIds, boolean nack, long feedHandleId, String feedMid, boolean send,
        boolean negotiated, int substreamTarget, int temporalTarget, long fallbackMicros) {

    public SubscribedTrack {
        Objects.requireNonNull(mid, "mid");
        Objects.requireNonNull(kind, "kind");
        extensionIds = Map.copyOf(extensionIds);
        if (clockRate <= 0) {
            throw new IllegalArgumentException("clock rate must be positive, got " + clockRate);
        }
        if (fallbackMicros < 0) {
            throw new IllegalArgumentException("fallback must not be negative, got " + fallbackMicros);
        }
    }

    /** A track that wants the highest simulcast layers with the default fallback (Janus's defaults). */
    public SubscribedTrack(String mid, MediaKind kind, long ssrc, int payloadType, int clockRate,
            Map<String, Integer> extensionIds, boolean nack, long feedHandleId, String feedMid, boolean send,
            boolean negotiated) {
        this(mid, kind, ssrc, payloadType, clockRate, extensionIds, nack, feedHandleId, feedMid, send, negotiated,
                SimulcastLayerSelector.MAX_LAYER, SimulcastLayerSelector.MAX_LAYER, 0);
    }

    /** This track with another negotiation state. */
    public SubscribedTrack withNegotiated(boolean accepted) {
        return new SubscribedTrack(mid, kind, ssrc, payloadType, clockRate, extensionIds, nack, feedHandleId, feedMid,
                send, accepted, substreamTarget, temporalTarget, fallbackMicros);
    }

    /** This track with other simulcast targets ({@code configure substream/temporal/fallback}). */
    public SubscribedTrack withLayers(int substream, int temporal, long fallback) {
        return new SubscribedTrack(mid, kind, ssrc, payloadType, clockRate, extensionIds, nack, feedHandleId, feedMid,
                send, negotiated, substream, temporal, fallback);
    }
}
