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
 */
public record SubscribedTrack(String mid, MediaKind kind, long ssrc, int payloadType, int clockRate,
        Map<String, Integer> extensionIds, boolean nack, long feedHandleId, String feedMid, boolean send,
        boolean negotiated) {

    public SubscribedTrack {
        Objects.requireNonNull(mid, "mid");
        Objects.requireNonNull(kind, "kind");
        extensionIds = Map.copyOf(extensionIds);
        if (clockRate <= 0) {
            throw new IllegalArgumentException("clock rate must be positive, got " + clockRate);
        }
    }

    /** This track with another negotiation state. */
    public SubscribedTrack withNegotiated(boolean accepted) {
        return new SubscribedTrack(mid, kind, ssrc, payloadType, clockRate, extensionIds, nack, feedHandleId, feedMid,
                send, accepted);
    }
}
