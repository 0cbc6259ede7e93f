package io.github.wildfiresfu.media.engine;

/**
 * What the engine tells the signalling layer about a handle's PeerConnection. Called on the
 * room's event loop: implementations must not block (the Janus adapter hands the events to the
 * core's thread-safe {@code MediaEventSink}).
 */
public interface TransportEvents {

    /** ICE and DTLS are up: media flows (Janus {@code webrtcup}). */
    void onConnected(long handleId);

    /**
     * The PeerConnection failed and is gone; its port is already released.
     *
     * @param reason    Janus's hangup reason: {@code "ICE failed"}, {@code "DTLS alert"}, {@code "DTLS timeout"}
     * @param iceFailed whether ICE failed (Janus then sends {@code ice-failed} before the hangup)
     */
    void onFailed(long handleId, String reason, boolean iceFailed);

    /**
     * A publisher stream started or stopped arriving (Janus {@code media} event): true on its
     * first packet after silence, false after {@code no_media_timer} without packets.
     *
     * @param kind {@code audio} or {@code video}
     */
    default void onMedia(long handleId, String mid, String kind, boolean receiving) {
    }

    /**
     * A stream of the PeerConnection is losing packets (Janus {@code slowlink} event, see
     * {@link io.github.wildfiresfu.media.routing.RoomRouter.SlowLinkListener}).
     *
     * @param kind   {@code audio} or {@code video}
     * @param uplink true for what the publisher sends us, false for what we send the subscriber
     * @param lost   packets lost (uplink) or NACKed (downlink) in the last second
     */
    default void onSlowLink(long handleId, String mid, String kind, boolean uplink, int lost) {
    }

    /**
     * A subscriber stream now gets simulcast substream {@code substream} (Janus's {@code substream}
     * event), after the switch happened on a keyframe of it.
     *
     * @param mid the subscriber's mid
     */
    default void onSubstreamChanged(long handleId, String mid, int substream) {
    }

    /**
     * A subscriber stream now gets simulcast temporal layers up to {@code temporal} (Janus's
     * {@code temporal} event).
     *
     * @param mid the subscriber's mid
     */
    default void onTemporalChanged(long handleId, String mid, int temporal) {
    }

    /** Events to nobody, for tests and tools. */
    TransportEvents NONE = new TransportEvents() {
        @Override
        public void onConnected(long handleId) {
        }

        @Override
        public void onFailed(long handleId, String reason, boolean iceFailed) {
        }
    };
}
