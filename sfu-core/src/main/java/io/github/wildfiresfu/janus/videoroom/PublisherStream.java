package io.github.wildfiresfu.janus.videoroom;

import io.github.wildfiresfu.janus.videoroom.VideoRoomMedia.MediaType;
import java.util.ArrayList;
import java.util.List;

/** One m-line a participant publishes (Janus {@code janus_videoroom_publisher_stream}). */
final class PublisherStream {

    final Publisher publisher;
    final MediaType type;
    final int mindex;
    String mid;
    String codec;
    String description;
    boolean disabled;
    /** Relayed ({@code send}); false after {@code configure send:false}. */
    boolean active = true;
    /** Moderated by {@code moderate mute:true}. */
    boolean muted;
    boolean simulcast;
    boolean svc;
    boolean opusFec;
    boolean opusDtx;
    boolean opusStereo;
    String h264Profile;
    String vp9Profile;
    boolean audioLevelExt;
    boolean talking;
    /** Whether the stream is being recorded (Janus: {@code ps->rc != NULL}), in which codec, under which mid. */
    boolean recording;
    String recordedCodec;
    String recordedMid;
    int minDelay = -1;
    int maxDelay = -1;
    /** Subscriber m-lines fed by this stream. */
    final List<SubscriberStream> subscribers = new ArrayList<>();

    PublisherStream(Publisher publisher, MediaType type, int mindex, String mid) {
        this.publisher = publisher;
        this.type = type;
        this.mindex = mindex;
        this.mid = mid;
    }
}
