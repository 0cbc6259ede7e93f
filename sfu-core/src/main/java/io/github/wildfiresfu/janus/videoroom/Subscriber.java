package io.github.wildfiresfu.janus.videoroom;

import java.util.ArrayList;
import java.util.List;

/** A subscription handle (Janus {@code janus_videoroom_subscriber}). */
final class Subscriber {

    final HandleSession session;
    final Room room;
    final long privateId;
    final List<SubscriberStream> streams = new ArrayList<>();
    /** Janus starts subscriptions paused until {@code start}. */
    boolean paused = true;
    boolean kicked;
    /** The client answered the last offer; until then renegotiations are postponed. */
    boolean answered;
    boolean pendingOffer;
    boolean pendingRestart;

    Subscriber(HandleSession session, Room room, long privateId) {
        this.session = session;
        this.room = room;
        this.privateId = privateId;
    }

    SubscriberStream streamByMid(String mid) {
        for (SubscriberStream s : streams) {
            if (s.mid.equals(mid)) {
                return s;
            }
        }
        return null;
    }
}
