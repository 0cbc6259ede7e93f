package io.github.wildfiresfu.janus.videoroom;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The VideoRoom plugin's only way to negotiate media: the media engine (issue #3) implements it;
 * {@link UnavailableVideoRoomMedia} is the production default until then. The plugin never
 * invents SDP. All methods are called on the signalling thread and must not block on the network
 * (ICE/DTLS run elsewhere; the engine reports "PeerConnection up" through the core, which calls
 * {@link io.github.wildfiresfu.janus.JanusPlugin#setupMedia}).
 *
 * <p>Handles are identified by the Janus handle id ({@code PluginHandle#handleId()}), one
 * PeerConnection each, as in Janus.
 */
public interface VideoRoomMedia {

    /** Kind of an m-line. */
    enum MediaType {
        AUDIO, VIDEO, DATA;

        /** The VideoRoom wire name: {@code audio}, {@code video}, {@code data}. */
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * A publisher's SDP offer to answer.
     *
     * @param roomId        room of the publisher
     * @param publisherId   participant id
     * @param handleId      Janus handle (one PeerConnection)
     * @param offerSdp      the client's offer
     * @param renegotiation true if the PeerConnection exists and this offer updates it
     * @param room          the room's codec and extension settings to enforce
     * @param audioCodec    codec the publisher asked for ({@code audiocodec}), or null for the room order
     * @param videoCodec    codec the publisher asked for ({@code videocodec}), or null for the room order
     * @param simulcast     the JSEP {@code simulcast} hints from the core, or null
     * @param e2ee          JSEP {@code e2ee}: the publisher uses end-to-end encryption
     */
    record PublishRequest(String roomId, String publisherId, long handleId, String offerSdp, boolean renegotiation,
            RoomSettings room, String audioCodec, String videoCodec, String simulcast, boolean e2ee) {
        public PublishRequest {
            Objects.requireNonNull(offerSdp, "offerSdp");
            Objects.requireNonNull(room, "room");
        }
    }

    /**
     * One m-line the publisher sends, as negotiated.
     *
     * @param disabled     rejected or inactive (no usable codec): VideoRoom lists it as disabled
     * @param codec        negotiated codec name (e.g. opus, vp8); null for data or disabled
     * @param audioLevelExt whether ssrc-audio-level was negotiated (enables {@code talking})
     */
    record PublishedStream(MediaType type, int mindex, String mid, String codec, boolean disabled,
            boolean simulcast, boolean svc, boolean opusFec, boolean opusDtx, boolean opusStereo,
            String h264Profile, String vp9Profile, boolean audioLevelExt) {
        public PublishedStream {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(mid, "mid");
        }

        /** A plain stream: no simulcast/SVC, no Opus options, no profile. */
        public static PublishedStream of(MediaType type, int mindex, String mid, String codec) {
            return new PublishedStream(type, mindex, mid, codec, false, false, false, false, false, false, null, null,
                    false);
        }
    }

    /** The answer to a publisher, and what it publishes (all m-lines of the offer, in order). */
    record PublishNegotiation(String answerSdp, List<PublishedStream> streams) {
        public PublishNegotiation {
            Objects.requireNonNull(answerSdp, "answerSdp");
            streams = List.copyOf(streams);
        }
    }

    /**
     * One m-line of a subscription.
     *
     * @param feedId       publisher feeding it; null when the m-line is inactive (source gone)
     * @param feedMid      the publisher's mid feeding it; null when inactive
     * @param feedHandleId the publisher's Janus handle, to find its streams in the engine; 0 when inactive
     * @param send         whether media is relayed ({@code configure send})
     * @param substream    simulcast target (0-2), {@code temporal} and SVC targets likewise
     * @param fallback     simulcast {@code fallback}: microseconds without packets on a substream
     *                     before going down one, 0 for Janus's default (250000)
     */
    record SubscribedStream(int mindex, String mid, MediaType type, String codec, String feedId, String feedMid,
            long feedHandleId, boolean send, int substream, int temporal, int spatialLayer, int temporalLayer,
            int fallback) {
        public SubscribedStream {
            Objects.requireNonNull(mid, "mid");
            Objects.requireNonNull(type, "type");
        }

        /** A stream with the default simulcast fallback. */
        public SubscribedStream(int mindex, String mid, MediaType type, String codec, String feedId, String feedMid,
                long feedHandleId, boolean send, int substream, int temporal, int spatialLayer, int temporalLayer) {
            this(mindex, mid, type, codec, feedId, feedMid, feedHandleId, send, substream, temporal, spatialLayer,
                    temporalLayer, 0);
        }

        /** Whether a publisher stream feeds this m-line. */
        public boolean active() {
            return feedId != null;
        }
    }

    /**
     * A subscriber offer to create: the whole subscription, in m-line order.
     *
     * @param iceRestart the client asked for an ICE restart ({@code configure restart})
     */
    record SubscriberOfferRequest(String roomId, long handleId, List<SubscribedStream> streams, boolean iceRestart) {
        public SubscriberOfferRequest {
            streams = List.copyOf(streams);
        }
    }

    /** Control state of one publisher stream: relayed ({@code send}) and not moderated. */
    record PublisherStreamState(String mid, boolean active, boolean muted) {
    }

    /**
     * One publisher stream to record ({@code janus_videoroom_recorder_create} in {@code janus_videoroom.c}).
     *
     * @param roomId       room of the publisher (file name)
     * @param publisherId  participant id (file name)
     * @param handleId     the publisher's Janus handle (its PeerConnection)
     * @param mid          the stream
     * @param type         audio or video
     * @param mindex       its m-line index (file name)
     * @param codec        negotiated codec
     * @param description  the stream's description, or null
     * @param recDir       the room's {@code rec_dir}, or null for the working directory
     * @param filenameBase the publisher's {@code filename}, or null for Janus's
     *                     {@code videoroom-<room>-user-<id>-<µs>}
     * @param e2ee         the publisher encrypts end to end (marked in the file)
     */
    record RecordingRequest(String roomId, String publisherId, long handleId, String mid, MediaType type, int mindex,
            String codec, String description, String recDir, String filenameBase, boolean e2ee) {
        public RecordingRequest {
            Objects.requireNonNull(roomId, "roomId");
            Objects.requireNonNull(publisherId, "publisherId");
            Objects.requireNonNull(mid, "mid");
            Objects.requireNonNull(type, "type");
        }
    }

    /**
     * Starts recording a publisher stream, from its next packet. Returns at once; a file that cannot be
     * written is reported by the recorder (one log line, Janus has no event for it) and the call goes on.
     * This default is for ports without a recorder.
     *
     * @return whether the stream is being recorded now (false: it cannot be, e.g. no recorder, no such
     *         stream, a codec that cannot be recorded; the reason was logged)
     */
    default boolean startRecording(RecordingRequest request) {
        return false;
    }

    /** Stops recording a publisher stream; its file is closed and renamed. Unknown streams are ignored. */
    default void stopRecording(long handleId, String mid) {
    }

    /**
     * A recorded stream was renegotiated and goes on in the same file: numbering there continues from
     * the last packet ({@code sourceChanged} of the recording). Unknown streams are ignored.
     */
    default void recordingSourceChanged(long handleId, String mid) {
    }

    /**
     * Hears which simulcast layers subscriber streams get, as the media engine switches them (on
     * keyframes, on fallback). Called from media threads: implementations hand the news to the
     * signalling thread and return.
     */
    interface SimulcastListener {
        /** Subscriber stream {@code mid} of handle {@code subscriberHandleId} now gets substream {@code substream}. */
        void onSubstream(long subscriberHandleId, String mid, int substream);

        /** Subscriber stream {@code mid} of handle {@code subscriberHandleId} now gets temporal layers up to {@code temporal}. */
        void onTemporal(long subscriberHandleId, String mid, int temporal);
    }

    /** Registers where simulcast layer changes go (the plugin does, once); media without simulcast ignore it. */
    default void setSimulcastListener(SimulcastListener listener) {
    }

    /** Answers a publisher offer. */
    PublishNegotiation publish(PublishRequest request) throws MediaException;

    /** Creates (or re-creates, for renegotiation) the offer of a subscription; returns the SDP. */
    String offerSubscriber(SubscriberOfferRequest request) throws MediaException;

    /**
     * Applies a subscriber's answer; returns the mids the answer accepted (not inactive), which
     * become {@code ready}.
     */
    Set<String> applySubscriberAnswer(long handleId, String answerSdp) throws MediaException;

    /** The sources, send flags or pause state of a subscription changed without renegotiation. */
    void updateSubscriber(long handleId, List<SubscribedStream> streams, boolean paused);

    /** A publisher's streams were switched on/off or moderated. */
    void updatePublisher(long handleId, List<PublisherStreamState> streams);

    /** Asks a publisher for a keyframe on {@code mid} (PLI), e.g. {@code configure keyframe}. */
    void requestKeyframe(long publisherHandleId, String mid);

    /** The publisher's PeerConnection is going away (unpublish, hangup, leave). */
    void closePublisher(long handleId);

    /** The subscriber's PeerConnection is going away. */
    void closeSubscriber(long handleId);
}
