package io.github.wildfiresfu.janus.videoroom;

import io.github.wildfiresfu.janus.videoroom.VideoRoomMedia.MediaType;
import java.util.ArrayList;
import java.util.List;

/**
 * One m-line of a subscription (Janus {@code janus_videoroom_subscriber_stream}). Audio/video
 * lines have at most one source; the data line may have several.
 */
final class SubscriberStream {

    final Subscriber subscriber;
    final int mindex;
    final String mid;
    final MediaType type;
    /** Copied from the first source so an inactive line keeps its codec (Janus does the same). */
    String codec;
    String h264Profile;
    String vp9Profile;
    String crossrefid;
    boolean send = true;
    boolean ready;
    int substreamTarget = 2;
    int temporalTarget = 2;
    /** The simulcast substream relayed now, as the media engine last reported it; -1 before any. */
    int substream = -1;
    /** The simulcast temporal layer relayed now (engine report); -1 while all are relayed. */
    int temporal = -1;
    int fallback;
    int spatialTarget = 1;
    int temporalLayerTarget = 2;
    int minDelay = -1;
    int maxDelay = -1;
    final List<PublisherStream> sources = new ArrayList<>();

    SubscriberStream(Subscriber subscriber, int mindex, MediaType type) {
        this.subscriber = subscriber;
        this.mindex = mindex;
        this.mid = Integer.toString(mindex);
        this.type = type;
    }

    PublisherStream source() {
        return sources.isEmpty() ? null : sources.get(0);
    }
}
