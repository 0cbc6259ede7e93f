package io.github.wildfiresfu.bench.load;

import io.github.wildfiresfu.media.dtls.DtlsConfig;
import io.github.wildfiresfu.media.dtls.DtlsFailure;
import io.github.wildfiresfu.media.dtls.DtlsFingerprint;
import io.github.wildfiresfu.media.dtls.DtlsRole;
import io.github.wildfiresfu.media.dtls.DtlsTransport;
import io.github.wildfiresfu.media.ice.IceCredentials;
import io.github.wildfiresfu.media.rtcp.RtcpCompoundIterator;
import io.github.wildfiresfu.media.rtcp.RtcpHeader;
import io.github.wildfiresfu.media.rtp.PacketClassifier;
import io.github.wildfiresfu.media.rtp.PacketKind;
import io.github.wildfiresfu.media.sdp.Candidate;
import io.github.wildfiresfu.media.sdp.MediaDescription;
import io.github.wildfiresfu.media.sdp.MediaKind;
import io.github.wildfiresfu.media.sdp.SdpParser;
import io.github.wildfiresfu.media.sdp.SessionDescription;
import io.github.wildfiresfu.media.sdp.Setup;
import io.github.wildfiresfu.media.sdp.Ssrc;
import io.github.wildfiresfu.media.srtp.SrtpKeyingMaterial;
import io.github.wildfiresfu.media.srtp.SrtpProtector;
import io.github.wildfiresfu.media.srtp.SrtpStatus;
import io.github.wildfiresfu.media.srtp.SrtpUnprotector;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One PeerConnection of the load generator, as a browser would make it towards the server: a
 * publisher that sends synthetic Opus and VP8 ({@link SyntheticStream}) or a subscriber that
 * receives, decrypts and counts what the server forwards.
 *
 * <p><b>Lifecycle.</b> Created → {@link PeerNetwork#open} binds its socket and calls
 * {@link #attach} → the SDP step ({@link #publisherOffer} then {@link #acceptAnswer}, or
 * {@link #answerOffer}) starts ICE ({@link IceAgent}) → once a pair is selected, DTLS runs in
 * the role {@code a=setup} gave us (sfu-core's {@link DtlsTransport}) → its keys make the SRTP
 * sessions and {@link #connected()} completes → publishers send once {@link #startMedia} is
 * called → {@link #close()}.
 *
 * <p><b>Threading.</b> Everything after {@link #attach} runs on the peer's event loop (its
 * socket's loop: datagrams, the tick, SRTP, counters) except the SDP step, which the setup
 * thread runs before the first tick can touch the fields it sets (it posts the ICE start to the
 * loop), and the DTLS callbacks, which come from the handshake pool: they only write to the
 * thread-safe Netty channel or post to the loop.
 *
 * <p><b>Counting.</b> Every datagram ends in exactly one counter: STUN (or a dropped STUN),
 * DTLS, RTP/RTCP decrypted, an SRTP failure by {@link SrtpStatus}, media before the keys, or an
 * unknown first byte. Decrypted RTP is counted per kind from the SSRCs in the server's offer.
 */
final class LoadPeer {

    /** Publisher (sends) or subscriber (receives). */
    enum Role {
        /** Sends audio and video to the server. */
        PUBLISHER,
        /** Receives every publisher of its room through one multistream subscription. */
        SUBSCRIBER
    }

    /** What a peer did so far; taken on the peer's loop. */
    record Stats(String name, Role role, long audioSent, long videoSent, long audioReceived,
            long videoReceived, long otherReceived, long srtpFailures,
            Map<SrtpStatus, Long> srtpFailureDetail, long rtcpReceived, long keyframeRequests, long nacksReceived,
            long pacingSlips, long stunDropped, long earlyMedia, long unknownDatagrams, long sendFailures,
            String srtpProfile) {

        long sent() {
            return audioSent + videoSent;
        }

        long received() {
            return audioReceived + videoReceived + otherReceived;
        }
    }

    private static final System.Logger LOG = System.getLogger(LoadPeer.class.getName());

    private final String name;
    private final Role role;
    private final PeerNetwork network;
    private final IceCredentials credentials = IceCredentials.random();
    private final long seed;
    private final CompletableFuture<SrtpKeyingMaterial> connected = new CompletableFuture<>();
    private final RtcpCompoundIterator rtcp = new RtcpCompoundIterator();
    private Channel channel;
    private PeerNetwork.PeerLoop loop;
    private InetSocketAddress local;
    private IceAgent ice;
    private volatile DtlsTransport dtls;
    private DtlsRole dtlsRole;
    private boolean dtlsStarted;
    /** Where DTLS datagrams go: the selected pair, or where the server's DTLS came from. */
    private volatile InetSocketAddress dtlsTarget;
    private SrtpProtector protector;
    private SrtpUnprotector unprotector;
    private boolean needsFlush;
    private boolean closed;
    private final List<SyntheticStream> streams = new ArrayList<>();
    private SyntheticStream video;
    private boolean sending;
    /** SSRCs the server offered us and their kinds (subscribers); searched per packet without boxing. */
    private long[] offeredSsrcs = new long[0];
    private MediaKind[] offeredKinds = new MediaKind[0];
    private long audioReceived;
    private long videoReceived;
    private long otherReceived;
    private final long[] srtpFailures = new long[SrtpStatus.values().length];
    private long rtcpReceived;
    private long keyframeRequests;
    private long nacksReceived;
    private long earlyMedia;
    private long unknownDatagrams;
    private long sendFailures;
    private volatile String failure;

    LoadPeer(String name, Role role, PeerNetwork network, long seed) {
        this.name = name;
        this.role = role;
        this.network = network;
        this.seed = seed;
    }

    String name() {
        return name;
    }

    Role role() {
        return role;
    }

    /** The local UDP port (after {@link #attach}). */
    int localPort() {
        return local.getPort();
    }

    /** Completes when DTLS-SRTP is up (exceptionally if ICE or DTLS fails). */
    CompletableFuture<SrtpKeyingMaterial> connected() {
        return connected;
    }

    /** ICE and DTLS state in one line (for a setup failure's message); asks the loop. */
    String diagnostics() {
        CompletableFuture<String> d = new CompletableFuture<>();
        loop.loop.execute(() -> d.complete("ICE " + (ice == null ? "not started" : ice.describe()) + "; DTLS "
                + (dtls == null ? "not created" : dtls + " (" + dtlsRole + ")")
                + (failure == null ? "" : "; " + failure)));
        try {
            return d.get(2, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            return "no diagnostics: " + e;
        }
    }

    /** Why the peer failed, or {@code null}. */
    String failure() {
        return failure;
    }

    /** Called by {@link PeerNetwork#open} with the peer's bound socket. */
    void attach(Channel channel, PeerNetwork.PeerLoop loop) {
        this.channel = channel;
        this.loop = loop;
        this.local = (InetSocketAddress) channel.localAddress();
    }

    /**
     * The publisher's offer (audio if {@code audioPps > 0}, video if {@code videoPps > 0}); also
     * prepares the streams that {@link #startMedia} starts.
     */
    String publisherOffer(LoadOptions o, String cname) {
        long audioSsrc = o.audioPps() > 0 ? ssrc(1) : -1;
        long videoSsrc = o.videoPps() > 0 ? ssrc(2) : -1;
        if (audioSsrc >= 0) {
            streams.add(new SyntheticStream(MediaKind.AUDIO, "0", audioSsrc, o.audioPps(), o.audioBytes(), 0, 0, seed));
        }
        if (videoSsrc >= 0) {
            video = new SyntheticStream(MediaKind.VIDEO, "1", videoSsrc, o.videoPps(), o.videoBytes(), o.fps(),
                    o.keyframeIntervalSeconds() * o.fps(), seed + 1);
            streams.add(video);
        }
        return PeerSdp.publisherOffer(credentials, network.certificate().fingerprint(), local,
                new PeerSdp.PublisherMedia(audioSsrc, videoSsrc), name, seed & Long.MAX_VALUE);
    }

    /**
     * The server's answer to our publisher offer: its ICE credentials and candidates, its
     * fingerprint and its DTLS role ({@code active} makes us the DTLS server). Starts ICE; we are
     * the controlling agent (we offered).
     */
    void acceptAnswer(String answerSdp) {
        SessionDescription answer = SdpParser.parse(answerSdp);
        Remote remote = remote(answer);
        dtlsRole = remote.setup() == Setup.ACTIVE ? DtlsRole.SERVER : DtlsRole.CLIENT;
        begin(remote, true);
    }

    /**
     * Our recvonly answer to the server's subscriber offer. We take {@code a=setup:active} (DTLS
     * client). ICE role: controlled if the server is a full agent (it offered, RFC 8445 §6.1.1),
     * controlling if it is ICE-lite. Starts ICE.
     */
    String answerOffer(String offerSdp) {
        SessionDescription offer = SdpParser.parse(offerSdp);
        Map<Long, MediaKind> ssrcs = new HashMap<>();
        for (MediaDescription m : offer.media()) {
            if (!m.isRejected() && (m.kind() == MediaKind.AUDIO || m.kind() == MediaKind.VIDEO)) {
                for (Ssrc s : m.ssrcs()) {
                    ssrcs.put(s.ssrc(), m.kind());
                }
            }
        }
        offeredSsrcs = ssrcs.keySet().stream().mapToLong(Long::longValue).toArray();
        offeredKinds = Arrays.stream(offeredSsrcs).mapToObj(ssrcs::get).toArray(MediaKind[]::new);
        String answer = PeerSdp.subscriberAnswer(offer, credentials, network.certificate().fingerprint(), local,
                seed & Long.MAX_VALUE);
        dtlsRole = DtlsRole.CLIENT;
        begin(remote(offer), offer.iceLite());
        return answer;
    }

    /** A trickled server candidate ({@code candidate:...} attribute value). Thread-safe. */
    void addRemoteCandidate(String candidate) {
        InetSocketAddress address = udpAddress(Candidate.parse(candidate.replaceFirst("^a=", "")
                .replaceFirst("^candidate:", "")));
        if (address != null) {
            loop.loop.execute(() -> {
                if (ice != null) {
                    ice.addRemoteCandidate(address);
                }
            });
        }
    }

    /** What the server's SDP says about its end of the PeerConnection. */
    private record Remote(String ufrag, String pwd, List<DtlsFingerprint> fingerprints, List<InetSocketAddress> candidates,
            Setup setup) {
    }

    private Remote remote(SessionDescription sd) {
        MediaDescription first = sd.media().stream().filter(m -> !m.isRejected()).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(name + ": the server's SDP accepts no m-line"));
        String ufrag = sd.iceUfragFor(first).orElseThrow(() -> new IllegalArgumentException(name + ": no ice-ufrag"));
        String pwd = sd.icePwdFor(first).orElseThrow(() -> new IllegalArgumentException(name + ": no ice-pwd"));
        List<DtlsFingerprint> fingerprints = sd.fingerprintsFor(first).stream()
                .map(f -> DtlsFingerprint.parse(f.toSdp())).toList();
        List<InetSocketAddress> candidates = new ArrayList<>();
        for (MediaDescription m : sd.media()) {
            for (Candidate c : m.candidates()) {
                InetSocketAddress a = udpAddress(c);
                if (a != null && !candidates.contains(a)) {
                    candidates.add(a);
                }
            }
        }
        return new Remote(ufrag, pwd, fingerprints, candidates, sd.setupFor(first).orElse(Setup.ACTPASS));
    }

    /**
     * Creates the ICE agent and the DTLS transport, then hands them to the loop (a DTLS server
     * starts at once and waits for the ClientHello; a client starts once ICE selects a pair).
     */
    private void begin(Remote remote, boolean controlling) {
        IceAgent agent = new IceAgent(credentials, controlling, seed, this::sendStun);
        agent.setRemoteCredentials(remote.ufrag(), remote.pwd());
        remote.candidates().forEach(agent::addRemoteCandidate);
        dtls = new DtlsTransport(network.certificate(), DtlsConfig.of(dtlsRole, remote.fingerprints()),
                new DtlsTransport.Listener() {
                    @Override
                    public void onDtlsSend(byte[] buf, int off, int len) {
                        InetSocketAddress to = dtlsTarget;
                        if (to != null && channel.isActive()) {
                            ByteBuf b = channel.alloc().directBuffer(len);
                            b.writeBytes(buf, off, len);
                            channel.writeAndFlush(new DatagramPacket(b, to));
                        }
                    }

                    @Override
                    public void onDtlsConnected(SrtpKeyingMaterial keyingMaterial) {
                        loop.loop.execute(() -> onSrtpKeys(keyingMaterial));
                    }

                    @Override
                    public void onDtlsFailed(DtlsFailure f) {
                        fail("DTLS failed: " + f);
                    }
                }, network.handshakes());
        CompletableFuture<Void> begun = new CompletableFuture<>();
        loop.loop.execute(() -> {
            // Everything the setup thread wrote above happens-before this task (Executor contract).
            ice = agent;
            if (dtlsRole == DtlsRole.SERVER) {
                dtlsStarted = true;
                dtls.start();
            }
            ice.tick(System.nanoTime());
            flush();
            begun.complete(null);
        });
        begun.join();
    }

    private void onSrtpKeys(SrtpKeyingMaterial keys) {
        if (closed) {
            return;
        }
        protector = SrtpProtector.create(keys);
        unprotector = SrtpUnprotector.create(keys);
        connected.complete(keys);
    }

    /** Publishers start their streams (on the loop); subscribers ignore it. */
    void startMedia() {
        loop.loop.execute(() -> {
            long now = System.nanoTime();
            for (SyntheticStream s : streams) {
                s.start(now);
            }
            sending = !streams.isEmpty();
        });
    }

    /** Publishers stop sending (on the loop). */
    void stopMedia() {
        loop.loop.execute(() -> sending = false);
    }

    /** The loop's timer: ICE checks, the DTLS client's start, and the media that is due. */
    void tick(long now) {
        if (closed || ice == null) {
            return;
        }
        ice.tick(now);
        afterIce();
        if (sending && protector != null) {
            InetSocketAddress to = ice.selectedAddress();
            byte[] buf = loop.scratch;
            for (int i = 0; i < streams.size(); i++) {
                SyntheticStream s = streams.get(i);
                for (int n = s.due(now); n > 0; n--) {
                    int len = s.writeNext(buf, 0);
                    int protectedLength = protector.protectRtp(buf, 0, len);
                    if (protectedLength < 0) {
                        sendFailures++;
                        continue;
                    }
                    send(buf, protectedLength, to);
                }
            }
        }
        flush();
    }

    private void afterIce() {
        InetSocketAddress selected = ice.selectedAddress();
        if (selected != null && dtlsTarget != selected) {
            dtlsTarget = selected;
        }
        if (selected != null && !dtlsStarted && dtlsRole == DtlsRole.CLIENT) {
            dtlsStarted = true;
            dtls.start();
        }
    }

    /** One datagram from the socket, on the loop; {@code content} is released by the caller. */
    void onDatagram(ByteBuf content, InetSocketAddress from) {
        int len = content.readableBytes();
        byte[] buf = loop.scratch;
        if (closed || len > PeerNetwork.MAX_DATAGRAM) {
            unknownDatagrams++;
            return;
        }
        content.getBytes(content.readerIndex(), buf, 0, len);
        PacketKind kind = PacketClassifier.classify(buf, 0, len);
        switch (kind) {
            case STUN -> {
                if (ice != null) {
                    ice.onStun(buf, 0, len, from, System.nanoTime());
                    afterIce();
                }
            }
            case DTLS -> {
                if (dtlsTarget == null) {
                    dtlsTarget = from;
                }
                if (dtls != null) {
                    dtls.receive(buf, 0, len);
                }
            }
            case RTP -> onRtp(buf, len);
            case RTCP -> onRtcp(buf, len);
            default -> unknownDatagrams++;
        }
    }

    private void onRtp(byte[] buf, int len) {
        if (unprotector == null) {
            earlyMedia++;
            return;
        }
        int n = unprotector.unprotectRtp(buf, 0, len);
        if (n < 0) {
            srtpFailures[SrtpStatus.fromResult(n).ordinal()]++;
            return;
        }
        long ssrc = ((buf[8] & 0xFFL) << 24) | ((buf[9] & 0xFF) << 16) | ((buf[10] & 0xFF) << 8) | (buf[11] & 0xFF);
        MediaKind kind = null;
        for (int i = 0; i < offeredSsrcs.length; i++) {
            if (offeredSsrcs[i] == ssrc) {
                kind = offeredKinds[i];
                break;
            }
        }
        if (kind == MediaKind.AUDIO) {
            audioReceived++;
        } else if (kind == MediaKind.VIDEO) {
            videoReceived++;
        } else {
            otherReceived++;
        }
    }

    private void onRtcp(byte[] buf, int len) {
        if (unprotector == null) {
            earlyMedia++;
            return;
        }
        int n = unprotector.unprotectRtcp(buf, 0, len);
        if (n < 0) {
            srtpFailures[SrtpStatus.fromResult(n).ordinal()]++;
            return;
        }
        rtcpReceived++;
        rtcp.wrap(buf, 0, n);
        while (rtcp.next()) {
            int type = rtcp.packetType();
            int fmt = rtcp.count();
            if (type == RtcpHeader.PSFB && (fmt == RtcpHeader.FMT_PLI || fmt == RtcpHeader.FMT_FIR)) {
                keyframeRequests++;
                if (video != null) {
                    video.requestKeyframe();
                }
            } else if (type == RtcpHeader.RTPFB && fmt == RtcpHeader.FMT_NACK) {
                nacksReceived++;
            }
        }
    }

    private void sendStun(byte[] buf, int off, int len, InetSocketAddress to) {
        send(buf, len, to);
    }

    private void send(byte[] buf, int len, InetSocketAddress to) {
        if (to == null || !channel.isActive()) {
            sendFailures++;
            return;
        }
        ByteBuf b = channel.alloc().directBuffer(len);
        b.writeBytes(buf, 0, len);
        channel.write(new DatagramPacket(b, to), channel.voidPromise());
        needsFlush = true;
    }

    /** Flushes what this peer queued on its loop. */
    void flush() {
        if (needsFlush) {
            needsFlush = false;
            channel.flush();
        }
    }

    void onSocketError(Throwable cause) {
        sendFailures++;
        LOG.log(Level.DEBUG, () -> name + ": socket error " + cause);
    }

    private void fail(String why) {
        failure = why;
        connected.completeExceptionally(new IllegalStateException(name + ": " + why));
    }

    /** The counters, on the loop. */
    Stats stats() {
        long audioSent = 0;
        long videoSent = 0;
        long slips = 0;
        for (SyntheticStream s : streams) {
            if (s.kind() == MediaKind.AUDIO) {
                audioSent += s.sent();
            } else {
                videoSent += s.sent();
            }
            slips += s.slips();
        }
        Map<SrtpStatus, Long> detail = new EnumMap<>(SrtpStatus.class);
        long failures = 0;
        for (SrtpStatus s : SrtpStatus.values()) {
            if (srtpFailures[s.ordinal()] > 0) {
                detail.put(s, srtpFailures[s.ordinal()]);
                failures += srtpFailures[s.ordinal()];
            }
        }
        return new Stats(name, role, audioSent, videoSent, audioReceived, videoReceived, otherReceived, failures,
                detail, rtcpReceived, keyframeRequests, nacksReceived, slips, ice == null ? 0 : ice.droppedMessages(),
                earlyMedia, unknownDatagrams, sendFailures,
                protector == null ? "" : protector.profile().toString());
    }

    /** Ends DTLS (close_notify), the SRTP sessions and the socket. Idempotent; any thread. */
    void close() {
        DtlsTransport d = dtls;
        if (d != null) {
            d.close();
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.loop.execute(() -> {
            closed = true;
            if (protector != null) {
                protector.close();
                unprotector.close();
            }
            network.forget(this, loop);
            channel.close();
            done.complete(null);
        });
        done.join();
    }

    private long ssrc(int stream) {
        // Distinct per peer and stream, never 0.
        return ((seed * 31 + stream) * 0x9E3779B9L & 0xFFFF_FFFFL) | 1;
    }

    private static InetSocketAddress udpAddress(Candidate c) {
        if (!c.transport().equalsIgnoreCase("udp") || c.component() != 1 || c.address().endsWith(".local")) {
            return null;
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(c.address()), c.port());
        } catch (UnknownHostException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "LoadPeer[" + name + ", " + role + ", " + local + "]";
    }

}
