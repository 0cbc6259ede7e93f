package io.github.wildfiresfu.janus.videoroom;

import java.util.ArrayList;
import java.util.List;

/**
 * A participant: a publisher-type handle in a room, publishing or not (Janus
 * {@code janus_videoroom_publisher}).
 */
final class Publisher {

    final HandleSession session;
    final String id;
    final long privateId;
    /** The room; null once the participant left, was kicked, or the room was destroyed. */
    Room room;
    final String roomId;
    String display;
    long bitrate;
    boolean kicked;
    boolean recordingActive;
    String recordingBase;
    /** Codec preferences from {@code audiocodec}/{@code videocodec}; null = room order. */
    String audioCodec;
    String videoCodec;
    int audioActivePackets;
    int audioLevelAverage;
    boolean e2ee;
    /** Published streams, by mindex order; empty when not publishing. */
    final List<PublisherStream> streams = new ArrayList<>();
    /** Subscriptions created with this participant's private id (for kicks with require_pvtid). */
    final List<Subscriber> subscriptions = new ArrayList<>();

    Publisher(HandleSession session, Room room, String id, long privateId) {
        this.session = session;
        this.room = room;
        this.roomId = room.id();
        this.id = id;
        this.privateId = privateId;
        this.bitrate = room.settings.bitrate();
    }

    PublisherStream streamByMid(String mid) {
        for (PublisherStream s : streams) {
            if (s.mid.equals(mid)) {
                return s;
            }
        }
        return null;
    }

    /** Janus {@code session->started}: the PeerConnection is up. */
    boolean isPublishing() {
        return session.started;
    }
}
