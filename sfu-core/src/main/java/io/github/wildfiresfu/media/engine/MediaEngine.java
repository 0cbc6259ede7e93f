package io.github.wildfiresfu.media.engine;

import io.github.wildfiresfu.media.dtls.DtlsFingerprint;
import io.github.wildfiresfu.media.dtls.DtlsRole;
import io.github.wildfiresfu.media.dtls.DtlsTransport;
import io.github.wildfiresfu.media.ice.HostAddressSelector;
import io.github.wildfiresfu.media.ice.IceCandidate;
import io.github.wildfiresfu.media.ice.IceCredentials;
import io.github.wildfiresfu.media.routing.PublishedTrack;
import io.github.wildfiresfu.media.routing.PublisherTap;
import io.github.wildfiresfu.media.routing.RoomRouter;
import io.github.wildfiresfu.media.routing.SubscribedTrack;
import io.github.wildfiresfu.media.rtp.PacketKind;
import io.github.wildfiresfu.media.rtp.RtpPacket;
import io.github.wildfiresfu.media.srtp.SrtpProfile;
import io.github.wildfiresfu.media.srtp.SrtpProtector;
import io.github.wildfiresfu.media.srtp.SrtpSession;
import io.github.wildfiresfu.media.sdp.Candidate;
import io.github.wildfiresfu.media.sdp.Codec;
import io.github.wildfiresfu.media.sdp.Extmap;
import io.github.wildfiresfu.media.sdp.Fingerprint;
import io.github.wildfiresfu.media.sdp.HeaderExtensionPolicy;
import io.github.wildfiresfu.media.sdp.LocalTransport;
import io.github.wildfiresfu.media.sdp.MediaKind;
import io.github.wildfiresfu.media.sdp.Msid;
import io.github.wildfiresfu.media.sdp.Origin;
import io.github.wildfiresfu.media.sdp.PublishedStream;
import io.github.wildfiresfu.media.sdp.PublisherAnswer;
import io.github.wildfiresfu.media.sdp.PublisherAnswerBuilder;
import io.github.wildfiresfu.media.sdp.RemoteTransport;
import io.github.wildfiresfu.media.sdp.SdpNegotiationException;
import io.github.wildfiresfu.media.sdp.SdpParseException;
import io.github.wildfiresfu.media.sdp.SdpParser;
import io.github.wildfiresfu.media.sdp.SelectedCodec;
import io.github.wildfiresfu.media.sdp.SessionDescription;
import io.github.wildfiresfu.media.sdp.Setup;
import io.github.wildfiresfu.media.sdp.SubscriberAnswer;
import io.github.wildfiresfu.media.sdp.SubscriberOffer;
import io.github.wildfiresfu.media.sdp.SubscriberOfferBuilder;
import io.github.wildfiresfu.media.sdp.SubscriberStream;
import io.github.wildfiresfu.media.transport.TransportDropReason;
import io.github.wildfiresfu.media.transport.PeerSocket;
import io.github.wildfiresfu.media.transport.SharedUdpPort;
import io.github.wildfiresfu.media.transport.UdpSocket;
import io.github.wildfiresfu.media.transport.WebRtcTransport;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The WebRTC media engine: one PeerConnection per Janus handle, rooms pinned to event loops, and
 * the typed negotiation API the signalling layer calls ({@link #publish}, {@link #offerSubscriber},
 * {@link #applySubscriberAnswer}, {@link #updateSubscriber}, ...). It knows nothing of Janus or
 * JSON; the VideoRoom adapter translates.
 *
 * <p><b>Threads.</b> A Netty {@link MultiThreadIoEventLoopGroup} of {@code mediaLoops} threads
 * ({@code sfu-media-N}; epoll when available, NIO otherwise) and a DTLS handshake pool
 * ({@code sfu-dtls-N}, {@link DtlsTransport#newHandshakeExecutor}). Each room is pinned to one loop
 * for its life (chosen round-robin when its first handle arrives); every socket of the room is
 * registered on that loop, so receive → decrypt → route → rewrite → encrypt → send for a room runs
 * on one thread without locks (design.md §3). In single-port mode ({@code singlePort} set) there
 * is one socket, on one loop, shared by every PeerConnection: its {@link SharedUdpPort} hands each
 * datagram to the PeerConnection's room loop (a copy per datagram for rooms on other loops), so the
 * per-room pipeline is unchanged.
 *
 * <p><b>Calls.</b> The API methods are called on the signalling thread and never wait for a loop:
 * SDP work is pure and done right there; a port is bound with one {@code bind(2)}
 * ({@link UdpSocket#bind}); everything that touches a transport or router is posted to the
 * room's loop. They are serialised by one lock (the signalling layer calls them one at a time
 * anyway). Events ({@link TransportEvents}) come from the loops.
 *
 * <p><b>Lifecycle.</b> Running from construction; {@link #close()} hangs up every PeerConnection,
 * stops the loops and the handshake pool and releases every port. A handle's PeerConnection lives
 * from its first {@link #publish}/{@link #offerSubscriber} until {@link #closeTransport} (which the
 * signalling layer calls on hangup, leave or detach) or until it fails by itself (ICE, DTLS), in
 * which case its port is released at once and {@link TransportEvents#onFailed} tells the
 * signalling layer.
 */
public final class MediaEngine implements AutoCloseable {

    /**
     * The answer to a publisher.
     *
     * @param answerSdp the SDP answer, with our ICE credentials, fingerprint and complete candidates
     * @param answer    the negotiation: accepted and rejected m-lines, for the signalling layer
     */
    public record PublishResult(String answerSdp, PublisherAnswer answer) {
    }

    /**
     * A snapshot of one handle's PeerConnection, for stats and tests. The transport-cc part that does
     * not apply to the handle's role is null.
     */
    public record HandleStats(long handleId, String role, int port, WebRtcTransport.State state, long rtpReceived,
            long rtpSent, long rtcpReceived, long rtcpSent, Map<TransportDropReason, Long> drops,
            Map<PacketKind, Long> kindDrops, List<RoomRouter.IncomingStats> published,
            List<RoomRouter.OutgoingStats> subscribed, RoomRouter.TransportCcFeedbackStats publisherTransportCc,
            RoomRouter.TransportCcSubscriberStats subscriberTransportCc) {
    }

    private static final System.Logger LOG = System.getLogger(MediaEngine.class.getName());

    private final MediaEngineSettings settings;
    private final boolean epoll;
    private final EventLoopGroup loops;
    private final List<Thread> loopThreads = new CopyOnWriteArrayList<>();
    private final ExecutorService handshakes;
    private final UdpPortAllocator ports;
    private final InetAddress bindAddress;
    private final WebRtcTransport.Settings transportSettings;
    private final Fingerprint fingerprint;
    private final LongSupplier nanoClock = System::nanoTime;
    private final SecureRandom random = new SecureRandom();
    private final String originAddress;
    /** Single-port mode's shared socket ({@code media.single_port}); null: a port per PeerConnection. */
    private final SharedUdpPort sharedPort;

    private final Object lock = new Object();
    // Guarded by lock.
    private final Map<Long, EngineHandle> handles = new HashMap<>();
    // Guarded by lock.
    private final Map<String, RoomMedia> rooms = new HashMap<>();
    // Guarded by lock.
    private boolean closed;

    /**
     * Starts the engine: the media loops and the handshake pool. Ports are bound only when
     * PeerConnections are created.
     */
    public MediaEngine(MediaEngineSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.epoll = settings.nativeTransport() && Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.loops = new MultiThreadIoEventLoopGroup(settings.mediaLoops(), threadFactory("sfu-media-", loopThreads), io);
        // Start every loop thread now, so the engine's threads are fixed from here on (tests compare them).
        loops.forEach(loop -> loop.execute(() -> { }));
        this.handshakes = DtlsTransport.newHandshakeExecutor(settings.dtlsThreads());
        handshakes.execute(MediaEngine::warmUpSrtp);
        this.ports = new UdpPortAllocator(settings.portMin(), settings.portMax(), random);
        this.bindAddress = settings.bindAddress();
        this.transportSettings = new WebRtcTransport.Settings(settings.ice(), settings.dtlsMtu(),
                settings.dtlsRetransmitTimeout(), settings.dtlsHandshakeTimeout());
        this.fingerprint = Fingerprint.parse(settings.certificate().fingerprint().toSdp());
        this.originAddress = hostText(settings.addresses().get(0).advertised());
        this.sharedPort = settings.singlePort() == 0 ? null : openSharedPort(settings.singlePort());
        LOG.log(Level.INFO, () -> "Media engine: " + settings.mediaLoops() + " " + (epoll ? "epoll" : "NIO")
                + " loop(s), UDP ports " + settings.portMin() + "-" + settings.portMax() + " on "
                + hostText(bindAddress) + ", candidates " + candidateAddresses() + ", DTLS "
                + settings.certificate().keyDescription() + " " + settings.certificate().fingerprint().toSdp());
        if (settings.testFaults().active()) {
            LOG.log(Level.WARNING, () -> "TEST-ONLY media faults are on: " + settings.testFaults());
        }
    }

    /** Binds the single port on one media loop; on failure the loops and the pool are stopped again. */
    private SharedUdpPort openSharedPort(int port) {
        try {
            return SharedUdpPort.open(bindAddress, port, epoll, loops.next());
        } catch (java.io.IOException | RuntimeException e) {
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            handshakes.shutdownNow();
            throw new IllegalStateException("media.single_port " + port + " cannot be bound on " + hostText(bindAddress)
                    + ": " + e.getMessage(), e);
        }
    }

    private static ThreadFactory threadFactory(String prefix, List<Thread> created) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread t = new Thread(runnable, prefix + count.incrementAndGet());
            t.setDaemon(true);
            created.add(t);
            return t;
        };
    }

    /**
     * jitsi-srtp picks its AES implementation by timing OpenSSL, SunJCE and BouncyCastle on first
     * use (about a second). That first use would otherwise be the first SRTP packet of the first
     * PeerConnection, on a media loop; do it now on a handshake thread instead.
     */
    private static void warmUpSrtp() {
        for (SrtpProfile profile : List.of(SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AES_CM_128_HMAC_SHA1_80)) {
            byte[] key = new byte[profile.masterKeyLength()];
            byte[] salt = new byte[profile.masterSaltLength()];
            try (SrtpProtector protector = SrtpProtector.create(profile, key, salt, 1)) {
                byte[] packet = new byte[12 + 100 + SrtpSession.MAX_TRAILER_LENGTH];
                RtpPacket.writeFixedHeader(packet, 0, false, 96, 1, 0, 1);
                protector.protectRtp(packet, 0, 112);
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, () -> "SRTP warm-up failed: " + e);
            }
        }
    }

    private String candidateAddresses() {
        Set<String> out = new LinkedHashSet<>();
        settings.addresses().forEach(a -> out.add(hostText(a.advertised())
                + (a.isMapped() ? " (" + hostText(a.localAddress()) + ")" : "")));
        return String.join(", ", out);
    }

    private static String hostText(InetAddress a) {
        return a.getHostAddress().replaceFirst("%.*$", "");
    }

    // =================================================================== publishers

    /**
     * Answers a publisher's offer: creates the handle's PeerConnection (a port, ICE credentials,
     * a transport on the room's loop) or renegotiates the existing one, and sets its streams on the
     * room's router.
     *
     * @param handleId the Janus handle (one PeerConnection)
     * @param roomId   the room the publisher is in
     * @param offerSdp the offer
     * @param policy   what the room accepts
     * @param events   where "connected" and failures of this PeerConnection go
     * @throws MediaEngineException.SdpRejected for an offer that cannot be parsed or answered
     * @throws MediaEngineException             for no free port, a handle that subscribes, a closed engine
     */
    public PublishResult publish(long handleId, String roomId, String offerSdp, RoomPolicy policy, TransportEvents events)
            throws MediaEngineException {
        Objects.requireNonNull(policy, "policy");
        SessionDescription offer = parse(offerSdp, "offer");
        synchronized (lock) {
            ensureOpen();
            EngineHandle h = handles.get(handleId);
            boolean fresh = h == null;
            if (fresh) {
                h = newHandle(handleId, roomId, EngineHandle.Role.PUBLISHER, events, policy);
            } else if (h.role != EngineHandle.Role.PUBLISHER) {
                throw new MediaEngineException("handle " + handleId + " subscribes; it cannot publish too");
            }
            IceCredentials restarted = null;
            if (!fresh && h.answer != null && !isSameIceSession(offer, h.answer.remote().iceUfrag())) {
                // The publisher restarts ICE: an answer to a restart carries new credentials too (RFC 8839 §4.4.1.1.1).
                restarted = IceCredentials.random();
                h.localCredentials = restarted;
                h.localTransport = localTransport(restarted, h.socket.port());
            }
            PublisherAnswer answer;
            WebRtcTransport.RemoteParameters remote;
            try {
                Origin origin = fresh ? h.origin : h.origin.nextVersion();
                answer = new PublisherAnswerBuilder(policy.publisherPolicy()).answer(offer, h.localTransport, origin);
                remote = remoteParameters(answer.remote(), answer.localSetup());
                h.origin = origin;
            } catch (SdpNegotiationException | IllegalArgumentException e) {
                if (fresh) {
                    discard(h);
                }
                throw new MediaEngineException.SdpRejected(e.getMessage(), e);
            }
            h.answer = answer;
            h.room.policy = policy;
            List<PublishedTrack> tracks = publishedTracks(answer);
            if (restarted != null) {
                IceCredentials local = restarted;
                EngineHandle handle = h;
                h.post(() -> handle.restartIce(local));
            }
            RoomRouter.PublisherSettings routerSettings = new RoomRouter.PublisherSettings(policy.bitrate(),
                    policy.firFreqSeconds());
            EngineHandle handle = h;
            h.post(() -> handle.applyPublisher(remote, tracks, routerSettings));
            if (fresh) {
                h.registerSocket();
            }
            return new PublishResult(answer.sdp(), answer);
        }
    }

    /** Whether the offer keeps the ICE ufrag the publisher used before (no ICE restart). */
    private static boolean isSameIceSession(SessionDescription offer, String previousUfrag) {
        for (var m : offer.media()) {
            if (!m.isRejected()) {
                return offer.iceUfragFor(m).map(previousUfrag::equals).orElse(true);
            }
        }
        return true;
    }

    private static List<PublishedTrack> publishedTracks(PublisherAnswer answer) {
        List<PublishedTrack> out = new ArrayList<>();
        for (PublishedStream s : answer.streams()) {
            if (s.codec().isEmpty() || (s.kind() != MediaKind.AUDIO && s.kind() != MediaKind.VIDEO)) {
                continue;
            }
            SelectedCodec c = s.codec().get();
            out.add(new PublishedTrack(s.mid(), s.kind(), c.payloadType(), c.rtxPayloadType().orElse(-1),
                    c.codec().clockRate(), s.ssrcs(), s.rtxSsrcs(), s.extensionIds(), hasFeedback(c.codec(), "nack"),
                    s.sending(), s.simulcast(), s.rids(), c.name()));
        }
        return out;
    }

    /** Switches publisher streams on or off by mid ({@code configure send}, moderation). */
    public void setPublisherStreamsActive(long handleId, Map<String, Boolean> activeByMid) {
        Map<String, Boolean> copy = Map.copyOf(activeByMid);
        synchronized (lock) {
            EngineHandle h = handles.get(handleId);
            if (h != null) {
                h.post(() -> h.setPublisherActive(copy));
            }
        }
    }

    /**
     * Puts {@code tap} on the publisher stream {@code mid} of {@code handleId} (null removes it), on the
     * room's loop after the work already posted there (so after the negotiation that created the stream).
     * The tap stays across renegotiations while the mid stays.
     *
     * @return completes on the room's loop once the tap is in place (or removed), so that a recording can be
     *         closed after its last packet; at once when the handle has no publisher PeerConnection (any more)
     */
    public CompletableFuture<Void> setPublisherTap(long handleId, String mid, PublisherTap tap) {
        Objects.requireNonNull(mid, "mid");
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (lock) {
            EngineHandle h = handles.get(handleId);
            if (h == null || h.role != EngineHandle.Role.PUBLISHER) {
                done.complete(null);
                return done;
            }
            try {
                h.post(() -> {
                    h.setPublisherTap(mid, tap);
                    done.complete(null);
                });
            } catch (RejectedExecutionException e) {
                // The loops are shutting down: no packet will reach the tap any more.
                done.complete(null);
            }
        }
        return done;
    }

    /** The negotiated publisher stream {@code mid} of {@code handleId}, if that handle publishes it. */
    public Optional<PublishedStream> publishedStream(long handleId, String mid) {
        synchronized (lock) {
            EngineHandle h = handles.get(handleId);
            if (h == null || h.answer == null) {
                return Optional.empty();
            }
            for (PublishedStream s : h.answer.streams()) {
                if (s.mid().equals(mid)) {
                    return Optional.of(s);
                }
            }
            return Optional.empty();
        }
    }

    /** Asks the publisher on {@code handleId} for a keyframe on {@code mid} (throttled by the router). */
    public void requestKeyframe(long handleId, String mid) {
        synchronized (lock) {
            EngineHandle h = handles.get(handleId);
            if (h != null && mid != null) {
                h.post(() -> h.requestKeyframe(mid));
            }
        }
    }

    // =================================================================== subscribers

    /**
     * Creates the offer of a subscription, or the next offer of an existing one: one sendonly
     * m-line per stream in {@code mindex} order (inactive ones with port 0), mids stable, with our
     * SSRCs, ICE credentials, fingerprint and complete candidates. Streams kept from the previous
     * offer keep their SSRC, so a switch of source needs no renegotiation.
     *
     * @param iceRestart new ICE credentials (the client asked for a restart)
     * @throws MediaEngineException for no free port, a handle that publishes, a closed engine
     */
    public String offerSubscriber(long handleId, String roomId, List<Subscription> subscriptions, boolean iceRestart,
            TransportEvents events) throws MediaEngineException {
        List<Subscription> subs = List.copyOf(subscriptions);
        synchronized (lock) {
            ensureOpen();
            EngineHandle h = handles.get(handleId);
            boolean fresh = h == null;
            if (fresh) {
                RoomMedia existing = rooms.get(roomId);
                h = newHandle(handleId, roomId, EngineHandle.Role.SUBSCRIBER, events,
                        existing != null ? existing.policy : RoomPolicy.defaults());
            } else if (h.role != EngineHandle.Role.SUBSCRIBER) {
                throw new MediaEngineException("handle " + handleId + " publishes; it cannot subscribe too");
            }
            if (iceRestart && !fresh) {
                IceCredentials local = IceCredentials.random();
                h.localCredentials = local;
                h.localTransport = localTransport(local, h.socket.port());
                EngineHandle handle = h;
                h.post(() -> handle.restartIce(local));
            }
            SubscriberOffer offer;
            try {
                offer = nextOffer(h, subs);
            } catch (IllegalArgumentException e) {
                if (fresh) {
                    discard(h);
                }
                throw new MediaEngineException("cannot offer this subscription: " + e.getMessage(), e);
            }
            h.offer = offer;
            h.subscriptions = subs;
            List<SubscribedTrack> tracks = subscribedTracks(h);
            boolean paused = h.paused;
            EngineHandle handle = h;
            h.post(() -> handle.applySubscriber(null, tracks, paused));
            if (fresh) {
                h.registerSocket();
            }
            return offer.sdp();
        }
    }

    private SubscriberOffer nextOffer(EngineHandle h, List<Subscription> subs) {
        RoomPolicy policy = h.room.policy;
        SubscriberOfferBuilder builder = new SubscriberOfferBuilder(policy.subscriberExtensions(),
                policy.publisherPolicy().sctpPort(), policy.publisherPolicy().maxMessageSize());
        Map<String, Integer> ids = new HashMap<>();
        for (MediaKind kind : List.of(MediaKind.AUDIO, MediaKind.VIDEO)) {
            for (Extmap e : policy.subscriberExtensions().subscriberOffer(kind)) {
                ids.put(kind.name() + " " + e.uri(), e.id());
            }
        }
        h.subscriberExtensionIds = ids;
        if (h.offer == null) {
            // The first offer: every m-line in order; lines without a source are freed right after,
            // so that mids and indexes match the subscription's.
            List<SubscriberStream> all = new ArrayList<>();
            List<String> free = new ArrayList<>();
            for (Subscription s : subs) {
                SubscriberStream stream = resolve(h, s);
                if (stream == null) {
                    stream = placeholder(s);
                    free.add(s.mid());
                }
                all.add(stream);
            }
            SubscriberOffer offer = builder.offer(h.origin, h.localTransport, all);
            if (!free.isEmpty()) {
                offer = builder.update(offer, h.localTransport, List.of(), free);
                free.forEach(h.ssrcByMid::remove);
                free.forEach(h.rtxSsrcByMid::remove);
            }
            checkIndexes(h, subs, offer);
            return offer;
        }
        SubscriberOffer previous = h.offer;
        Set<String> wanted = new HashSet<>();
        List<SubscriberStream> add = new ArrayList<>();
        for (Subscription s : subs) {
            Optional<SubscriberOffer.Slot> slot = previous.slot(s.mid());
            boolean wasActive = slot.isPresent() && slot.get().active();
            if (!s.active()) {
                continue;
            }
            if (wasActive && slot.get().kind() == s.kind()) {
                wanted.add(s.mid());
                continue;
            }
            SubscriberStream stream = resolve(h, s);
            if (stream != null) {
                wanted.add(s.mid());
                add.add(stream);
            }
        }
        List<String> remove = new ArrayList<>();
        for (SubscriberOffer.Slot slot : previous.slots()) {
            if (slot.active() && !wanted.contains(slot.mid())) {
                remove.add(slot.mid());
                h.ssrcByMid.remove(slot.mid());
                h.rtxSsrcByMid.remove(slot.mid());
                h.accepted.remove(slot.mid());
                h.acceptedRtx.remove(slot.mid());
                h.answeredExtensions.remove(slot.mid());
            }
        }
        SubscriberOffer offer = builder.update(previous, h.localTransport, add, remove);
        checkIndexes(h, subs, offer);
        return offer;
    }

    private static void checkIndexes(EngineHandle h, List<Subscription> subs, SubscriberOffer offer) {
        for (Subscription s : subs) {
            Optional<SubscriberOffer.Slot> slot = offer.slot(s.mid());
            if (slot.isEmpty() || slot.get().mindex() != s.mindex()) {
                LOG.log(Level.WARNING, "handle " + h.handleId + ": subscription mid " + s.mid() + " is m-line "
                        + s.mindex() + " for the room but " + slot.map(x -> Integer.toString(x.mindex())).orElse("absent")
                        + " in the offer");
            }
        }
    }

    /** The stream to offer for a subscription, or null when its source is unknown (offered inactive). */
    private SubscriberStream resolve(EngineHandle h, Subscription s) {
        if (!s.active()) {
            return null;
        }
        EngineHandle feed = handles.get(s.feedHandleId());
        if (feed == null || feed.answer == null) {
            return null;
        }
        PublishedStream ps = null;
        for (PublishedStream p : feed.answer.streams()) {
            if (p.mid().equals(s.feedMid())) {
                ps = p;
            }
        }
        if (ps == null || ps.kind() != s.kind()) {
            return null;
        }
        if (s.kind() == MediaKind.APPLICATION) {
            // No SCTP relay yet (see RoomPolicy): a data m-line is offered free (port 0), never live.
            return null;
        }
        if (ps.codec().isEmpty()) {
            return null;
        }
        // We relay the publisher's codec as negotiated. Transport-cc is between the subscriber and
        // us, not the publisher: offered when we offer its header extension (we then number every
        // packet we send and read the subscriber's feedback).
        SelectedCodec selected = ps.codec().get();
        Codec codec = selected.codec();
        List<String> feedback = new ArrayList<>(codec.feedback().stream()
                .filter(f -> !f.trim().equalsIgnoreCase(TRANSPORT_CC)).toList());
        if (h.room.policy.subscriberExtensions().accepts(s.kind(), HeaderExtensionPolicy.TRANSPORT_WIDE_CC)) {
            feedback.add(TRANSPORT_CC);
        }
        codec = codec.withFeedback(feedback);
        long ssrc = h.ssrcByMid.computeIfAbsent(s.mid(), mid -> newSsrc(h));
        // RFC 4588 for video we keep a history of (NACK negotiated): an RTX payload type and a
        // stable RTX SSRC of our own, paired in an FID group.
        Codec rtx = null;
        long rtxSsrc = -1;
        if (s.kind() == MediaKind.VIDEO && hasFeedback(codec, "nack")) {
            rtx = Codec.rtx(rtxPayloadType(codec.payloadType(), selected.rtxPayloadType()), codec.payloadType(),
                    codec.clockRate());
            rtxSsrc = h.rtxSsrcByMid.computeIfAbsent(s.mid(), mid -> newSsrc(h));
        } else {
            h.rtxSsrcByMid.remove(s.mid());
        }
        String stream = "wildfire" + s.feedHandleId();
        return SubscriberStream.media(s.kind(), s.mid(), codec, rtx, ssrc, rtxSsrc,
                new Msid(stream, stream + "-" + s.feedMid()), stream);
    }

    /**
     * The RTX payload type to offer a subscriber for media payload type {@code pt}: the publisher's
     * (browsers pair them the same way in every offer), else the next one up, else the first free
     * dynamic one (RFC 3551 §3: 96-127).
     */
    static int rtxPayloadType(int pt, java.util.OptionalInt publisherRtx) {
        if (publisherRtx.isPresent() && publisherRtx.getAsInt() != pt) {
            return publisherRtx.getAsInt();
        }
        if (pt >= 96 && pt < 127) {
            return pt + 1;
        }
        return pt == 96 ? 97 : 96;
    }

    private long newSsrc(EngineHandle h) {
        while (true) {
            long ssrc = random.nextInt() & 0xFFFF_FFFFL;
            if (ssrc != 0 && !h.ssrcByMid.containsValue(ssrc) && !h.rtxSsrcByMid.containsValue(ssrc)) {
                return ssrc;
            }
        }
    }

    /** A stand-in for a line without a source in a first offer; freed before the offer is sent. */
    private SubscriberStream placeholder(Subscription s) {
        return switch (s.kind()) {
            case AUDIO -> SubscriberStream.media(MediaKind.AUDIO, s.mid(), Codec.of(111, "opus", 48000, 2), null, 1, -1,
                    null, "-");
            case VIDEO -> SubscriberStream.media(MediaKind.VIDEO, s.mid(), Codec.of(96, "VP8", 90000, 0), null, 1, -1,
                    null, "-");
            default -> SubscriberStream.data(s.mid());
        };
    }

    /**
     * Applies a subscriber's answer to our last offer: its ICE and DTLS parameters, and which m-lines
     * it accepted (those start relaying once the PeerConnection is up and the subscription is not
     * paused).
     *
     * @return the accepted mids
     * @throws MediaEngineException.SdpRejected for an answer that does not answer our offer
     * @throws MediaEngineException             for a handle without an offer
     */
    public Set<String> applySubscriberAnswer(long handleId, String answerSdp) throws MediaEngineException {
        SessionDescription sdp = parse(answerSdp, "answer");
        synchronized (lock) {
            ensureOpen();
            EngineHandle h = handles.get(handleId);
            if (h == null || h.offer == null) {
                throw new MediaEngineException("handle " + handleId + " has no subscription offer to answer");
            }
            RoomPolicy policy = h.room.policy;
            SubscriberAnswer answer;
            WebRtcTransport.RemoteParameters remote;
            try {
                answer = new SubscriberOfferBuilder(policy.subscriberExtensions(), policy.publisherPolicy().sctpPort(),
                        policy.publisherPolicy().maxMessageSize()).checkAnswer(h.offer, sdp);
                remote = remoteParameters(answer.remote(), answer.localSetup());
            } catch (SdpNegotiationException | IllegalArgumentException e) {
                throw new MediaEngineException.SdpRejected(e.getMessage(), e);
            }
            h.accepted.clear();
            h.acceptedRtx.clear();
            h.answeredExtensions.clear();
            for (SubscriberAnswer.StreamAcceptance a : answer.streams()) {
                if (a.accepted()) {
                    h.accepted.add(a.mid());
                    if (a.rtx()) {
                        h.acceptedRtx.add(a.mid());
                    }
                    // RFC 8285 §6: the answer may leave extensions out; those we must not send.
                    sdp.mediaByMid(a.mid()).ifPresent(m -> {
                        Set<String> uris = new HashSet<>();
                        m.extmaps().forEach(e -> uris.add(e.id() + " " + e.uri()));
                        h.answeredExtensions.put(a.mid(), uris);
                    });
                }
            }
            List<SubscribedTrack> tracks = subscribedTracks(h);
            boolean paused = h.paused;
            h.post(() -> h.applySubscriber(remote, tracks, paused));
            return Set.copyOf(h.accepted);
        }
    }

    /**
     * The sources, send flags or pause state of a subscription changed without renegotiation
     * (switch, configure, pause, start). Streams whose m-line is not in the current offer wait for
     * the next one.
     */
    public void updateSubscriber(long handleId, List<Subscription> subscriptions, boolean paused) {
        List<Subscription> subs = List.copyOf(subscriptions);
        synchronized (lock) {
            EngineHandle h = handles.get(handleId);
            if (h == null || h.role != EngineHandle.Role.SUBSCRIBER) {
                return;
            }
            h.subscriptions = subs;
            h.paused = paused;
            List<SubscribedTrack> tracks = subscribedTracks(h);
            h.post(() -> h.applySubscriber(null, tracks, paused));
        }
    }

    /** The router's view of a subscription: the offered, active m-lines with their current source. */
    private static List<SubscribedTrack> subscribedTracks(EngineHandle h) {
        List<SubscribedTrack> out = new ArrayList<>();
        if (h.offer == null) {
            return out;
        }
        for (Subscription s : h.subscriptions) {
            Optional<SubscriberOffer.Slot> slot = h.offer.slot(s.mid());
            if (slot.isEmpty() || slot.get().stream().isEmpty() || !s.active()) {
                continue;
            }
            SubscriberStream stream = slot.get().stream().get();
            if (stream.kind() != MediaKind.AUDIO && stream.kind() != MediaKind.VIDEO) {
                continue;
            }
            Map<String, Integer> ids = new HashMap<>();
            String prefix = stream.kind().name() + " ";
            Set<String> answered = h.answeredExtensions.get(s.mid());
            h.subscriberExtensionIds.forEach((key, id) -> {
                if (key.startsWith(prefix)) {
                    String uri = key.substring(prefix.length());
                    if (answered == null || answered.contains(id + " " + uri)) {
                        ids.put(uri, id);
                    }
                }
            });
            SubscribedTrack track = new SubscribedTrack(s.mid(), stream.kind(), stream.ssrc(),
                    stream.codec().payloadType(), stream.codec().clockRate(), ids, hasFeedback(stream.codec(), "nack"),
                    s.feedHandleId(), s.feedMid(), s.send(), h.accepted.contains(s.mid()))
                    .withLayers(s.substream(), s.temporal(), s.fallbackMicros());
            if (stream.rtx() != null && h.acceptedRtx.contains(s.mid())) {
                track = track.withRtx(stream.rtx().payloadType(), stream.rtxSsrc());
            }
            out.add(track);
        }
        return out;
    }

    // =================================================================== both

    /**
     * Closes the handle's PeerConnection (hangup, leave, detach): DTLS close_notify, then the
     * socket; its port is free shortly after (on its loop). Unknown handles are ignored.
     */
    public void closeTransport(long handleId) {
        synchronized (lock) {
            EngineHandle h = handles.remove(handleId);
            if (h == null) {
                return;
            }
            h.post(h::close);
            releaseRoom(h.room);
        }
    }

    /** Whether the handle has a PeerConnection in the engine. */
    public boolean hasTransport(long handleId) {
        synchronized (lock) {
            return handles.containsKey(handleId);
        }
    }

    /** A snapshot of the handle's PeerConnection, taken on its loop; completes with null for an unknown handle. */
    public CompletableFuture<HandleStats> stats(long handleId) {
        CompletableFuture<HandleStats> result = new CompletableFuture<>();
        EngineHandle h;
        synchronized (lock) {
            h = handles.get(handleId);
        }
        if (h == null) {
            result.complete(null);
            return result;
        }
        try {
            h.post(() -> result.complete(h.stats()));
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
        return result;
    }

    /** UDP ports held right now. */
    public List<Integer> portsInUse() {
        return ports.portsInUse();
    }

    /** Single-port mode's shared socket, if {@code media.single_port} is set (for its counters). */
    public java.util.Optional<SharedUdpPort> sharedPort() {
        return java.util.Optional.ofNullable(sharedPort);
    }

    /** The media loop threads (not the DTLS pool, whose threads come and go). */
    public List<Thread> loopThreads() {
        return List.copyOf(loopThreads);
    }

    /** Whether the epoll transport is in use (else NIO). */
    public boolean usesEpoll() {
        return epoll;
    }

    /** The settings the engine was built with. */
    public MediaEngineSettings settings() {
        return settings;
    }

    /** Rooms with at least one PeerConnection. */
    public int roomCount() {
        synchronized (lock) {
            return rooms.size();
        }
    }

    /**
     * Hangs up every PeerConnection, stops the loops (waiting for them) and the handshake pool,
     * and releases every port. Idempotent.
     */
    @Override
    public void close() {
        List<EngineHandle> all;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            all = new ArrayList<>(handles.values());
            handles.clear();
            for (RoomMedia room : rooms.values()) {
                room.stop();
            }
            rooms.clear();
        }
        for (EngineHandle h : all) {
            try {
                h.post(h::close);
            } catch (RuntimeException e) {
                h.socket.close();
            }
        }
        if (sharedPort != null) {
            sharedPort.close();
        }
        loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        // Sockets whose loop task never ran (none in practice) are closed here, releasing their ports.
        for (EngineHandle h : all) {
            h.socket.close();
        }
        handshakes.shutdownNow();
        try {
            handshakes.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.log(Level.INFO, () -> "Media engine stopped (" + all.size() + " PeerConnection(s) closed, "
                + ports.portsInUse().size() + " port(s) still held)");
    }

    // =================================================================== internals

    private void ensureOpen() throws MediaEngineException {
        if (closed) {
            throw new MediaEngineException("the media engine is shut down");
        }
    }

    private static SessionDescription parse(String sdp, String what) throws MediaEngineException.SdpRejected {
        if (sdp == null) {
            throw new MediaEngineException.SdpRejected("no SDP " + what, null);
        }
        try {
            return SdpParser.parse(sdp);
        } catch (SdpParseException | IllegalArgumentException e) {
            throw new MediaEngineException.SdpRejected(e.getMessage(), e);
        }
    }

    private EngineHandle newHandle(long handleId, String roomId, EngineHandle.Role role, TransportEvents events,
            RoomPolicy policy) throws MediaEngineException {
        RoomMedia room = rooms.get(roomId);
        boolean newRoom = room == null;
        if (newRoom) {
            room = new RoomMedia(roomId, loops.next(), new RoomRouter(roomId, nanoClock,
                    new SplittableRandom(random.nextLong()), settings.retransmissionWindow(), settings.noMediaTimer(),
                    settings.testFaults()),
                    nanoClock, policy);
            RoomMedia created = room;
            room.router.setSlowLink(settings.slowLinkThreshold(), created::onSlowLink);
            room.router.setTransportCcFeedbackPeriod(settings.transportCcPeriod());
            room.router.setSimulcastListener(created.simulcastEvents());
        }
        IceCredentials local = IceCredentials.random();
        PeerSocket socket;
        if (sharedPort != null) {
            socket = sharedPort.lease(local.ufrag());
        } else {
            try {
                socket = ports.allocate(port -> UdpSocket.bind(bindAddress, port, epoll, () -> ports.release(port)))
                        .socket();
            } catch (UdpPortAllocator.PortUnavailableException e) {
                throw new MediaEngineException(e.getMessage(), e);
            }
        }
        if (newRoom) {
            rooms.put(roomId, room);
            room.start();
        }
        RoomMedia r = room;
        String name = "handle " + handleId + " (" + role.name().toLowerCase(Locale.ROOT) + ", room " + roomId + ")";
        EngineHandle h = new EngineHandle(handleId, role, room, socket, (owner, credentials) -> new WebRtcTransport(name,
                credentials, transportSettings, settings.certificate(), handshakes, r.loop, nanoClock, socket, owner),
                local, events == null ? TransportEvents.NONE : events);
        h.localTransport = localTransport(local, socket.port());
        h.origin = Origin.of(Long.toUnsignedString(random.nextLong() & Long.MAX_VALUE), 1, originAddress);
        room.handleCount++;
        handles.put(handleId, h);
        h.start();
        LOG.log(Level.DEBUG, () -> "PeerConnection of " + name + " on UDP port " + socket.port());
        return h;
    }

    /** Undoes {@link #newHandle} after a failed first negotiation. */
    private void discard(EngineHandle h) {
        handles.remove(h.handleId);
        h.post(h::close);
        releaseRoom(h.room);
    }

    private void releaseRoom(RoomMedia room) {
        room.handleCount--;
        if (room.handleCount <= 0 && rooms.get(room.roomId) == room) {
            rooms.remove(room.roomId);
            room.stop();
        }
    }

    private LocalTransport localTransport(IceCredentials local, int port) {
        List<Candidate> candidates = new ArrayList<>();
        for (IceCandidate c : HostAddressSelector.hostCandidates(settings.addresses(), port)) {
            candidates.add(Candidate.parse(c.toCandidateString().substring("candidate:".length())));
        }
        return new LocalTransport(local.ufrag(), local.pwd(), List.of(fingerprint), candidates);
    }

    private static WebRtcTransport.RemoteParameters remoteParameters(RemoteTransport remote, Setup localSetup) {
        List<DtlsFingerprint> fingerprints = new ArrayList<>();
        for (Fingerprint f : remote.fingerprints()) {
            try {
                fingerprints.add(DtlsFingerprint.parse(f.toSdp()));
            } catch (IllegalArgumentException e) {
                // A hash function we cannot compute (md5, ...): the others may still match.
            }
        }
        if (fingerprints.isEmpty()) {
            throw new SdpNegotiationException("no a=fingerprint with a supported hash function ("
                    + String.join(", ", DtlsFingerprint.SUPPORTED_ALGORITHMS) + ")");
        }
        DtlsRole role = localSetup == Setup.ACTIVE ? DtlsRole.CLIENT : DtlsRole.SERVER;
        return new WebRtcTransport.RemoteParameters(remote.iceUfrag(), remote.icePwd(), fingerprints, role);
    }

    /** The {@code rtcp-fb} value of transport-wide congestion control feedback. */
    private static final String TRANSPORT_CC = "transport-cc";

    private static boolean hasFeedback(Codec codec, String type) {
        for (String f : codec.feedback()) {
            if (f.trim().equalsIgnoreCase(type)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return "MediaEngine[" + handles.size() + " PeerConnection(s), " + rooms.size() + " room(s), "
                    + ports.portsInUse().size() + " port(s)]";
        }
    }
}
