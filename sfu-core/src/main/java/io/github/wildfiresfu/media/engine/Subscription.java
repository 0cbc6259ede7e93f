package io.github.wildfiresfu.media.engine;

import io.github.wildfiresfu.media.sdp.MediaKind;
import java.util.Objects;

/**
 * One m-line of a subscription, as the signalling layer decided it.
 *
 * @param mindex       the m-line index (Janus numbers a subscription's m-lines 0, 1, ...)
 * @param mid          its mid
 * @param kind         audio, video or application
 * @param feedHandleId the publisher handle feeding it; 0 when the m-line has no source
 * @param feedMid      the publisher's mid feeding it; null when none
 * @param send         whether media is relayed ({@code configure send})
 * @param substream    simulcast substream wanted, 0 (lowest) .. 2 (VideoRoom {@code substream})
 * @param temporal     simulcast temporal layer wanted, 0 .. 2 (VideoRoom {@code temporal})
 * @param fallbackMicros silence before a simulcast subscriber falls back to a lower substream, in
 *                     microseconds; 0 for the default 250 ms (VideoRoom {@code fallback})
 */
public record Subscription(int mindex, String mid, MediaKind kind, long feedHandleId, String feedMid, boolean send,
        int substream, int temporal, long fallbackMicros) {

    public Subscription {
        Objects.requireNonNull(mid, "mid");
        Objects.requireNonNull(kind, "kind");
        if (fallbackMicros < 0) {
            throw new IllegalArgumentException("fallback must not be negative, got " + fallbackMicros);
        }
    }

    /** A subscription that wants the highest simulcast layers (Janus's defaults). */
    public Subscription(int mindex, String mid, MediaKind kind, long feedHandleId, String feedMid, boolean send) {
        this(mindex, mid, kind, feedHandleId, feedMid, send, 2, 2, 0);
    }

    /** Whether a publisher stream feeds this m-line. */
    public boolean active() {
        return feedHandleId != 0 && feedMid != null;
    }
}
