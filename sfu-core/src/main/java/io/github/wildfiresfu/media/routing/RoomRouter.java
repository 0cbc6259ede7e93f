package io.github.wildfiresfu.media.routing;

import io.github.wildfiresfu.media.rtcp.Fir;
import io.github.wildfiresfu.media.rtcp.GenericNack;
import io.github.wildfiresfu.media.rtcp.Pli;
import io.github.wildfiresfu.media.rtcp.ReceiverReport;
import io.github.wildfiresfu.media.rtcp.Remb;
import io.github.wildfiresfu.media.rtcp.ReportBlock;
import io.github.wildfiresfu.media.rtcp.RtcpCompoundIterator;
import io.github.wildfiresfu.media.rtcp.RtcpDropReason;
import io.github.wildfiresfu.media.rtcp.RtcpHeader;
import io.github.wildfiresfu.media.rtcp.SenderReport;
import io.github.wildfiresfu.media.rtcp.TransportCcFeedback;
import io.github.wildfiresfu.media.rtp.DropCounters;
import io.github.wildfiresfu.media.rtp.RtpDropReason;
import io.github.wildfiresfu.media.rtp.RtpPacket;
import io.github.wildfiresfu.media.rtp.RtpStreamRewriter;
import io.github.wildfiresfu.media.rtp.RtpTimestamps;
import io.github.wildfiresfu.media.sdp.HeaderExtensionPolicy;
import io.github.wildfiresfu.media.rtp.VideoKeyframes;
import io.github.wildfiresfu.media.rtp.Vp8PayloadDescriptor;
import io.github.wildfiresfu.media.sdp.CodecName;
import io.github.wildfiresfu.media.sdp.MediaKind;
import io.github.wildfiresfu.media.srtp.SrtpSession;
import io.github.wildfiresfu.media.transport.MediaSender;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * The media of one room: publishers' streams fanned out to their subscribers' streams, and the
 * RTCP that keeps both sides healthy. One router per room, confined to the room's event loop
 * (design.md §3): receive → route → rewrite → protect → send runs on that thread with no locks,
 * and everything else that changes the router (signalling, timers) is posted to it.
 *
 * <p><b>Forwarding</b> ({@link PublisherPeer#onRtp}): the packet's SSRC finds its
 * {@link IncomingStream} (declared in SDP, or learnt from the RFC 8843 mid header extension); an RTX
 * packet (RFC 4588) is turned back into the original; then for each subscriber stream in the
 * stream's snapshot array the packet is copied once into the room's send buffer with the
 * subscriber's header extension ids ({@link ExtensionRewriter}), renumbered by its
 * {@link RtpStreamRewriter} (stable SSRC, continuous sequence numbers and timestamps across source
 * changes), given the subscriber's payload type, kept for retransmission, and handed to the
 * subscriber's {@link MediaSender}, which protects it in place and writes it to the socket.
 *
 * <p><b>Simulcast</b> (rid with the RFC 8852 rid/repaired-rid extensions, or an SSRC
 * {@code SIM} group): every substream is received as its own RTP stream ({@link IncomingLayer}:
 * statistics, NACKs, keyframe requests per SSRC), and each subscriber stream's
 * {@link SimulcastLayerSelector} picks the substream and VP8 temporal layer it gets, switching
 * substreams only on a keyframe of the new one (asked for with a PLI to that layer's SSRC) and
 * falling back when its substream stops arriving. Its rewriter then sees a change of source, so
 * SSRC, sequence numbers and timestamps stay continuous; for VP8 a {@link
 * io.github.wildfiresfu.media.rtp.Vp8PayloadRewriter} keeps PictureID and TL0PICIDX continuous
 * too (RFC 7741 §4.2). Layer changes are reported to a {@link SimulcastListener} (Janus's
 * {@code substream}/{@code temporal} events). A packet is parsed once for all subscribers (layer,
 * keyframe, temporal layer) before the fan-out.
 *
 * <p><b>RTCP</b>, as Janus's VideoRoom does it ({@code janus_videoroom.c}) with the mediasoup
 * shapes:
 * <ul>
 *   <li>keyframes: PLI to the publisher when a subscriber stream starts relaying (start, resume,
 *       switch, connect), when a subscriber sends PLI or FIR, and every {@code fir_freq} seconds;
 *       at most one per {@link #KEYFRAME_MIN_INTERVAL} per stream, a throttled request is sent when
 *       the interval is over;</li>
 *   <li>subscriber NACKs are answered from the stream's retransmission buffer, protected again, as
 *       RTX (RFC 4588, {@link RtxPayload}) on the stream's RTX SSRC when the subscriber accepted
 *       RTX, else as the original packet; the router NACKs the publisher's gaps itself
 *       ({@link NackGenerator});</li>
 *   <li>every {@link #REPORT_INTERVAL}: a receiver report to each publisher, with REMB capped at
 *       the room's {@code bitrate} when it has one;</li>
 *   <li>a publisher's sender report is relayed to the subscribers of that stream with the
 *       timestamp translated into each subscriber's timeline, keeping the publisher's NTP↔RTP
 *       mapping (and so lip sync) intact.</li>
 * </ul>
 * Transport-wide congestion control (draft-holmer-rmcat-transport-wide-cc-extensions-01), where
 * negotiated: a publisher's transport-wide sequence numbers are recorded on arrival and reported
 * back every {@link #setTransportCcFeedbackPeriod feedback period}
 * ({@link TransportCcFeedbackGenerator}), which drives the publisher's send-side bandwidth
 * estimate, with REMB still capping it; every packet to a subscriber, retransmissions included,
 * carries our own transport-wide sequence number, and the subscriber's feedback is counted
 * ({@link TransportCcSender}).
 *
 * <p><b>Buffers.</b> The router owns a send buffer and an RTCP buffer, reused for every packet of
 * the room (safe: one thread). An incoming packet is lent by the caller ({@link PublisherPeer#onRtp}):
 * it is changed in place to undo RTX, copied into the send buffer for each subscriber stream but
 * the last, and rewritten in place for the last one (JVB's clone-all-but-last), so the caller's
 * buffer must have {@link SrtpSession#MAX_TRAILER_LENGTH} bytes of room after the packet and must not
 * be read after the call. Nothing keeps it afterwards. A copy can be up to
 * {@link ExtensionRewriter#MAX_GROWTH} bytes longer than its source (our transport-wide sequence
 * number added where the publisher's packet had no extension); with less than
 * {@link #RECEIVE_HEADROOM} bytes after the packet, the last recipient gets a copy too.
 */
public final class RoomRouter {

    /** Shortest time between two keyframe requests to one publisher stream. */
    public static final Duration KEYFRAME_MIN_INTERVAL = Duration.ofMillis(300);
    /** How often receiver reports and REMB go to publishers. */
    public static final Duration REPORT_INTERVAL = Duration.ofSeconds(1);
    /** Video packets kept per subscriber stream for retransmission. */
    static final int HISTORY_PACKETS = 512;
    /**
     * Room a caller should leave after a packet it lends to {@link PublisherPeer#onRtp}, so that the
     * last recipient's copy can be made in place: the SRTP trailer and the header's growth.
     */
    public static final int RECEIVE_HEADROOM = SrtpSession.MAX_TRAILER_LENGTH + ExtensionRewriter.MAX_GROWTH;
    /** Janus's default {@code twcc_period} is 200 ms; libwebrtc's receivers report every 100 ms. */
    public static final Duration DEFAULT_TRANSPORT_CC_PERIOD = Duration.ofMillis(100);
    /**
     * Room needed in the send buffer: the largest datagram, the header's growth, an RTX OSN and
     * the SRTP trailer.
     */
    static final int BUFFER_SIZE = 2048 + ExtensionRewriter.MAX_GROWTH + RtxPayload.OSN_LENGTH
            + SrtpSession.MAX_TRAILER_LENGTH;

    private static final long KEYFRAME_MIN_INTERVAL_NANOS = KEYFRAME_MIN_INTERVAL.toNanos();
    private static final long REPORT_INTERVAL_NANOS = REPORT_INTERVAL.toNanos();
    /** Janus checks slow links once per second ({@code slowlink_threshold} is per second). */
    private static final long SLOW_LINK_PERIOD_NANOS = 1_000_000_000L;
    /** SSRCs learnt from extensions per publisher, at most (SRTP authenticated them, but bound it anyway). */
    private static final int MAX_LEARNT_SSRCS = 64;
    /**
     * A simulcast subscriber stream that relayed nothing for this long asks for a keyframe, at most
     * this often (Janus's {@code janus_videoroom_relay_rtp_packet}: one second).
     */
    private static final long STALL_KEYFRAME_NANOS = 1_000_000_000L;
    /** A simulcast layer that had a packet this recently is taken as arriving (for keyframe requests). */
    private static final long LIVE_LAYER_NANOS = 1_000_000_000L;

    /**
     * A publisher's room-level options.
     *
     * @param bitrate        REMB cap in bits/s, 0 for none (Janus {@code bitrate})
     * @param firFreqSeconds periodic keyframe requests, 0 for none (Janus {@code fir_freq})
     */
    public record PublisherSettings(long bitrate, int firFreqSeconds) {
        public PublisherSettings {
            if (bitrate < 0 || firFreqSeconds < 0) {
                throw new IllegalArgumentException("bitrate and fir_freq must not be negative");
            }
        }
    }

    /**
     * Hears when a publisher stream starts or stops arriving (Janus's {@code media} event,
     * {@code receiving} true/false). Called on the room's loop, at transitions only.
     */
    @FunctionalInterface
    public interface MediaActivityListener {
        void onPublisherMedia(String mid, MediaKind kind, boolean receiving);

        /** Hears nothing. */
        MediaActivityListener NONE = (mid, kind, receiving) -> { };
    }

    /**
     * Hears about lossy links (Janus's {@code slowlink} event, janus.jcfg
     * {@code media.slowlink_threshold}): a publisher stream that lost at least the threshold of
     * packets in the last second ({@code uplink} true: from the publisher to us), or a subscriber
     * stream whose subscriber asked (NACK) for at least the threshold of packets in the last second
     * ({@code uplink} false: from us to the subscriber). Called on the room's loop, at most once
     * per second per stream.
     */
    @FunctionalInterface
    public interface SlowLinkListener {
        void onSlowLink(long handleId, String mid, MediaKind kind, boolean uplink, int lost);
    }

    /**
     * Transport-cc feedback to one publisher: arrivals recorded (and not, as duplicates or too old
     * to report), sequence numbers never reported, feedback packets sent.
     */
    public record TransportCcFeedbackStats(int extensionId, long recorded, long duplicates, long tooOld, long forgotten,
            long feedbackPackets) {
    }

    /**
     * Transport-cc from one subscriber: packets we numbered, its feedback packets, what they
     * reported received and lost (each number counted once), feedback packets that went missing,
     * reports of numbers we never sent.
     */
    public record TransportCcSubscriberStats(long numbered, long feedbackPackets, long reportedReceived,
            long reportedLost, long missingFeedbackPackets, long unknownReports) {
    }

    /**
     * Hears which simulcast layers a subscriber stream gets (Janus's {@code substream} and
     * {@code temporal} events of {@code janus_videoroom_relay_rtp_packet}). Called on the room's
     * loop, in the middle of the fan-out, at changes only: implementations must not block or call
     * back into the router (hand the news to another thread).
     */
    public interface SimulcastListener {
        /** The subscriber stream {@code mid} of {@code handleId} now gets substream {@code substream}. */
        void onSubstreamChanged(long handleId, String mid, int substream);

        /** The subscriber stream {@code mid} of {@code handleId} now gets temporal layers up to {@code temporal}. */
        void onTemporalChanged(long handleId, String mid, int temporal);

        /** Hears nothing. */
        SimulcastListener NONE = new SimulcastListener() {
            @Override
            public void onSubstreamChanged(long handleId, String mid, int substream) {
            }

            @Override
            public void onTemporalChanged(long handleId, String mid, int temporal) {
            }
        };
    }

    /**
     * What one publisher stream did, for tests and stats. {@code ssrc} is its highest known
     * layer's; {@code keyframeRequests}, {@code nacksSent} and {@code lost} add up its layers;
     * {@code layers} lists simulcast substreams (empty without simulcast).
     */
    public record IncomingStats(String mid, MediaKind kind, long ssrc, long packets, long bytes, int subscribers,
            long keyframeRequests, long nacksSent, long lost, Map<RouterDropReason, Long> drops,
            List<LayerStats> layers) {
    }

    /** One simulcast substream of a publisher stream ({@code rid} null for SSRC simulcast). */
    public record LayerStats(int substream, String rid, long ssrc, long packets, long bytes, long keyframeRequests,
            long nacksSent, long lost) {
    }

    /**
     * What one subscriber stream did, for tests and stats; {@code substream} and {@code temporal}
     * are the simulcast layers it gets now (-1: none yet, or no simulcast source).
     */
    public record OutgoingStats(String mid, MediaKind kind, long ssrc, long feedHandleId, String feedMid,
            boolean forwarding, long packetsSent, long octetsSent, long retransmitted,
            Map<RouterDropReason, Long> drops, Map<RtpDropReason, Long> rewriteDrops, long rtxSsrc,
            long retransmittedAsRtx, int substream, int temporal) {
    }

    private final String roomId;
    private final TestFaults faults;
    /** Only drawn from when {@link #faults} drop packets, so production routing never touches it. */
    private final SplittableRandom faultRandom;
    private final LongSupplier nanoClock;
    private final RandomGenerator random;
    private final long retransmissionWindowNanos;
    private final long noMediaNanos;
    private int slowLinkThreshold;
    private SlowLinkListener slowLinkListener = (handleId, mid, kind, uplink, lost) -> { };
    private SimulcastListener simulcastListener = SimulcastListener.NONE;
    private long lastSlowLinkCheckNanos;
    private boolean slowLinkClockStarted;
    private long transportCcPeriodNanos = DEFAULT_TRANSPORT_CC_PERIOD.toNanos();
    private final Map<Long, PublisherPeer> publishers = new LinkedHashMap<>();
    private final Map<Long, SubscriberPeer> subscribers = new LinkedHashMap<>();
    private PublisherPeer[] publisherSnapshot = new PublisherPeer[0];

    private final byte[] sendBuffer = new byte[BUFFER_SIZE];
    private final byte[] rtcpBuffer = new byte[BUFFER_SIZE];
    private final int[] sequenceScratch = new int[NackGenerator.CAPACITY];
    private final RtpPacket incoming = new RtpPacket();
    private final RtpPacket outgoing = new RtpPacket();
    private final RtcpCompoundIterator rtcp = new RtcpCompoundIterator();
    private final SenderReport senderReport = new SenderReport();
    private final Pli pli = new Pli();
    private final Fir fir = new Fir();
    private final GenericNack nack = new GenericNack();
    private final TransportCcFeedback transportCcFeedback = new TransportCcFeedback();
    private final Vp8PayloadDescriptor vp8Descriptor = new Vp8PayloadDescriptor();
    /** The packet being routed, for the layer selectors: its substream, set by {@link PublisherPeer#onRtp}. */
    private int packetLayer;
    /** Whether the packet being routed starts a keyframe of its substream. */
    private boolean packetKeyframe;
    /** VP8 temporal layer (TID) of the packet being routed, -1 when it has none. */
    private int packetTemporalLayer = -1;
    private final DropCounters<RtcpDropReason> rtcpDrops = new DropCounters<>(RtcpDropReason.class);

    /** A router whose publishers stop counting as receiving after 1 s of silence (Janus's default). */
    public RoomRouter(String roomId, LongSupplier nanoClock, RandomGenerator random, Duration retransmissionWindow) {
        this(roomId, nanoClock, random, retransmissionWindow, Duration.ofSeconds(1));
    }

    /**
     * @param roomId               for logs
     * @param nanoClock            monotonic nanoseconds (the loop's clock; a fake in tests)
     * @param random               SSRCs and initial sequence numbers of subscriber streams
     * @param retransmissionWindow how long sent video packets are kept for NACKs
     * @param noMediaTimer         silence after which a publisher stream is reported as not receiving
     *                             (janus.jcfg {@code no_media_timer}); zero turns those reports off
     */
    public RoomRouter(String roomId, LongSupplier nanoClock, RandomGenerator random, Duration retransmissionWindow,
            Duration noMediaTimer) {
        this(roomId, nanoClock, random, retransmissionWindow, noMediaTimer, TestFaults.NONE);
    }

    /**
     * As {@link #RoomRouter(String, LongSupplier, RandomGenerator, Duration, Duration)}, with
     * test-only faults ({@link TestFaults#NONE} in production).
     */
    public RoomRouter(String roomId, LongSupplier nanoClock, RandomGenerator random, Duration retransmissionWindow,
            Duration noMediaTimer, TestFaults faults) {
        this.faults = Objects.requireNonNull(faults, "faults");
        this.faultRandom = new SplittableRandom(faults.seed());
        this.roomId = Objects.requireNonNull(roomId, "roomId");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.random = Objects.requireNonNull(random, "random");
        this.retransmissionWindowNanos = retransmissionWindow.toNanos();
        this.noMediaNanos = noMediaTimer.toNanos();
    }

    /**
     * Turns {@code slowlink} reports on ({@code thresholdPerSecond} > 0, lost or NACKed packets per
     * second) or off (0, Janus's default). On the room's loop, or before the router is used.
     */
    public void setSlowLink(int thresholdPerSecond, SlowLinkListener listener) {
        if (thresholdPerSecond < 0) {
            throw new IllegalArgumentException("slowlink_threshold must not be negative: " + thresholdPerSecond);
        }
        this.slowLinkThreshold = thresholdPerSecond;
        this.slowLinkListener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * How often publishers get transport-cc feedback (janus.jcfg {@code twcc_period}); the room's
     * tick (every 50 ms in the engine) is the finest step. On the room's loop, or before the router
     * is used.
     */
    public void setTransportCcFeedbackPeriod(Duration period) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("twcc_period must be positive: " + period);
        }
        this.transportCcPeriodNanos = period.toNanos();
    }

    /** Where simulcast layer changes of subscriber streams go. On the room's loop, or before the router is used. */
    public void setSimulcastListener(SimulcastListener listener) {
        this.simulcastListener = Objects.requireNonNull(listener, "listener");
    }

    /** The room this router serves. */
    public String roomId() {
        return roomId;
    }

    /** Adds a publisher PeerConnection; its streams come with {@link PublisherPeer#update}. */
    public PublisherPeer addPublisher(long handleId, MediaSender sender) {
        return addPublisher(handleId, sender, MediaActivityListener.NONE);
    }

    /** As {@link #addPublisher(long, MediaSender)}, with a listener for its streams' activity. */
    public PublisherPeer addPublisher(long handleId, MediaSender sender, MediaActivityListener activity) {
        PublisherPeer p = new PublisherPeer(handleId, sender, random.nextLong() & 0xFFFF_FFFFL, activity);
        PublisherPeer previous = publishers.put(handleId, p);
        if (previous != null) {
            previous.detach();
        }
        publisherSnapshot = publishers.values().toArray(new PublisherPeer[0]);
        return p;
    }

    /** Adds a subscriber PeerConnection; its streams come with {@link SubscriberPeer#update}. */
    public SubscriberPeer addSubscriber(long handleId, MediaSender sender) {
        SubscriberPeer s = new SubscriberPeer(handleId, sender);
        SubscriberPeer previous = subscribers.put(handleId, s);
        if (previous != null) {
            previous.detach();
        }
        return s;
    }

    /** How many publishers and subscribers the room has. */
    public int peerCount() {
        return publishers.size() + subscribers.size();
    }

    /**
     * Runs the room's periodic work at {@code nowNanos}: NACK retries, throttled and periodic
     * keyframe requests, receiver reports and REMB. Called by the room's timer (every 20-100 ms).
     */
    public void tick(long nowNanos) {
        for (PublisherPeer p : publisherSnapshot) {
            p.tick(nowNanos);
        }
        if (slowLinkThreshold > 0) {
            if (!slowLinkClockStarted) {
                // The first window ends a second after the first tick; every stream's counters start at 0.
                slowLinkClockStarted = true;
                lastSlowLinkCheckNanos = nowNanos;
            } else if (nowNanos - lastSlowLinkCheckNanos >= SLOW_LINK_PERIOD_NANOS) {
                lastSlowLinkCheckNanos = nowNanos;
                checkSlowLinks();
            }
        }
    }

    /**
     * Janus's rule ({@code janus_slow_link_update} in ice.c): once per second, per stream and
     * direction, the packets lost since the previous check (0 if the counter went back, as after a
     * change of SSRC) are compared with the threshold; reaching it reports them. Uplink counts the
     * publisher's packets that never arrived (our receive statistics); downlink counts the sequence
     * numbers the subscriber NACKed (what it lost on the way from us).
     */
    private void checkSlowLinks() {
        for (PublisherPeer p : publisherSnapshot) {
            if (!p.connected) {
                continue;
            }
            for (IncomingStream s : p.streams) {
                long lost = s.lost();
                long recent = Math.max(0, lost - s.slowLinkLostAtCheck);
                s.slowLinkLostAtCheck = lost;
                if (recent >= slowLinkThreshold) {
                    slowLinkListener.onSlowLink(p.handleId, s.mid, s.kind, true, (int) Math.min(recent, Integer.MAX_VALUE));
                }
            }
        }
        for (SubscriberPeer sub : subscribers.values()) {
            if (!sub.connected) {
                continue;
            }
            for (OutgoingStream o : sub.streams) {
                long recent = Math.max(0, o.nacked - o.slowLinkNackedAtCheck);
                o.slowLinkNackedAtCheck = o.nacked;
                if (recent >= slowLinkThreshold) {
                    slowLinkListener.onSlowLink(sub.handleId, o.track.mid(), o.track.kind(), false,
                            (int) Math.min(recent, Integer.MAX_VALUE));
                }
            }
        }
    }

    /** RTCP packets dropped by the parsers, by reason. */
    public DropCounters<RtcpDropReason> rtcpDrops() {
        return rtcpDrops;
    }

    /** Links every subscriber stream that wants a stream of {@code publisher} (after it changed). */
    private void relinkSubscribersOf(long publisherHandleId, long nowNanos) {
        for (SubscriberPeer s : subscribers.values()) {
            for (OutgoingStream o : s.streams) {
                if (o.track.feedHandleId() == publisherHandleId) {
                    s.link(o, nowNanos);
                }
            }
        }
    }

    private IncomingStream find(long publisherHandleId, String mid, MediaKind kind) {
        PublisherPeer p = publishers.get(publisherHandleId);
        if (p == null || mid == null) {
            return null;
        }
        IncomingStream s = p.streamsByMid.get(mid);
        return s != null && s.kind == kind ? s : null;
    }

    // =================================================================== publishers

    /**
     * A publisher's PeerConnection on the router. Obtained from {@link RoomRouter#addPublisher};
     * every method runs on the room's loop.
     */
    public final class PublisherPeer {

        final long handleId;
        final MediaSender sender;
        /** Our SSRC as the sender of RTCP feedback to this publisher. */
        final long localSsrc;
        final Map<String, IncomingStream> streamsByMid = new LinkedHashMap<>();
        private IncomingStream[] streams = new IncomingStream[0];
        private final SsrcTable<IncomingLayer> bySsrc = new SsrcTable<>();
        private final SsrcTable<IncomingLayer> byRtxSsrc = new SsrcTable<>();
        /** Taps by mid ({@link #setTap}), kept across renegotiations. */
        private final Map<String, PublisherTap> taps = new HashMap<>();
        private final DropCounters<RouterDropReason> drops = new DropCounters<>(RouterDropReason.class);
        private final DropCounters<RtpDropReason> malformed = new DropCounters<>(RtpDropReason.class);
        private PublisherSettings settings = new PublisherSettings(0, 0);
        private boolean connected;
        private boolean removed;
        private long lastReportNanos;
        private long lastPeriodicKeyframeNanos;
        private int learnt;
        private final MediaActivityListener activity;
        /** The publisher's transport-wide sequence number extension id (one per BUNDLE, RFC 8285), 0: none. */
        private int transportCcExtensionId;
        /** Arrivals of transport-wide sequence numbers; null while the extension is not negotiated. */
        private TransportCcFeedbackGenerator transportCc;
        private long nextTransportCcFeedbackNanos;

        PublisherPeer(long handleId, MediaSender sender, long localSsrc, MediaActivityListener activity) {
            this.handleId = handleId;
            this.sender = Objects.requireNonNull(sender, "sender");
            this.localSsrc = localSsrc;
            this.activity = Objects.requireNonNull(activity, "activity");
        }

        /**
         * Sets (or renegotiates) what the publisher sends. A stream keeps its subscribers across
         * renegotiations when its mid and kind stay; streams that went away leave their subscribers
         * waiting for a source.
         */
        public void update(List<PublishedTrack> tracks, PublisherSettings newSettings) {
            if (removed) {
                return;
            }
            this.settings = Objects.requireNonNull(newSettings, "settings");
            Map<String, IncomingStream> next = new LinkedHashMap<>();
            for (PublishedTrack t : tracks) {
                if (t.kind() != MediaKind.AUDIO && t.kind() != MediaKind.VIDEO) {
                    continue;
                }
                IncomingStream s = streamsByMid.get(t.mid());
                if (s != null && s.kind == t.kind()) {
                    if (s.update(t)) {
                        // Other layers behind the same indexes: subscribers start over on a keyframe.
                        for (OutgoingStream o : s.subscribers) {
                            o.layers.reset();
                        }
                    }
                } else {
                    s = new IncomingStream(this, t);
                }
                next.put(t.mid(), s);
            }
            for (IncomingStream old : streamsByMid.values()) {
                if (next.get(old.mid) != old) {
                    for (OutgoingStream o : old.subscribers) {
                        o.source = null;
                    }
                    old.subscribers = new OutgoingStream[0];
                }
            }
            streamsByMid.clear();
            streamsByMid.putAll(next);
            streams = next.values().toArray(new IncomingStream[0]);
            for (IncomingStream s : streams) {
                s.tap = taps.get(s.mid);
            }
            bySsrc.clear();
            byRtxSsrc.clear();
            learnt = 0;
            transportCcExtensionId = 0;
            for (IncomingStream s : streams) {
                int twcc = s.track.extensionIds().getOrDefault(HeaderExtensionPolicy.TRANSPORT_WIDE_CC, 0);
                if (transportCcExtensionId == 0 && twcc > 0) {
                    transportCcExtensionId = twcc;
                }
                if (!s.ridBased) {
                    for (long ssrc : s.track.ssrcs()) {
                        IncomingLayer layer = s.layerOfMediaSsrc(ssrc);
                        if (layer != null) {
                            bySsrc.put((int) ssrc, layer);
                        }
                    }
                    for (Map.Entry<Long, Long> rtx : s.track.rtxSsrcs().entrySet()) {
                        IncomingLayer layer = s.layerOfMediaSsrc(rtx.getKey());
                        if (layer != null) {
                            byRtxSsrc.put((int) (long) rtx.getValue(), layer);
                        }
                    }
                }
                // SSRCs learnt before the renegotiation stay: browsers do not repeat mid and rid.
                for (IncomingLayer layer : s.layers) {
                    if (layer.ssrc >= 0 && bySsrc.get((int) layer.ssrc) == null) {
                        bySsrc.put((int) layer.ssrc, layer);
                    }
                    if (layer.rtxSsrc >= 0 && byRtxSsrc.get((int) layer.rtxSsrc) == null) {
                        byRtxSsrc.put((int) layer.rtxSsrc, layer);
                    }
                }
            }
            if (transportCcExtensionId > 0 && transportCc == null) {
                transportCc = new TransportCcFeedbackGenerator();
                nextTransportCcFeedbackNanos = nanoClock.getAsLong();
            }
            relinkSubscribersOf(handleId, nanoClock.getAsLong());
        }

        /**
         * Sets (or, with null, removes) the tap on the stream {@code mid}: it sees that stream's packets from
         * now on, and keeps seeing them across renegotiations while the mid stays (see {@link PublisherTap}).
         * A mid not published (yet) gets the tap when it appears.
         */
        public void setTap(String mid, PublisherTap tap) {
            if (tap == null) {
                taps.remove(mid);
            } else {
                taps.put(mid, tap);
            }
            IncomingStream s = streamsByMid.get(mid);
            if (s != null) {
                s.tap = tap;
            }
        }

        /** Switches publisher streams on or off ({@code configure send}, moderation), by mid. */
        public void setActive(Map<String, Boolean> activeByMid) {
            long now = nanoClock.getAsLong();
            for (Map.Entry<String, Boolean> e : activeByMid.entrySet()) {
                IncomingStream s = streamsByMid.get(e.getKey());
                if (s != null && s.active != e.getValue()) {
                    s.active = e.getValue();
                    if (s.active) {
                        requestKeyframe(s, now);
                    }
                }
            }
        }

        /** Asks the publisher for a keyframe on {@code mid} (throttled; every simulcast layer). */
        public void requestKeyframe(String mid) {
            IncomingStream s = streamsByMid.get(mid);
            if (s != null) {
                requestKeyframe(s, nanoClock.getAsLong());
            }
        }

        /** The PeerConnection is up: pending keyframe requests go out, the first report too. */
        public void onConnected() {
            connected = true;
            long now = nanoClock.getAsLong();
            sendReports(now);
            for (IncomingStream s : streams) {
                for (IncomingLayer layer : s.layers) {
                    if (layer.keyframePending) {
                        sendKeyframeRequest(layer, now);
                    }
                }
            }
        }

        /**
         * A plain RTP packet from the publisher, in the caller's buffer: borrowed for the call, with
         * room for an SRTP trailer after it, and rewritten in place (see the class comment).
         */
        public void onRtp(byte[] buf, int off, int len) {
            RtpPacket rtp = incoming;
            RtpDropReason bad = rtp.wrap(buf, off, len);
            if (bad != null) {
                malformed.increment(bad);
                return;
            }
            long now = nanoClock.getAsLong();
            if (transportCcExtensionId > 0) {
                // Before anything can drop it: padding, RTX and duplicates are what bandwidth probes
                // are made of, and the publisher's estimate needs their arrival times.
                recordTransportCc(rtp, now);
            }
            long ssrc = rtp.ssrc();
            IncomingLayer layer = bySsrc.get((int) ssrc);
            boolean rtx = false;
            if (layer == null) {
                layer = byRtxSsrc.get((int) ssrc);
                rtx = layer != null;
                if (layer == null) {
                    layer = learn(rtp);
                    if (layer == null) {
                        return;
                    }
                    rtx = layer.rtxSsrc == ssrc;
                }
            }
            IncomingStream s = layer.stream;
            if (rtx && !unwrapRtx(rtp, s, layer)) {
                return;
            }
            s.packets++;
            s.bytes += rtp.length();
            s.lastPacketNanos = now;
            layer.packets++;
            layer.bytes += rtp.length();
            layer.lastPacketNanos = now;
            if (!s.receiving) {
                s.receiving = true;
                activity.onPublisherMedia(s.mid, s.kind, true);
            }
            int seq = rtp.sequenceNumber();
            layer.followSequenceOf(rtp.ssrc());
            layer.tracker.update(seq);
            if (layer.nacks != null) {
                int n = layer.nacks.onReceived(seq, now, sequenceScratch);
                if (n < 0) {
                    s.drops.increment(RouterDropReason.DUPLICATE);
                    return;
                }
                if (n > 0) {
                    sendNack(layer, sequenceScratch, n);
                }
            }
            if (s.tap != null && s.active && !s.simulcast) {
                // The recorder sees the packet before forwarding rewrites it in place (PublisherTap),
                // padding included so that its numbering has no holes.
                s.tap.onRtp(rtp.buffer(), rtp.offset(), rtp.length(), now);
            }
            if (rtp.payloadLength() == 0) {
                // Probing padding: close the gap it would leave in each subscriber's numbering.
                for (OutgoingStream o : s.subscribers) {
                    o.rewriter.skip(rtp);
                }
                s.drops.increment(RouterDropReason.PADDING_ONLY);
                return;
            }
            if (!s.active) {
                s.drops.increment(RouterDropReason.STREAM_INACTIVE);
                return;
            }
            if (s.simulcast) {
                describeLayers(rtp, s, layer, now);
                if (s.tap != null && s.topLayerPacket) {
                    // A simulcast recording keeps the top layer, as Janus's (rec_simctx.substream_target
                    // = 2, janus_videoroom.c); a layer switch is a new SSRC, which the recorder follows.
                    s.tap.onRtp(rtp.buffer(), rtp.offset(), rtp.length(), now);
                }
            }
            // JVB's clone-all-but-last (style-anchors B6 rule 6): every subscriber but the last gets
            // a copy; the last one takes the packet itself, rewritten in place in the receive buffer.
            OutgoingStream[] targets = s.subscribers;
            int last = targets.length - 1;
            for (int i = 0; i <= last; i++) {
                forward(rtp, targets[i], now, i == last);
            }
        }

        /** Records the packet's transport-wide sequence number, if it carries one. */
        private void recordTransportCc(RtpPacket rtp, long now) {
            int p = rtp.findExtension(transportCcExtensionId);
            if (p >= 0 && rtp.foundExtensionLength() >= 2) {
                byte[] b = rtp.buffer();
                transportCc.onPacket(((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF), now / 1_000, rtp.ssrc());
            }
        }

        /** Sends the transport-cc feedback for what arrived since the last one, one RTCP packet per batch. */
        void sendTransportCcFeedback() {
            // Bounded: each packet reports at least one arrival, and the window holds WINDOW of them.
            for (int i = 0; i <= TransportCcFeedbackGenerator.WINDOW / TransportCcFeedbackGenerator.MAX_STATUSES
                    && transportCc.hasUnreported(); i++) {
                // RFC 3550 §6.1: a compound packet starts with a report; an empty RR costs 8 bytes.
                int n = ReceiverReport.write(rtcpBuffer, 0, localSsrc, null, 0);
                n += transportCc.writeNext(rtcpBuffer, n, localSsrc);
                sender.sendRtcp(rtcpBuffer, 0, n);
            }
        }

        /** Transport-cc feedback to this publisher. */
        public TransportCcFeedbackStats transportCcStats() {
            TransportCcFeedbackGenerator t = transportCc;
            return t == null ? new TransportCcFeedbackStats(transportCcExtensionId, 0, 0, 0, 0, 0)
                    : new TransportCcFeedbackStats(transportCcExtensionId, t.recorded(), t.duplicates(), t.tooOld(),
                            t.forgotten(), t.feedbackPackets());
        }

        /**
         * What the layer selectors need to know about a simulcast packet, worked out once for all
         * subscribers: its substream, whether it starts a key frame (per codec), its VP8 temporal
         * layer; then the recording view ({@link IncomingStream#topLayer}) decides on it.
         */
        private void describeLayers(RtpPacket rtp, IncomingStream s, IncomingLayer layer, long now) {
            byte[] b = rtp.buffer();
            int p = rtp.payloadOffset();
            int n = rtp.payloadLength();
            packetLayer = layer.index;
            packetTemporalLayer = -1;
            CodecName codec = s.codec;
            if (codec == CodecName.VP8) {
                if (vp8Descriptor.wrap(b, p, n)) {
                    packetKeyframe = vp8Descriptor.isKeyframe();
                    packetTemporalLayer = vp8Descriptor.temporalLayer();
                } else {
                    packetKeyframe = false;
                }
            } else if (codec == CodecName.H264) {
                packetKeyframe = VideoKeyframes.isH264Keyframe(b, p, n);
            } else if (codec == CodecName.VP9) {
                packetKeyframe = VideoKeyframes.isVp9Keyframe(b, p, n);
            } else if (codec == CodecName.AV1) {
                packetKeyframe = VideoKeyframes.isAv1Keyframe(b, p, n);
            } else if (codec == CodecName.H265) {
                packetKeyframe = VideoKeyframes.isH265Keyframe(b, p, n);
            } else {
                // A codec we cannot read: every packet is a switching point.
                packetKeyframe = true;
            }
            SimulcastLayerSelector.Verdict v = s.topLayer.process(packetLayer, packetKeyframe, -1, now);
            s.topLayerPacket = v == SimulcastLayerSelector.Verdict.RELAY;
            s.topLayerSwitched = s.topLayer.substreamChanged();
        }

        /**
         * An SSRC the SDP did not declare: the mid extension (RFC 8843 §15) or a unique payload type
         * names its stream; with rid simulcast the rid (or, for RTX, the repaired rid) extension
         * (RFC 8852) names its layer. Counts the drop when the packet cannot be placed.
         */
        private IncomingLayer learn(RtpPacket rtp) {
            if (learnt >= MAX_LEARNT_SSRCS) {
                drops.increment(RouterDropReason.UNKNOWN_SSRC);
                return null;
            }
            IncomingStream found = null;
            for (IncomingStream s : streams) {
                if (s.midExtensionId > 0) {
                    int p = rtp.findExtension(s.midExtensionId);
                    if (p >= 0 && s.midMatches(rtp.buffer(), p, rtp.foundExtensionLength())) {
                        found = s;
                        break;
                    }
                }
            }
            if (found == null) {
                int pt = rtp.payloadType();
                for (IncomingStream s : streams) {
                    if (s.track.payloadType() == pt || s.track.rtxPayloadType() == pt) {
                        if (found != null) {
                            drops.increment(RouterDropReason.UNKNOWN_SSRC);
                            return null;
                        }
                        found = s;
                    }
                }
            }
            if (found == null) {
                drops.increment(RouterDropReason.UNKNOWN_SSRC);
                return null;
            }
            long ssrc = rtp.ssrc();
            boolean isRtx = found.track.rtxPayloadType() >= 0 && rtp.payloadType() == found.track.rtxPayloadType();
            IncomingLayer layer;
            if (found.ridBased) {
                int id = isRtx ? found.repairedRidExtensionId : found.ridExtensionId;
                int p = id > 0 ? rtp.findExtension(id) : -1;
                if (p < 0) {
                    // Which layer? The browser repeats the rid on later packets; wait for one.
                    drops.increment(RouterDropReason.UNKNOWN_SSRC);
                    return null;
                }
                layer = found.layerOfRid(rtp.buffer(), p, rtp.foundExtensionLength());
                if (layer == null) {
                    drops.increment(RouterDropReason.UNKNOWN_RID);
                    return null;
                }
            } else if (found.simulcast) {
                // A SIM group declares every layer's SSRC: an undeclared one cannot be placed.
                drops.increment(RouterDropReason.UNKNOWN_SSRC);
                return null;
            } else {
                layer = found.layers[0];
            }
            learnt++;
            if (isRtx) {
                byRtxSsrc.put((int) ssrc, layer);
                layer.rtxSsrc = ssrc;
            } else {
                bySsrc.put((int) ssrc, layer);
                if (layer.ssrc < 0 || found.ridBased) {
                    layer.ssrc = ssrc;
                }
            }
            return layer;
        }

        /**
         * RFC 4588 §4: an RTX payload is the original sequence number (OSN) followed by the original
         * payload. Rewrites the packet in place into the original; false if it must be dropped.
         */
        private boolean unwrapRtx(RtpPacket rtp, IncomingStream s, IncomingLayer layer) {
            if (rtp.payloadLength() < RtxPayload.OSN_LENGTH) {
                s.drops.increment(RouterDropReason.RTX_PADDING);
                return false;
            }
            long media = s.mediaSsrcForRtx(rtp.ssrc(), layer);
            if (media < 0) {
                s.drops.increment(RouterDropReason.UNKNOWN_SSRC);
                return false;
            }
            if (RtxPayload.unwrap(rtp, media, s.track.payloadType()) < 0) {
                malformed.increment(rtp.dropReason());
                return false;
            }
            return true;
        }

        /** A plain (compound) RTCP packet from the publisher: sender reports are relayed. */
        public void onRtcp(byte[] buf, int off, int len) {
            rtcp.wrap(buf, off, len);
            long now = nanoClock.getAsLong();
            while (rtcp.next()) {
                if (rtcp.packetType() == RtcpHeader.SR) {
                    RtcpDropReason bad = senderReport.wrap(buf, rtcp.packetOffset(), rtcp.packetLength());
                    if (bad != null) {
                        rtcpDrops.increment(bad);
                        continue;
                    }
                    IncomingLayer layer = bySsrc.get((int) senderReport.senderSsrc());
                    if (layer != null) {
                        relaySenderReport(layer, senderReport.senderSsrc(), senderReport.ntpTimestamp(),
                                senderReport.rtpTimestamp(), now);
                    }
                }
            }
            if (rtcp.dropReason() != null) {
                rtcpDrops.increment(rtcp.dropReason());
            }
        }

        /** Takes the publisher off the router; its subscribers wait for a source. */
        public void remove() {
            if (publishers.get(handleId) == this) {
                publishers.remove(handleId);
                publisherSnapshot = publishers.values().toArray(new PublisherPeer[0]);
            }
            detach();
        }

        private void detach() {
            removed = true;
            for (IncomingStream s : streams) {
                for (OutgoingStream o : s.subscribers) {
                    o.source = null;
                    o.forwarding = false;
                }
                s.subscribers = new OutgoingStream[0];
            }
        }

        private void tick(long now) {
            if (!connected) {
                return;
            }
            for (IncomingStream s : streams) {
                if (s.receiving && noMediaNanos > 0 && now - s.lastPacketNanos >= noMediaNanos) {
                    s.receiving = false;
                    activity.onPublisherMedia(s.mid, s.kind, false);
                }
                for (IncomingLayer layer : s.layers) {
                    if (layer.nacks != null) {
                        int n = layer.nacks.due(now, sequenceScratch);
                        if (n > 0) {
                            sendNack(layer, sequenceScratch, n);
                        }
                    }
                    if (layer.keyframePending && now - layer.lastKeyframeRequestNanos >= KEYFRAME_MIN_INTERVAL_NANOS) {
                        sendKeyframeRequest(layer, now);
                    }
                }
            }
            if (transportCc != null && now - nextTransportCcFeedbackNanos >= 0) {
                // Fixed rate on the tick's grid; after a stall, the next one a period from now.
                nextTransportCcFeedbackNanos = now - nextTransportCcFeedbackNanos >= transportCcPeriodNanos
                        ? now + transportCcPeriodNanos : nextTransportCcFeedbackNanos + transportCcPeriodNanos;
                sendTransportCcFeedback();
            }
            int firFreq = settings.firFreqSeconds();
            if (firFreq > 0 && now - lastPeriodicKeyframeNanos >= firFreq * 1_000_000_000L) {
                lastPeriodicKeyframeNanos = now;
                for (IncomingStream s : streams) {
                    if (s.kind == MediaKind.VIDEO && s.active) {
                        requestKeyframe(s, now);
                    }
                }
            }
            if (now - lastReportNanos >= REPORT_INTERVAL_NANOS) {
                sendReports(now);
            }
        }

        /**
         * A receiver report block for every SSRC heard from (each simulcast layer is its own RTP
         * stream), and REMB with the room's cap over all video SSRCs: REMB's bitrate is the total
         * for the SSRCs it lists (draft-alvestrand-rmcat-remb §2), so the cap bounds the sum of the
         * layers.
         */
        private void sendReports(long now) {
            lastReportNanos = now;
            List<ReportBlock> blocks = new ArrayList<>();
            List<Long> videoSsrcs = new ArrayList<>();
            for (IncomingStream s : streams) {
                for (IncomingLayer l : s.layers) {
                    if (l.ssrc < 0) {
                        continue;
                    }
                    if (s.kind == MediaKind.VIDEO) {
                        // Declared SSRCs get REMB before their first packet: the cap holds from the
                        // start, before the browser's first bandwidth probes (with transport-cc they
                        // would otherwise take the estimate past the cap for the first second).
                        videoSsrcs.add(l.ssrc);
                    }
                    if (!l.tracker.isStarted()) {
                        continue;
                    }
                    if (blocks.size() < 31) {
                        long lsr = l.senderReportKnown ? SenderReport.compactNtp(l.senderReportNtp) : 0;
                        long dlsr = l.senderReportKnown ? (now - l.senderReportArrivalNanos) * 65536 / 1_000_000_000L : 0;
                        blocks.add(new ReportBlock(l.ssrc, l.tracker.fractionLostSinceLastCall(),
                                l.tracker.cumulativeLostForReport(), l.tracker.extendedHighestSequence() & 0xFFFF_FFFFL, 0,
                                lsr, Math.min(dlsr, 0xFFFF_FFFFL)));
                    }
                }
            }
            int n = ReceiverReport.write(rtcpBuffer, 0, localSsrc, blocks.toArray(new ReportBlock[0]), blocks.size());
            if (settings.bitrate() > 0 && !videoSsrcs.isEmpty()) {
                long[] ssrcs = videoSsrcs.stream().mapToLong(Long::longValue).toArray();
                n += Remb.write(rtcpBuffer, n, localSsrc, settings.bitrate(), ssrcs, ssrcs.length);
            }
            sender.sendRtcp(rtcpBuffer, 0, n);
        }

        /** A keyframe request for every layer of {@code s} (each throttled on its own). */
        private void requestKeyframe(IncomingStream s, long now) {
            if (s.kind != MediaKind.VIDEO) {
                return;
            }
            for (IncomingLayer layer : s.layers) {
                requestKeyframe(layer, now);
            }
        }

        /** A PLI for one layer's SSRC, at most one per {@link #KEYFRAME_MIN_INTERVAL}; later ones wait. */
        void requestKeyframe(IncomingLayer layer, long now) {
            if (layer.stream.kind != MediaKind.VIDEO) {
                return;
            }
            if (connected && (!layer.keyframeRequested
                    || now - layer.lastKeyframeRequestNanos >= KEYFRAME_MIN_INTERVAL_NANOS)) {
                sendKeyframeRequest(layer, now);
            } else {
                layer.keyframePending = true;
            }
        }

        private void sendKeyframeRequest(IncomingLayer layer, long now) {
            if (layer.ssrc < 0) {
                // Nothing received and nothing declared yet: ask once we know the SSRC.
                layer.keyframePending = true;
                return;
            }
            int n = ReceiverReport.write(rtcpBuffer, 0, localSsrc, null, 0);
            n += Pli.write(rtcpBuffer, n, localSsrc, layer.ssrc);
            if (sender.sendRtcp(rtcpBuffer, 0, n)) {
                layer.keyframeRequested = true;
                layer.keyframePending = false;
                layer.lastKeyframeRequestNanos = now;
                layer.keyframeRequests++;
            } else {
                layer.keyframePending = true;
            }
        }

        private void sendNack(IncomingLayer layer, int[] lost, int count) {
            if (!connected || layer.ssrc < 0) {
                return;
            }
            int n = ReceiverReport.write(rtcpBuffer, 0, localSsrc, null, 0);
            if (n + GenericNack.lengthFor(lost, count) + SrtpSession.MAX_TRAILER_LENGTH > rtcpBuffer.length) {
                count = 64;
            }
            n += GenericNack.write(rtcpBuffer, n, localSsrc, layer.ssrc, lost, count);
            if (sender.sendRtcp(rtcpBuffer, 0, n)) {
                layer.nacksSent++;
            }
        }

        /** Per-stream statistics (with per-layer ones for simulcast streams). */
        public List<IncomingStats> stats() {
            List<IncomingStats> out = new ArrayList<>();
            for (IncomingStream s : streams) {
                long keyframeRequests = 0;
                long nacksSent = 0;
                List<LayerStats> layers = new ArrayList<>();
                for (IncomingLayer l : s.layers) {
                    keyframeRequests += l.keyframeRequests;
                    nacksSent += l.nacksSent;
                    layers.add(new LayerStats(l.index, l.rid == null ? null
                            : new String(l.rid, java.nio.charset.StandardCharsets.US_ASCII), l.ssrc, l.packets, l.bytes,
                            l.keyframeRequests, l.nacksSent, l.lost()));
                }
                out.add(new IncomingStats(s.mid, s.kind, s.mediaSsrc(), s.packets, s.bytes, s.subscribers.length,
                        keyframeRequests, nacksSent, s.lost(), s.drops.snapshot(), s.simulcast ? layers : List.of()));
            }
            return out;
        }

        /** Drops that happened before a packet reached a stream. */
        public DropCounters<RouterDropReason> drops() {
            return drops;
        }

        /** Malformed RTP from this publisher, by reason. */
        public DropCounters<RtpDropReason> malformed() {
            return malformed;
        }

        /** Our SSRC in the feedback we send to this publisher. */
        public long localSsrc() {
            return localSsrc;
        }
    }

    // =================================================================== forwarding

    /**
     * Relays {@code rtp} to {@code o}: into the send buffer, or, for the last recipient, in place in
     * the packet's own buffer (whose owner guarantees the SRTP headroom after it and never reads it
     * again).
     */
    private void forward(RtpPacket rtp, OutgoingStream o, long now, boolean inPlace) {
        if (!o.forwarding) {
            o.drops.increment(whyNotForwarding(o));
            return;
        }
        IncomingStream source = o.source;
        if (source.simulcast && !selectLayer(rtp, source, o, now)) {
            return;
        }
        long sourceTimestamp = rtp.timestamp();
        long sourceSsrc = rtp.ssrc();
        // In place only with room for the header's growth and the SRTP trailer after the packet.
        inPlace &= rtp.buffer().length - rtp.offset() - rtp.length() >= RECEIVE_HEADROOM;
        byte[] buf = inPlace ? rtp.buffer() : sendBuffer;
        int off = inPlace ? rtp.offset() : 0;
        int n = ExtensionRewriter.copy(rtp, o.extensionIds, o.transportCcExtensionId, buf, off);
        RtpPacket out = outgoing;
        if (out.wrap(buf, off, n) != null) {
            o.rewriteDrops.increment(out.dropReason());
            return;
        }
        RtpDropReason refused = o.rewriter.rewrite(out, now);
        if (refused != null) {
            o.rewriteDrops.increment(refused);
            return;
        }
        out.setPayloadType(o.track.payloadType());
        if (source.simulcast && source.codec == CodecName.VP8) {
            // Before the history stores it: a retransmission must carry the same descriptor.
            o.vp8.rewrite(buf, out.payloadOffset(), out.payloadLength(), sourceSsrc);
        }
        if (o.history != null) {
            o.history.store(out.sequenceNumber(), buf, off, n, now);
        }
        o.timestampOffset = RtpTimestamps.add(out.timestamp(), -sourceTimestamp);
        o.lastSourceSsrc = sourceSsrc;
        o.packetsSent++;
        o.octetsSent += out.payloadLength();
        o.owner.numberTransportCc(out, o);
        if (testLoss(o)) {
            return;
        }
        o.owner.sender.sendRtp(buf, off, n);
    }

    /**
     * Runs {@code o}'s layer selector on a packet of the simulcast stream {@code s} (described by
     * {@link PublisherPeer#onRtp} in {@link #packetLayer}, {@link #packetKeyframe} and
     * {@link #packetTemporalLayer}), as Janus's {@code janus_videoroom_relay_rtp_packet} does:
     * keyframe requests for a fallback or after a second without relaying anything, the
     * {@code substream}/{@code temporal} notifications on a change, and the drop counters.
     *
     * @return whether the packet goes to {@code o}
     */
    private boolean selectLayer(RtpPacket rtp, IncomingStream s, OutgoingStream o, long now) {
        SimulcastLayerSelector selector = o.layers;
        SimulcastLayerSelector.Verdict verdict = selector.process(packetLayer, packetKeyframe, packetTemporalLayer, now);
        if (selector.keyframeNeeded()) {
            requestLayerKeyframe(s, selector.goal(), now);
        }
        if (verdict != SimulcastLayerSelector.Verdict.RELAY) {
            if (verdict == SimulcastLayerSelector.Verdict.TEMPORAL_LAYER_ABOVE_TARGET) {
                // Left out on purpose: the subscriber's numbering closes over it (Janus: base_seq++).
                o.rewriter.skip(rtp);
                o.drops.increment(RouterDropReason.TEMPORAL_LAYER_ABOVE_TARGET);
                return false;
            }
            o.drops.increment(verdict == SimulcastLayerSelector.Verdict.WAITING_FOR_KEYFRAME
                    ? RouterDropReason.WAITING_FOR_KEYFRAME : RouterDropReason.SIMULCAST_LAYER_NOT_RELAYED);
            if (selector.nanosSinceRelayed(now) >= STALL_KEYFRAME_NANOS
                    && now - o.lastStallKeyframeRequestNanos >= STALL_KEYFRAME_NANOS) {
                // Janus: a second without relaying anything asks for a keyframe ("Simulcast change").
                o.lastStallKeyframeRequestNanos = now;
                if (selector.substream() < 0) {
                    s.owner.requestKeyframe(s, now);
                } else {
                    requestLayerKeyframe(s, selector.goal(), now);
                }
            }
            return false;
        }
        if (selector.substreamChanged()) {
            simulcastListener.onSubstreamChanged(o.owner.handleId, o.track.mid(), selector.substream());
        }
        if (selector.temporalChanged()) {
            simulcastListener.onTemporalChanged(o.owner.handleId, o.track.mid(), selector.temporal());
        }
        return true;
    }

    /**
     * A keyframe request for substream {@code layer} of {@code s}: to the highest layer up to it
     * that is arriving (a layer the browser paused would never answer), else to the highest known.
     */
    private void requestLayerKeyframe(IncomingStream s, int layer, long now) {
        IncomingLayer target = s.liveLayerAtMost(layer, now, LIVE_LAYER_NANOS);
        if (target != null) {
            s.owner.requestKeyframe(target, now);
        } else {
            s.owner.requestKeyframe(s, now);
        }
    }

    /** TEST ONLY ({@link TestFaults}): whether this packet to {@code o} is "lost on the network". */
    private boolean testLoss(OutgoingStream o) {
        if (faults.dropToSubscriber() > 0 && faultRandom.nextDouble() < faults.dropToSubscriber()) {
            o.drops.increment(RouterDropReason.TEST_LOSS);
            return true;
        }
        return false;
    }

    private static RouterDropReason whyNotForwarding(OutgoingStream o) {
        if (!o.track.negotiated()) {
            return RouterDropReason.NOT_NEGOTIATED;
        }
        if (!o.track.send()) {
            return RouterDropReason.SEND_OFF;
        }
        if (o.owner.paused) {
            return RouterDropReason.PAUSED;
        }
        return RouterDropReason.SUBSCRIBER_NOT_CONNECTED;
    }

    /** RFC 3550 §6.4.1 translated: the publisher's NTP time, the RTP time in the subscriber's timeline. */
    private void relaySenderReport(IncomingLayer layer, long ssrc, long ntp, long rtpTimestamp, long now) {
        layer.senderReportKnown = true;
        layer.senderReportNtp = ntp;
        layer.senderReportRtp = rtpTimestamp;
        layer.senderReportArrivalNanos = now;
        for (OutgoingStream o : layer.stream.subscribers) {
            if (!o.forwarding || o.lastSourceSsrc != ssrc) {
                continue;
            }
            long translated = RtpTimestamps.add(rtpTimestamp, o.timestampOffset);
            int n = SenderReport.write(rtcpBuffer, 0, o.track.ssrc(), ntp, translated, o.packetsSent, o.octetsSent,
                    null, 0);
            o.owner.sender.sendRtcp(rtcpBuffer, 0, n);
        }
    }

    // =================================================================== subscribers

    /**
     * A subscriber's PeerConnection on the router. Obtained from {@link RoomRouter#addSubscriber};
     * every method runs on the room's loop.
     *
     * <p>A subscriber stream relays while all of these hold: it has a source, the subscriber's
     * answer accepted its m-line, {@code send} is on, the subscription is not paused (Janus starts
     * subscriptions paused until {@code start}), and the PeerConnection is up. Each time it starts
     * relaying, the source is asked for a keyframe and the rewriter starts a new segment, so the
     * subscriber sees no sequence gap for what it did not get meanwhile.
     */
    public final class SubscriberPeer {

        final long handleId;
        final MediaSender sender;
        private final Map<String, OutgoingStream> byMid = new HashMap<>();
        OutgoingStream[] streams = new OutgoingStream[0];
        boolean paused = true;
        boolean connected;
        private boolean removed;
        private final DropCounters<RouterDropReason> drops = new DropCounters<>(RouterDropReason.class);
        /** One transport-wide sequence for every stream of the PeerConnection. */
        private final TransportCcSender transportCc = new TransportCcSender();

        SubscriberPeer(long handleId, MediaSender sender) {
            this.handleId = handleId;
            this.sender = Objects.requireNonNull(sender, "sender");
        }

        /**
         * Sets the subscription: its m-lines, their sources, send flags and negotiation state, and
         * whether it is paused. A stream whose mid and SSRC stay keeps its rewriter, so a switch of
         * source continues its sequence numbers.
         */
        public void update(List<SubscribedTrack> tracks, boolean pausedNow) {
            if (removed) {
                return;
            }
            long now = nanoClock.getAsLong();
            Set<String> present = new HashSet<>();
            List<OutgoingStream> next = new ArrayList<>();
            for (SubscribedTrack t : tracks) {
                if (t.kind() != MediaKind.AUDIO && t.kind() != MediaKind.VIDEO) {
                    continue;
                }
                present.add(t.mid());
                OutgoingStream o = byMid.get(t.mid());
                if (o != null && (o.track.ssrc() != t.ssrc() || o.track.kind() != t.kind())) {
                    unlink(o);
                    o = null;
                }
                if (o == null) {
                    RetransmissionBuffer history = t.nack() && t.kind() == MediaKind.VIDEO
                            ? new RetransmissionBuffer(HISTORY_PACKETS, retransmissionWindowNanos, BUFFER_SIZE)
                            : null;
                    // RFC 3550 §5.1: random initial sequence number and timestamp. Below 2^15 so the
                    // first wrap (and its SRTP rollover) is not seconds away.
                    RtpStreamRewriter rewriter = new RtpStreamRewriter(t.ssrc(), t.clockRate(),
                            random.nextInt(0x8000), random.nextLong() & 0xFFFF_FFFFL);
                    o = new OutgoingStream(this, t, rewriter, history, random.nextInt(0x8000));
                    byMid.put(t.mid(), o);
                } else {
                    o.track = t;
                }
                // A new substream target moves the selector's goal on the next packet, which then asks
                // for a keyframe there (as Janus does when a subscriber picks another substream).
                o.layers.setTargets(t.substreamTarget(), t.temporalTarget(), t.fallbackMicros());
                next.add(o);
            }
            for (OutgoingStream o : new ArrayList<>(byMid.values())) {
                if (!present.contains(o.track.mid())) {
                    unlink(o);
                    byMid.remove(o.track.mid());
                }
            }
            streams = next.toArray(new OutgoingStream[0]);
            paused = pausedNow;
            for (OutgoingStream o : streams) {
                link(o, now);
            }
        }

        /** The PeerConnection is up. */
        public void onConnected() {
            connected = true;
            long now = nanoClock.getAsLong();
            for (OutgoingStream o : streams) {
                refresh(o, now);
            }
        }

        /** A plain (compound) RTCP packet from the subscriber: keyframe requests and NACKs. */
        public void onRtcp(byte[] buf, int off, int len) {
            rtcp.wrap(buf, off, len);
            long now = nanoClock.getAsLong();
            while (rtcp.next()) {
                int type = rtcp.packetType();
                int fmt = rtcp.count();
                int p = rtcp.packetOffset();
                int l = rtcp.packetLength();
                if (type == RtcpHeader.PSFB && fmt == RtcpHeader.FMT_PLI) {
                    RtcpDropReason bad = pli.wrap(buf, p, l);
                    if (bad != null) {
                        rtcpDrops.increment(bad);
                    } else {
                        keyframeWanted(pli.mediaSsrc(), now);
                    }
                } else if (type == RtcpHeader.PSFB && fmt == RtcpHeader.FMT_FIR) {
                    RtcpDropReason bad = fir.wrap(buf, p, l);
                    if (bad != null) {
                        rtcpDrops.increment(bad);
                    } else {
                        for (int i = 0; i < fir.entryCount(); i++) {
                            keyframeWanted(fir.entrySsrc(i), now);
                        }
                    }
                } else if (type == RtcpHeader.RTPFB && fmt == RtcpHeader.FMT_NACK) {
                    RtcpDropReason bad = nack.wrap(buf, p, l);
                    if (bad != null) {
                        rtcpDrops.increment(bad);
                    } else {
                        retransmit(nack.mediaSsrc(), now);
                    }
                } else if (type == RtcpHeader.RTPFB && fmt == RtcpHeader.FMT_TRANSPORT_CC) {
                    // Malformed feedback is refused as a whole by the reader, with a named reason.
                    RtcpDropReason bad = transportCcFeedback.wrap(buf, p, l);
                    if (bad != null) {
                        rtcpDrops.increment(bad);
                    } else {
                        transportCc.onFeedback(transportCcFeedback);
                    }
                }
            }
            if (rtcp.dropReason() != null) {
                rtcpDrops.increment(rtcp.dropReason());
            }
        }

        private OutgoingStream bySsrc(long ssrc) {
            for (OutgoingStream o : streams) {
                if (o.track.ssrc() == ssrc) {
                    return o;
                }
            }
            drops.increment(RouterDropReason.FEEDBACK_UNKNOWN_SSRC);
            return null;
        }

        private void keyframeWanted(long ssrc, long now) {
            OutgoingStream o = bySsrc(ssrc);
            if (o == null || o.source == null) {
                return;
            }
            if (o.source.simulcast) {
                // Only the substream this subscriber decodes needs one.
                int substream = o.layers.substream();
                requestLayerKeyframe(o.source, substream >= 0 ? substream : o.layers.goal(), now);
            } else {
                o.source.owner.requestKeyframe(o.source, now);
            }
        }

        private void retransmit(long ssrc, long now) {
            OutgoingStream o = bySsrc(ssrc);
            if (o == null) {
                return;
            }
            int count = nack.lostSequenceNumbers(sequenceScratch);
            o.nacked += count;
            if (!faults.answerNacks()) {
                o.drops.add(RouterDropReason.NACK_ANSWERS_DISABLED, count);
                return;
            }
            for (int i = 0; i < count; i++) {
                int n = o.history == null ? -1 : o.history.load(sequenceScratch[i], sendBuffer, 0, now);
                if (n < 0 || outgoing.wrap(sendBuffer, 0, n) != null) {
                    o.drops.increment(RouterDropReason.RETRANSMISSION_MISSING);
                    continue;
                }
                boolean rtx = o.track.rtx();
                if (rtx) {
                    // RFC 4588 §4: the RTX SSRC and payload type, its own sequence numbers, the OSN first.
                    n = RtxPayload.wrap(outgoing, o.track.rtxSsrc(), o.track.rtxPayloadType(), o.rtxSequence);
                    o.rtxSequence = (o.rtxSequence + 1) & 0xFFFF;
                }
                numberTransportCc(outgoing, o);
                if (testLoss(o) || sender.sendRtp(sendBuffer, 0, n)) {
                    o.retransmitted++;
                    if (rtx) {
                        o.retransmittedAsRtx++;
                    }
                }
            }
        }

        /**
         * Writes the next transport-wide sequence number into {@code out}, the packet about to go to
         * {@code o}, if this m-line negotiated the extension (the copy has the element, zeroed).
         */
        void numberTransportCc(RtpPacket out, OutgoingStream o) {
            if (o.transportCcExtensionId > 0) {
                int p = out.findExtension(o.transportCcExtensionId);
                if (p >= 0 && out.foundExtensionLength() == ExtensionRewriter.TRANSPORT_CC_VALUE_LENGTH) {
                    transportCc.number(out.buffer(), p);
                }
            }
        }

        /** Transport-cc with this subscriber: what we numbered and what its feedback said. */
        public TransportCcSubscriberStats transportCcStats() {
            TransportCcSender.Stats t = transportCc.stats();
            return new TransportCcSubscriberStats(t.numbered(), t.feedbackPackets(), t.reportedReceived(),
                    t.reportedLost(), t.missingFeedbackPackets(), t.unknownReports());
        }

        /** Links {@code o} to the stream it wants, if that changed, and updates its relaying state. */
        void link(OutgoingStream o, long now) {
            IncomingStream target = find(o.track.feedHandleId(), o.track.feedMid(), o.track.kind());
            if (target != o.source) {
                if (o.source != null) {
                    o.source.removeSubscriber(o);
                }
                o.source = target;
                o.forwarding = false;
                o.layers.reset();
                if (target != null) {
                    target.addSubscriber(o);
                }
            }
            o.rebuildExtensionMap();
            refresh(o, now);
        }

        private void unlink(OutgoingStream o) {
            if (o.source != null) {
                o.source.removeSubscriber(o);
                o.source = null;
            }
            o.forwarding = false;
        }

        /** Recomputes whether {@code o} relays; starting to relay rebases the rewriter and asks for a keyframe. */
        private void refresh(OutgoingStream o, long now) {
            boolean should = !removed && o.source != null && o.track.negotiated() && o.track.send() && !paused
                    && connected;
            if (should && !o.forwarding) {
                o.rewriter.markSourceChanged();
                if (o.source.simulcast) {
                    // Every substream is asked: the selector starts on the goal's keyframe (or, after
                    // a second, any one's), and asks again itself only after a second of nothing.
                    o.layers.reset();
                    for (IncomingLayer layer : o.source.layers) {
                        if (layer.packets > 0) {
                            o.layers.layerArrived(layer.index, layer.lastPacketNanos);
                        }
                    }
                    o.vp8.markSourceChanged();
                    o.lastStallKeyframeRequestNanos = now;
                    o.source.owner.requestKeyframe(o.source, now);
                } else {
                    o.source.owner.requestKeyframe(o.source, now);
                }
            }
            o.forwarding = should;
        }

        /** Takes the subscriber off the router. */
        public void remove() {
            if (subscribers.get(handleId) == this) {
                subscribers.remove(handleId);
            }
            detach();
        }

        private void detach() {
            removed = true;
            for (OutgoingStream o : streams) {
                unlink(o);
            }
        }

        /** Per-stream statistics. */
        public List<OutgoingStats> stats() {
            List<OutgoingStats> out = new ArrayList<>();
            for (OutgoingStream o : streams) {
                out.add(new OutgoingStats(o.track.mid(), o.track.kind(), o.track.ssrc(), o.track.feedHandleId(),
                        o.track.feedMid(), o.forwarding, o.packetsSent, o.octetsSent, o.retransmitted,
                        o.drops.snapshot(), o.rewriteDrops.snapshot(), o.track.rtxSsrc(), o.retransmittedAsRtx,
                        o.source != null && o.source.simulcast ? o.layers.substream() : -1,
                        o.source != null && o.source.simulcast ? o.layers.temporal() : -1));
            }
            return out;
        }

        /** Feedback for SSRCs we do not send, and the like. */
        public DropCounters<RouterDropReason> drops() {
            return drops;
        }
    }

    @Override
    public String toString() {
        return "RoomRouter[" + roomId + ", " + publishers.size() + " publisher(s), " + subscribers.size()
                + " subscriber(s)]";
    }

    /** For tests: the publisher on {@code handleId}, or null. */
    PublisherPeer publisher(long handleId) {
        return publishers.get(handleId);
    }
}
