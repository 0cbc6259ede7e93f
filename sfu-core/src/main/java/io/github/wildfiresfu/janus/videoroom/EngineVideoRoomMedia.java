package io.github.wildfiresfu.janus.videoroom;

import io.github.wildfiresfu.janus.JanusCore;
import io.github.wildfiresfu.janus.MediaEventSink;
import io.github.wildfiresfu.janus.RemoteCandidate;
import io.github.wildfiresfu.janus.TrickleSink;
import io.github.wildfiresfu.media.engine.MediaEngine;
import io.github.wildfiresfu.media.engine.MediaEngineException;
import io.github.wildfiresfu.media.engine.RoomPolicy;
import io.github.wildfiresfu.media.engine.Subscription;
import io.github.wildfiresfu.media.engine.TransportEvents;
import io.github.wildfiresfu.media.recording.RecordedStream;
import io.github.wildfiresfu.media.recording.StreamRecorder;
import io.github.wildfiresfu.media.recording.StreamRecording;
import io.github.wildfiresfu.media.sdp.CodecPolicy;
import io.github.wildfiresfu.media.sdp.HeaderExtensionPolicy;
import io.github.wildfiresfu.media.sdp.MediaKind;
import io.github.wildfiresfu.media.sdp.PublisherAnswer;
import io.github.wildfiresfu.media.sdp.PublisherPolicy;
import io.github.wildfiresfu.media.sdp.RejectedMedia;
import io.github.wildfiresfu.media.sdp.SelectedCodec;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * The VideoRoom plugin's media port on the real {@link MediaEngine}: the one class that sees both
 * worlds. It turns VideoRoom requests ({@link VideoRoomMedia}) into the engine's typed calls, a
 * room's settings into a {@link RoomPolicy}, and the engine's transport events into the Janus
 * core's {@link MediaEventSink} ({@code webrtcup}; {@code media} when a publisher's stream starts
 * or stops arriving; {@code ice-failed} then {@code hangup} with Janus's reasons), and simulcast
 * layer changes into the plugin's {@link SimulcastListener} (its {@code substream} and
 * {@code temporal} events).
 *
 * <p><b>Recording.</b> {@link #startRecording} opens a recording with the port given at construction
 * ({@link StreamRecorder}; the launcher's MJR recorder) and puts it on the publisher's stream as the
 * router's tap; {@link #stopRecording} takes the tap off on the room's loop and then stops the recording, so
 * its file ends with the last packet routed.
 *
 * <p><b>Trickle.</b> When a handle gets a PeerConnection, a {@link TrickleSink} is registered with
 * the core. We are ICE-lite (RFC 8445 §2.5): we never check towards the browser, so its candidates
 * are of no use; they are accepted (Janus acks trickles anyway) and only counted. Our own
 * candidates are complete in every SDP we send ({@code a=end-of-candidates}), so nothing is
 * trickled to the client.
 *
 * <p><b>Threads.</b> The plugin calls this on the signalling thread; the engine never blocks it
 * (see {@link MediaEngine}). Engine events arrive on media loops and go to the core's sink, which
 * is thread-safe and hops to the core's thread.
 *
 * <p>Construction order: the plugin needs this object and the core needs the plugin, so the core
 * is {@linkplain #attach attached} after it is built; events before that are dropped with a
 * warning (there can be none: no PeerConnection exists before the first request reaches the core).
 */
public final class EngineVideoRoomMedia implements VideoRoomMedia {

    private static final System.Logger LOG = System.getLogger(EngineVideoRoomMedia.class.getName());

    private final MediaEngine engine;
    private final StreamRecorder recorder;
    /** Streams being recorded; signalling thread only. */
    private final Map<RecordingKey, StreamRecording> recordings = new HashMap<>();
    private volatile MediaEventSink mediaEvents;
    private volatile BiConsumer<Long, TrickleSink> trickleSinks;
    private volatile SimulcastListener simulcastListener;
    private final AtomicLong remoteCandidates = new AtomicLong();
    private final TransportEvents events = new TransportEvents() {
        @Override
        public void onConnected(long handleId) {
            MediaEventSink sink = sink();
            if (sink != null) {
                sink.webRtcUp(handleId);
            }
        }

        @Override
        public void onFailed(long handleId, String reason, boolean iceFailed) {
            MediaEventSink sink = sink();
            if (sink != null) {
                if (iceFailed) {
                    sink.iceFailed(handleId);
                }
                sink.hangup(handleId, reason);
            }
        }

        @Override
        public void onMedia(long handleId, String mid, String kind, boolean receiving) {
            MediaEventSink sink = sink();
            if (sink != null) {
                sink.media(handleId, mid, kind, receiving);
            }
        }

        @Override
        public void onSlowLink(long handleId, String mid, String kind, boolean uplink, int lost) {
            MediaEventSink sink = sink();
            if (sink != null) {
                sink.slowLink(handleId, mid, kind, uplink, lost);
            }
        }

        @Override
        public void onSubstreamChanged(long handleId, String mid, int substream) {
            SimulcastListener listener = simulcastListener;
            if (listener != null) {
                listener.onSubstream(handleId, mid, substream);
            }
        }

        @Override
        public void onTemporalChanged(long handleId, String mid, int temporal) {
            SimulcastListener listener = simulcastListener;
            if (listener != null) {
                listener.onTemporal(handleId, mid, temporal);
            }
        }
    };

    /** An adapter on {@code engine} that cannot record; {@link #attach} the core before serving requests. */
    public EngineVideoRoomMedia(MediaEngine engine) {
        this(engine, StreamRecorder.NONE);
    }

    /**
     * An adapter on {@code engine} whose recordings go to {@code recorder}; {@link #attach} the core before
     * serving requests.
     */
    public EngineVideoRoomMedia(MediaEngine engine, StreamRecorder recorder) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.recorder = Objects.requireNonNull(recorder, "recorder");
    }

    /** Connects the adapter to the core whose events and trickle sinks it feeds. */
    public void attach(JanusCore janusCore) {
        Objects.requireNonNull(janusCore, "core");
        attach(janusCore.mediaEvents(), janusCore::setTrickleSink);
    }

    /**
     * Connects the adapter to where media events go and to what registers trickle sinks (the core's
     * {@code setTrickleSink(handleId, sink)}); tests pass recorders.
     */
    public void attach(MediaEventSink events, BiConsumer<Long, TrickleSink> trickleSinkRegistry) {
        this.trickleSinks = Objects.requireNonNull(trickleSinkRegistry, "trickleSinkRegistry");
        this.mediaEvents = Objects.requireNonNull(events, "events");
    }

    @Override
    public void setSimulcastListener(SimulcastListener listener) {
        this.simulcastListener = Objects.requireNonNull(listener, "listener");
    }

    /** The engine behind this adapter. */
    public MediaEngine engine() {
        return engine;
    }

    /** Remote candidates received by trickle (and ignored: we are ICE-lite). */
    public long remoteCandidatesIgnored() {
        return remoteCandidates.get();
    }

    private MediaEventSink sink() {
        MediaEventSink sink = mediaEvents;
        if (sink == null) {
            LOG.log(Level.WARNING, "media event before the Janus core was attached; dropped");
        }
        return sink;
    }

    // ------------------------------------------------------------------ publishers

    @Override
    public PublishNegotiation publish(PublishRequest request) throws MediaException {
        RoomPolicy policy = policy(request.room(), request.audioCodec(), request.videoCodec());
        boolean fresh = !engine.hasTransport(request.handleId());
        MediaEngine.PublishResult result;
        try {
            result = engine.publish(request.handleId(), request.roomId(), request.offerSdp(), policy, events);
        } catch (MediaEngineException.SdpRejected e) {
            throw new MediaException.InvalidSdp(e.getMessage());
        } catch (MediaEngineException e) {
            throw new MediaException(e.getMessage(), e);
        }
        if (fresh) {
            acceptTrickles(request.handleId());
        }
        return new PublishNegotiation(result.answerSdp(), streams(result.answer()));
    }

    /**
     * A room's media rules in engine terms: its codec lists (or the codec the publisher asked
     * for), H.264/VP9 profiles, and which header extensions it negotiates.
     */
    static RoomPolicy policy(RoomSettings room, String audioCodec, String videoCodec) throws MediaException {
        try {
            String audio = audioCodec != null ? audioCodec : String.join(",", room.audioCodecs());
            String video = videoCodec != null ? videoCodec : String.join(",", room.videoCodecs());
            CodecPolicy codecs = CodecPolicy.of(audio, video);
            if (room.h264Profile() != null && video.toLowerCase(Locale.ROOT).contains("h264")) {
                codecs = codecs.withH264Profile(room.h264Profile());
            }
            if (room.vp9Profile() != null && video.toLowerCase(Locale.ROOT).contains("vp9")) {
                codecs = codecs.withVp9Profile(room.vp9Profile());
            }
            HeaderExtensionPolicy extensions = HeaderExtensionPolicy.defaults()
                    .with(HeaderExtensionPolicy.AUDIO_LEVEL, room.audiolevelExt())
                    .with(HeaderExtensionPolicy.VIDEO_ORIENTATION, room.videoorientExt())
                    .with(HeaderExtensionPolicy.PLAYOUT_DELAY, room.playoutdelayExt())
                    .with(HeaderExtensionPolicy.TRANSPORT_WIDE_CC, room.transportWideCcExt());
            return RoomPolicy.of(PublisherPolicy.defaults().withCodecs(codecs), extensions, room.bitrate(),
                    room.firFreq());
        } catch (IllegalArgumentException e) {
            throw new MediaException(e.getMessage(), e);
        }
    }

    /** Every m-line of the offer, in order, as the VideoRoom lists a publisher's streams. */
    static List<PublishedStream> streams(PublisherAnswer answer) {
        List<PublishedStream> out = new ArrayList<>();
        for (io.github.wildfiresfu.media.sdp.PublishedStream s : answer.streams()) {
            MediaType type = type(s.kind());
            if (type == null) {
                continue;
            }
            if (s.codec().isEmpty()) {
                out.add(new PublishedStream(type, s.mindex(), s.mid(), null, !s.sending(), false, false, false, false,
                        false, null, null, false));
                continue;
            }
            SelectedCodec c = s.codec().get();
            boolean opus = "opus".equals(c.name().janusName());
            out.add(new PublishedStream(type, s.mindex(), s.mid(), c.name().janusName(), !s.sending(), s.simulcast(),
                    false, opus && flag(c, "useinbandfec"), opus && flag(c, "usedtx"), opus && flag(c, "stereo"),
                    c.h264Profile().orElse(null), c.vp9Profile().orElse(null),
                    s.extensionIds().containsKey(HeaderExtensionPolicy.AUDIO_LEVEL)));
        }
        for (RejectedMedia r : answer.rejected()) {
            MediaType type = type(r.kind());
            if (type != null && r.mid() != null) {
                out.add(new PublishedStream(type, r.mindex(), r.mid(), null, true, false, false, false, false, false, null,
                        null, false));
            }
        }
        out.sort(Comparator.comparingInt(PublishedStream::mindex));
        return out;
    }

    private static boolean flag(SelectedCodec c, String parameter) {
        return c.codec().parameter(parameter).map("1"::equals).orElse(false);
    }

    private static MediaType type(MediaKind kind) {
        return switch (kind) {
            case AUDIO -> MediaType.AUDIO;
            case VIDEO -> MediaType.VIDEO;
            case APPLICATION -> MediaType.DATA;
            default -> null;
        };
    }

    private static MediaKind kind(MediaType type) {
        return switch (type) {
            case AUDIO -> MediaKind.AUDIO;
            case VIDEO -> MediaKind.VIDEO;
            case DATA -> MediaKind.APPLICATION;
        };
    }

    @Override
    public void updatePublisher(long handleId, List<PublisherStreamState> streams) {
        Map<String, Boolean> active = new LinkedHashMap<>();
        for (PublisherStreamState s : streams) {
            active.put(s.mid(), s.active() && !s.muted());
        }
        engine.setPublisherStreamsActive(handleId, active);
    }

    @Override
    public void requestKeyframe(long publisherHandleId, String mid) {
        engine.requestKeyframe(publisherHandleId, mid);
    }

    @Override
    public void closePublisher(long handleId) {
        engine.closeTransport(handleId);
        // The plugin stops recordings before it hangs up; these are the ones a caller forgot.
        for (RecordingKey key : List.copyOf(recordings.keySet())) {
            if (key.handleId() == handleId) {
                recordings.remove(key).stop();
            }
        }
    }

    // ------------------------------------------------------------------ recording

    private record RecordingKey(long handleId, String mid) {
    }

    /**
     * Opens a recording with what the engine negotiated (codec, fmtp, the header extensions the
     * post-processors read) and taps the stream on the room's loop. Janus records only the
     * video-orientation extension ({@code janus_videoroom_recorder_create}); we also name the audio-level
     * one, which {@code janus-pp-rec} reads too ({@code --audiolevel}).
     */
    @Override
    public boolean startRecording(RecordingRequest r) {
        RecordingKey key = new RecordingKey(r.handleId(), r.mid());
        if (recordings.containsKey(key)) {
            return true;
        }
        Optional<io.github.wildfiresfu.media.sdp.PublishedStream> negotiated = engine.publishedStream(r.handleId(),
                r.mid());
        if (negotiated.isEmpty() || negotiated.get().codec().isEmpty()) {
            LOG.log(Level.WARNING, "Not recording " + r.type().wireName() + " stream " + r.mid() + " of " + r.publisherId()
                    + " in room " + r.roomId() + ": the media engine has no negotiated stream for it");
            return false;
        }
        io.github.wildfiresfu.media.sdp.PublishedStream ps = negotiated.get();
        SelectedCodec codec = ps.codec().get();
        Map<Integer, String> extmaps = new TreeMap<>();
        for (String uri : List.of(HeaderExtensionPolicy.AUDIO_LEVEL, HeaderExtensionPolicy.VIDEO_ORIENTATION)) {
            Integer id = ps.extensionIds().get(uri);
            if (id != null) {
                extmaps.put(id, uri);
            }
        }
        String fmtp = codec.codec().fmtp();
        StreamRecording recording;
        try {
            recording = recorder.start(new RecordedStream(r.roomId(), r.publisherId(), kind(r.type()), r.mindex(),
                    codec.name().janusName(), fmtp == null || fmtp.isBlank() ? null : fmtp, r.description(), extmaps,
                    r.recDir(), r.filenameBase(), r.e2ee()));
        } catch (IllegalArgumentException | IllegalStateException e) {
            // Janus: "Couldn't open a <type> recording file for this publisher!"; the call goes on.
            LOG.log(Level.WARNING, "Not recording " + r.type().wireName() + " stream " + r.mid() + " of "
                    + r.publisherId() + " in room " + r.roomId() + ": " + e.getMessage());
            return false;
        }
        recordings.put(key, recording);
        engine.setPublisherTap(r.handleId(), r.mid(), recording);
        return true;
    }

    @Override
    public void stopRecording(long handleId, String mid) {
        StreamRecording recording = recordings.remove(new RecordingKey(handleId, mid));
        if (recording != null) {
            // Closed on the room's loop once the tap is off, so the file ends with the last packet routed.
            engine.setPublisherTap(handleId, mid, null).whenComplete((v, e) -> recording.stop());
        }
    }

    @Override
    public void recordingSourceChanged(long handleId, String mid) {
        StreamRecording recording = recordings.get(new RecordingKey(handleId, mid));
        if (recording != null) {
            recording.sourceChanged();
        }
    }

    /** How many streams are being recorded (for tests and diagnostics). */
    public int recordingCount() {
        return recordings.size();
    }

    // ------------------------------------------------------------------ subscribers

    @Override
    public String offerSubscriber(SubscriberOfferRequest request) throws MediaException {
        boolean fresh = !engine.hasTransport(request.handleId());
        String offer;
        try {
            offer = engine.offerSubscriber(request.handleId(), request.roomId(), subscriptions(request.streams()),
                    request.iceRestart(), events);
        } catch (MediaEngineException e) {
            throw new MediaException(e.getMessage(), e);
        }
        if (fresh) {
            acceptTrickles(request.handleId());
        }
        return offer;
    }

    @Override
    public Set<String> applySubscriberAnswer(long handleId, String answerSdp) throws MediaException {
        try {
            return engine.applySubscriberAnswer(handleId, answerSdp);
        } catch (MediaEngineException.SdpRejected e) {
            throw new MediaException.InvalidSdp(e.getMessage());
        } catch (MediaEngineException e) {
            throw new MediaException(e.getMessage(), e);
        }
    }

    @Override
    public void updateSubscriber(long handleId, List<SubscribedStream> streams, boolean paused) {
        engine.updateSubscriber(handleId, subscriptions(streams), paused);
    }

    @Override
    public void closeSubscriber(long handleId) {
        engine.closeTransport(handleId);
    }

    private static List<Subscription> subscriptions(List<SubscribedStream> streams) {
        List<Subscription> out = new ArrayList<>();
        for (SubscribedStream s : streams) {
            out.add(new Subscription(s.mindex(), s.mid(), kind(s.type()), s.active() ? s.feedHandleId() : 0,
                    s.active() ? s.feedMid() : null, s.send(), s.substream(), s.temporal(), Math.max(0, s.fallback())));
        }
        return out;
    }

    // ------------------------------------------------------------------ trickle

    private void acceptTrickles(long handleId) {
        BiConsumer<Long, TrickleSink> registry = trickleSinks;
        if (registry == null) {
            return;
        }
        registry.accept(handleId, new TrickleSink() {
            @Override
            public void onRemoteCandidate(RemoteCandidate candidate) {
                // ICE-lite: the browser's checks find us; its candidates are not needed.
                remoteCandidates.incrementAndGet();
            }

            @Override
            public void onEndOfCandidates() {
                // Nothing to wait for.
            }
        });
    }
}
