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
 */
public record Subscription(int mindex, String mid, MediaKind kind, long feedHandleId, String feedMid, boolean send) {

    public Subscription {
        Objects.requireNonNull(mid, "mid");
        Objects.requireNonNull(kind, "kind");
    }

    /** Whether a publisher stream feeds this m-line. */
    public boolean active() {
        return feedHandleId != 0 && feedMid != null;
    }
}
