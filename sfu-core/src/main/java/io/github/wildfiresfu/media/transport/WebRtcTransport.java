package io.github.wildfiresfu.media.transport;

import io.github.wildfiresfu.media.dtls.DtlsCertificate;
import io.github.wildfiresfu.media.dtls.DtlsConfig;
import io.github.wildfiresfu.media.dtls.DtlsFailure;
import io.github.wildfiresfu.media.dtls.DtlsFingerprint;
import io.github.wildfiresfu.media.dtls.DtlsRole;
import io.github.wildfiresfu.media.dtls.DtlsTransport;
import io.github.wildfiresfu.media.ice.IceCredentials;
import io.github.wildfiresfu.media.ice.IceLiteConfig;
import io.github.wildfiresfu.media.ice.IceLiteResponder;
import io.github.wildfiresfu.media.ice.IceOutcome;
import io.github.wildfiresfu.media.rtp.DropCounters;
import io.github.wildfiresfu.media.rtp.PacketClassifier;
import io.github.wildfiresfu.media.rtp.PacketKind;
import io.github.wildfiresfu.media.srtp.SrtpKeyingMaterial;
import io.github.wildfiresfu.media.srtp.SrtpProtector;
import io.github.wildfiresfu.media.srtp.SrtpSession;
import io.github.wildfiresfu.media.srtp.SrtpUnprotector;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

/**
 * One PeerConnection of the SFU: ICE-lite, DTLS-SRTP and the RFC 7983 demultiplexer over one UDP
 * socket, composed the way mediasoup's {@code WebRtcTransport} composes them. It never touches the
 * socket itself: datagrams come in through {@link #onDatagram} and go out through the injected
 * {@link DatagramSender}, so tests wire two transports back to back in memory.
 *
 * <p><b>Receive path</b> ({@link #onDatagram}): the first byte decides (RFC 7983 §7).
 * <ul>
 *   <li>STUN goes to the {@link IceLiteResponder}; its answer is sent back to the sender. The first
 *       valid check makes the transport {@link State#ICE_CONNECTED}; the pair the browser nominates
 *       (or, before nomination, the last one it checked) is where everything is sent.</li>
 *   <li>DTLS is accepted only from an address with a valid check, and goes to the
 *       {@link DtlsTransport}. Our role comes from SDP (RFC 8842): as the server (answer
 *       {@code passive}) the handshake starts with the peer's first record; as the client, once
 *       ICE is connected. DTLS that arrives before the remote description (a subscriber answering
 *       our offer starts DTLS before its answer reaches us) waits in a small queue.</li>
 *   <li>SRTP and SRTCP, from a validated address and once DTLS exported the keys, are unprotected
 *       in place and handed to the {@link Listener}. SRTP that arrives while our side of the
 *       handshake is finishing waits in a small queue (see {@link #EARLY_SRTP_QUEUE}).</li>
 * </ul>
 * Everything else is dropped and counted: classifier verdicts in {@link #kindDrops()}, our own
 * decisions in {@link #drops()}, STUN refusals in the responder's counters.
 *
 * <p><b>Lifecycle.</b> {@link State#NEW} → {@link State#ICE_CONNECTED} (first valid check) →
 * {@link State#CONNECTED} (DTLS done, SRTP keys; the listener hears
 * {@link Listener#onTransportConnected}) → {@link State#CLOSED}. It ends by {@link #close}
 * (the owner's decision, no callback) or by a failure reported once through
 * {@link Listener#onTransportFailed} with Janus's hangup reasons: {@code "ICE failed"} when no
 * check arrives within the ICE failure timeout or consent expires (RFC 7675),
 * {@code "DTLS alert"} for a DTLS failure or the peer's close_notify, {@code "DTLS timeout"} when
 * the handshake does not complete in time. A closed transport cannot be reused.
 *
 * <p><b>Threading.</b> Confined to the event loop of its room: every method but the constructor
 * runs there. DTLS callbacks arrive on handshake threads and are posted to {@code loop} before they
 * touch any state. Time comes from the injected monotonic clock; timeouts are checked by
 * {@link #checkTimers}, which the room calls from its timer.
 *
 * <p><b>Buffers.</b> {@link #onDatagram} borrows the caller's buffer for the duration of the call:
 * SRTP is unprotected in place and the listener reads the plain packet from the same buffer; no
 * one keeps it afterwards. {@link #sendRtp}/{@link #sendRtcp} protect the caller's buffer in
 * place (see {@link MediaSender}). Only the DTLS handshake copies (its datagrams cross threads).
 */
public final class WebRtcTransport implements MediaSender {

    /** Where a transport is in its life. */
    public enum State {
        /** No valid ICE check yet. */
        NEW,
        /** A valid check arrived: there is a remote address; DTLS runs or waits. */
        ICE_CONNECTED,
        /** DTLS completed: SRTP keys are installed and media flows. */
        CONNECTED,
        /** Closed or failed; nothing is received or sent any more. */
        CLOSED
    }

    /** Sends a datagram on the transport's socket; the bytes are consumed before it returns. */
    @FunctionalInterface
    public interface DatagramSender {
        void send(byte[] buf, int off, int len, InetSocketAddress to);
    }

    /** What a transport tells its owner, always on the room's event loop. */
    public interface Listener {

        /** DTLS completed and SRTP is ready: Janus's {@code webrtcup}. */
        void onTransportConnected(WebRtcTransport transport);

        /** A plain RTP packet in {@code buf[off, off + len)}, valid during the call only. */
        void onTransportRtp(WebRtcTransport transport, byte[] buf, int off, int len);

        /** A plain (compound) RTCP packet in {@code buf[off, off + len)}, valid during the call only. */
        void onTransportRtcp(WebRtcTransport transport, byte[] buf, int off, int len);

        /** The transport failed and closed itself; called once, never after {@link #close}. */
        void onTransportFailed(WebRtcTransport transport, Failure failure);
    }

    /**
     * Why a transport failed.
     *
     * @param reason Janus's hangup reason: {@code "ICE failed"}, {@code "DTLS alert"} or
     *               {@code "DTLS timeout"}
     * @param ice    whether ICE failed (Janus sends {@code ice-failed} before the hangup)
     * @param detail a longer explanation for logs
     */
    public record Failure(String reason, boolean ice, String detail) {
    }

    /**
     * The peer's transport parameters from its description.
     *
     * @param iceUfrag     its ice-ufrag
     * @param icePwd       its ice-pwd
     * @param fingerprints its certificate fingerprints
     * @param localRole    our DTLS role as our SDP says ({@code passive}: server)
     */
    public record RemoteParameters(String iceUfrag, String icePwd, List<DtlsFingerprint> fingerprints,
            DtlsRole localRole) {
        public RemoteParameters {
            Objects.requireNonNull(iceUfrag, "iceUfrag");
            fingerprints = List.copyOf(fingerprints);
            Objects.requireNonNull(localRole, "localRole");
        }
    }

    /**
     * Settings shared by the transports of an engine.
     *
     * @param ice                  ICE-lite timeouts
     * @param dtlsMtu              largest DTLS datagram
     * @param dtlsRetransmit       first DTLS retransmission timeout
     * @param dtlsHandshakeTimeout how long DTLS may take once ICE is connected
     */
    public record Settings(IceLiteConfig ice, int dtlsMtu, Duration dtlsRetransmit, Duration dtlsHandshakeTimeout) {
        public Settings {
            Objects.requireNonNull(ice, "ice");
            Objects.requireNonNull(dtlsRetransmit, "dtlsRetransmit");
            Objects.requireNonNull(dtlsHandshakeTimeout, "dtlsHandshakeTimeout");
        }
    }

    /** DTLS datagrams kept while the remote description is not known yet. */
    static final int EARLY_DTLS_QUEUE = 16;

    /**
     * SRTP/SRTCP datagrams kept while the DTLS handshake runs. The peer that receives the last flight
     * (a browser publishing to us: we answer {@code passive}, so it is the DTLS client and gets our
     * Finished) has its keys as soon as that flight arrives and sends media at once; our keys hop
     * from the handshake thread to this loop after we sent the flight, so on a loaded machine the
     * first packets (audio, and the first video keyframe's, which a recording without subscribers
     * never gets again) arrived before them and were dropped. Janus's and mediasoup's DTLS run on
     * the media thread itself, so they have no such gap. 64 packets is more than a keyframe burst.
     */
    static final int EARLY_SRTP_QUEUE = 64;

    private static final System.Logger LOG = System.getLogger(WebRtcTransport.class.getName());

    private final String name;
    private final Settings settings;
    private final DtlsCertificate certificate;
    private final Executor handshakeExecutor;
    private final Executor loop;
    private final LongSupplier nanoClock;
    private final DatagramSender out;
    private final Listener listener;
    private final IceLiteResponder ice;

    private final DropCounters<PacketKind> kindDrops = new DropCounters<>(PacketKind.class);
    private final DropCounters<TransportDropReason> drops = new DropCounters<>(TransportDropReason.class);
    private final ArrayDeque<byte[]> earlyDtls = new ArrayDeque<>();
    /** Copies of SRTP/SRTCP datagrams from before the keys, each followed by SRTP headroom. */
    private final ArrayDeque<byte[]> earlySrtp = new ArrayDeque<>();

    private State state = State.NEW;
    private RemoteParameters remote;
    private DtlsTransport dtls;
    private SrtpProtector protector;
    private SrtpUnprotector unprotector;
    private long iceConnectedNanos;
    private long rtpReceived;
    private long rtcpReceived;
    private long rtpSent;
    private long rtcpSent;
    private long bytesReceived;
    private long bytesSent;

    /**
     * @param name              for logs, e.g. {@code handle 1234 (publisher)}
     * @param local             our ICE credentials, as advertised in our SDP
     * @param settings          timeouts and DTLS sizes
     * @param certificate       our DTLS identity
     * @param handshakeExecutor runs the blocking DTLS handshake (never the event loop)
     * @param loop              the room's event loop: DTLS callbacks are posted to it
     * @param nanoClock         monotonic nanoseconds
     * @param out               the socket
     * @param listener          the owner, called on {@code loop}
     */
    public WebRtcTransport(String name, IceCredentials local, Settings settings, DtlsCertificate certificate,
            Executor handshakeExecutor, Executor loop, LongSupplier nanoClock, DatagramSender out, Listener listener) {
        this.name = Objects.requireNonNull(name, "name");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.certificate = Objects.requireNonNull(certificate, "certificate");
        this.handshakeExecutor = Objects.requireNonNull(handshakeExecutor, "handshakeExecutor");
        this.loop = Objects.requireNonNull(loop, "loop");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.out = Objects.requireNonNull(out, "out");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.ice = new IceLiteResponder(local, settings.ice(), nanoClock);
    }

    // ------------------------------------------------------------------ negotiation

    /**
     * Installs the peer's parameters from its description: its ICE ufrag (checks must name it from
     * now on) and the DTLS role and fingerprints, which create the DTLS transport. A later call
     * with another ufrag follows an ICE restart ({@link #restartIce} installed our new
     * credentials); the DTLS association is kept.
     */
    public void setRemote(RemoteParameters parameters) {
        Objects.requireNonNull(parameters, "parameters");
        if (state == State.CLOSED) {
            return;
        }
        ice.setRemoteCredentials(parameters.iceUfrag(), parameters.icePwd());
        remote = parameters;
        if (dtls == null) {
            DtlsConfig config = DtlsConfig.of(parameters.localRole(), parameters.fingerprints())
                    .withMtu(settings.dtlsMtu()).withRetransmitTimeout(settings.dtlsRetransmit())
                    .withHandshakeTimeout(settings.dtlsHandshakeTimeout());
            dtls = new DtlsTransport(certificate, config, new DtlsEvents(), handshakeExecutor);
            boolean queued = !earlyDtls.isEmpty();
            while (!earlyDtls.isEmpty()) {
                byte[] datagram = earlyDtls.poll();
                dtls.receive(datagram, 0, datagram.length);
            }
            startDtlsIfDue(queued);
        }
    }

    /**
     * Our side of an ICE restart: new local credentials (the SDP we send carries them); checks with
     * the old ones stay answered until the peer uses the new ones.
     */
    public void restartIce(IceCredentials newLocal, String remoteUfrag, String remotePwd) {
        if (state != State.CLOSED) {
            ice.restart(newLocal, remoteUfrag, remotePwd);
        }
    }

    private void startDtlsIfDue(boolean datagramArrived) {
        if (dtls == null || dtls.state() != DtlsTransport.State.NEW) {
            return;
        }
        boolean server = remote.localRole() == DtlsRole.SERVER;
        // A server handshake holds a pool thread while it waits, so it starts with the peer's
        // first record; a client one needs a remote address for its ClientHello.
        if (server ? datagramArrived : state == State.ICE_CONNECTED) {
            dtls.start();
        }
    }

    // ------------------------------------------------------------------ receive

    /**
     * Handles one datagram from the socket (see the class comment). Borrows {@code buf} for the
     * call only.
     */
    public void onDatagram(byte[] buf, int off, int len, InetSocketAddress from) {
        if (state == State.CLOSED) {
            drops.increment(TransportDropReason.CLOSED);
            return;
        }
        bytesReceived += len;
        PacketKind kind = PacketClassifier.classify(buf, off, len);
        switch (kind) {
            case STUN -> onStun(buf, off, len, from);
            case DTLS -> onDtls(buf, off, len, from);
            case RTP -> onSrtp(buf, off, len, from);
            case RTCP -> onSrtcp(buf, off, len, from);
            default -> kindDrops.increment(kind);
        }
    }

    private void onStun(byte[] buf, int off, int len, InetSocketAddress from) {
        IceOutcome outcome = ice.handle(buf, off, len, from);
        if (outcome.hasResponse()) {
            send(ice.responseBuffer(), ice.responseOffset(), ice.responseLength(), from);
        }
        if ((outcome == IceOutcome.SUCCESS_RESPONSE || outcome == IceOutcome.NOMINATED) && state == State.NEW) {
            state = State.ICE_CONNECTED;
            iceConnectedNanos = nanoClock.getAsLong();
            LOG.log(Level.DEBUG, () -> name + ": ICE connected with " + from);
            startDtlsIfDue(false);
        }
    }

    private void onDtls(byte[] buf, int off, int len, InetSocketAddress from) {
        if (!ice.isValidatedRemote(from)) {
            drops.increment(TransportDropReason.UNVALIDATED_SOURCE);
            return;
        }
        if (dtls == null) {
            if (earlyDtls.size() >= EARLY_DTLS_QUEUE) {
                drops.increment(TransportDropReason.EARLY_DTLS_QUEUE_FULL);
                return;
            }
            earlyDtls.add(Arrays.copyOfRange(buf, off, off + len));
            return;
        }
        dtls.receive(buf, off, len);
        startDtlsIfDue(true);
    }

    private void onSrtp(byte[] buf, int off, int len, InetSocketAddress from) {
        if (!ice.isValidatedRemote(from)) {
            drops.increment(TransportDropReason.UNVALIDATED_SOURCE);
            return;
        }
        if (unprotector == null) {
            keepUntilConnected(buf, off, len);
            return;
        }
        deliverRtp(buf, off, len);
    }

    private void deliverRtp(byte[] buf, int off, int len) {
        int n = unprotector.unprotectRtp(buf, off, len);
        if (n < 0) {
            drops.increment(TransportDropReason.SRTP_FAILED);
            return;
        }
        rtpReceived++;
        listener.onTransportRtp(this, buf, off, n);
    }

    private void onSrtcp(byte[] buf, int off, int len, InetSocketAddress from) {
        if (!ice.isValidatedRemote(from)) {
            drops.increment(TransportDropReason.UNVALIDATED_SOURCE);
            return;
        }
        if (unprotector == null) {
            keepUntilConnected(buf, off, len);
            return;
        }
        deliverRtcp(buf, off, len);
    }

    private void deliverRtcp(byte[] buf, int off, int len) {
        int n = unprotector.unprotectRtcp(buf, off, len);
        if (n < 0) {
            drops.increment(TransportDropReason.SRTP_FAILED);
            return;
        }
        rtcpReceived++;
        listener.onTransportRtcp(this, buf, off, n);
    }

    /**
     * SRTP before our keys: kept (a copy, with SRTP headroom as the socket's buffer has) while a handshake
     * runs, replayed by {@link #connected}; otherwise, or when the queue is full, dropped as
     * {@link TransportDropReason#NOT_CONNECTED}. Only the first moments of a connection come here.
     */
    private void keepUntilConnected(byte[] buf, int off, int len) {
        // HANDSHAKING: the keys may come any moment (or the handshake fails and release() empties the
        // queue); CONNECTED: they are on their way to this loop, in a task already posted.
        DtlsTransport.State dtlsState = dtls == null ? null : dtls.state();
        if ((dtlsState != DtlsTransport.State.HANDSHAKING && dtlsState != DtlsTransport.State.CONNECTED)
                || earlySrtp.size() >= EARLY_SRTP_QUEUE) {
            drops.increment(TransportDropReason.NOT_CONNECTED);
            return;
        }
        byte[] copy = new byte[len + SrtpSession.MAX_TRAILER_LENGTH];
        System.arraycopy(buf, off, copy, 0, len);
        earlySrtp.add(copy);
    }

    // ------------------------------------------------------------------ send

    @Override
    public boolean sendRtp(byte[] buf, int off, int len) {
        InetSocketAddress to = ice.selectedAddress();
        if (protector == null || to == null || state != State.CONNECTED) {
            drops.increment(state == State.CLOSED ? TransportDropReason.CLOSED : TransportDropReason.SEND_NOT_READY);
            return false;
        }
        int n = protector.protectRtp(buf, off, len);
        if (n < 0) {
            drops.increment(TransportDropReason.SRTP_FAILED);
            return false;
        }
        rtpSent++;
        send(buf, off, n, to);
        return true;
    }

    @Override
    public boolean sendRtcp(byte[] buf, int off, int len) {
        InetSocketAddress to = ice.selectedAddress();
        if (protector == null || to == null || state != State.CONNECTED) {
            drops.increment(state == State.CLOSED ? TransportDropReason.CLOSED : TransportDropReason.SEND_NOT_READY);
            return false;
        }
        int n = protector.protectRtcp(buf, off, len);
        if (n < 0) {
            drops.increment(TransportDropReason.SRTP_FAILED);
            return false;
        }
        rtcpSent++;
        send(buf, off, n, to);
        return true;
    }

    private void send(byte[] buf, int off, int len, InetSocketAddress to) {
        bytesSent += len;
        out.send(buf, off, len, to);
    }

    // ------------------------------------------------------------------ timers and end

    /**
     * Checks the timeouts at {@code nowNanos}: no valid check within the ICE failure timeout,
     * consent expiry on the selected pair (RFC 7675 §5.1), or a DTLS handshake that has not
     * completed within the handshake timeout after ICE connected. Each fails the transport.
     */
    public void checkTimers(long nowNanos) {
        if (state == State.CLOSED) {
            return;
        }
        if (ice.isFailed(nowNanos)) {
            fail(new Failure("ICE failed", true, "no valid ICE connectivity check within "
                    + settings.ice().failureTimeout().toSeconds() + " s"));
        } else if (ice.isConsentExpired(nowNanos)) {
            fail(new Failure("ICE failed", true, "ICE consent expired: no check from " + ice.selectedAddress()
                    + " for " + settings.ice().consentTimeout().toSeconds() + " s (RFC 7675)"));
        } else if (state == State.ICE_CONNECTED
                && nowNanos - iceConnectedNanos > settings.dtlsHandshakeTimeout().toNanos()) {
            fail(new Failure("DTLS timeout", false, "DTLS did not complete within "
                    + settings.dtlsHandshakeTimeout().toSeconds() + " s of ICE connecting"));
        }
    }

    /**
     * Closes the transport (the owner decided: hangup, leave, shutdown): sends DTLS close_notify
     * if connected, zeroes the SRTP keys. No listener callback follows. Idempotent.
     */
    public void close() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        release();
    }

    private void fail(Failure failure) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        LOG.log(Level.INFO, () -> name + ": " + failure.reason() + " (" + failure.detail() + ")");
        release();
        listener.onTransportFailed(this, failure);
    }

    private void release() {
        earlyDtls.clear();
        earlySrtp.clear();
        if (dtls != null) {
            dtls.close();
        }
        if (protector != null) {
            protector.close();
        }
        if (unprotector != null) {
            unprotector.close();
        }
    }

    // ------------------------------------------------------------------ DTLS callbacks

    /** DTLS callbacks: on handshake threads, so everything hops to the loop first. */
    private final class DtlsEvents implements DtlsTransport.Listener {

        @Override
        public void onDtlsSend(byte[] buf, int off, int len) {
            byte[] copy = Arrays.copyOfRange(buf, off, off + len);
            loop.execute(() -> {
                InetSocketAddress to = ice.selectedAddress();
                // A close_notify written by close() still goes out: the socket closes after this task.
                if (to != null) {
                    send(copy, 0, copy.length, to);
                }
            });
        }

        @Override
        public void onDtlsConnected(SrtpKeyingMaterial keyingMaterial) {
            loop.execute(() -> connected(keyingMaterial));
        }

        @Override
        public void onDtlsFailed(DtlsFailure failure) {
            loop.execute(() -> fail(new Failure(failure.kind() == DtlsFailure.Kind.TIMEOUT ? "DTLS timeout" : "DTLS alert",
                    false, failure.toString())));
        }

        @Override
        public void onDtlsApplicationData(byte[] buf, int off, int len) {
            loop.execute(() -> drops.increment(TransportDropReason.DATA_CHANNEL_UNSUPPORTED));
        }

        @Override
        public void onDtlsClosed(String reason) {
            loop.execute(() -> fail(new Failure("DTLS alert", false, reason)));
        }
    }

    private void connected(SrtpKeyingMaterial keyingMaterial) {
        if (state == State.CLOSED) {
            return;
        }
        protector = SrtpProtector.create(keyingMaterial);
        unprotector = SrtpUnprotector.create(keyingMaterial);
        state = State.CONNECTED;
        LOG.log(Level.DEBUG, () -> name + ": DTLS connected with " + keyingMaterial.profile()
                + (earlySrtp.isEmpty() ? "" : ", " + earlySrtp.size() + " SRTP packets arrived before the keys"));
        listener.onTransportConnected(this);
        // In arrival order; their source address was validated when they were kept.
        while (!earlySrtp.isEmpty() && state == State.CONNECTED) {
            byte[] packet = earlySrtp.poll();
            int len = packet.length - SrtpSession.MAX_TRAILER_LENGTH;
            if (PacketClassifier.classify(packet, 0, len) == PacketKind.RTP) {
                deliverRtp(packet, 0, len);
            } else {
                deliverRtcp(packet, 0, len);
            }
        }
    }

    // ------------------------------------------------------------------ inspection

    /** The current state. */
    public State state() {
        return state;
    }

    /** The DTLS association's state, or null before the remote description (for tests). */
    DtlsTransport.State dtlsState() {
        DtlsTransport d = dtls;
        return d == null ? null : d.state();
    }

    /** Our current ICE credentials. */
    public IceCredentials localCredentials() {
        return ice.localCredentials();
    }

    /** Where media goes: the nominated pair or the latest checked address, or null. */
    public InetSocketAddress selectedAddress() {
        return ice.selectedAddress();
    }

    /** The ICE responder, for its counters. */
    public IceLiteResponder ice() {
        return ice;
    }

    /** Datagrams dropped by the RFC 7983 classifier. */
    public DropCounters<PacketKind> kindDrops() {
        return kindDrops;
    }

    /** The transport's own drops. */
    public DropCounters<TransportDropReason> drops() {
        return drops;
    }

    /** SRTP packets received and unprotected. */
    public long rtpReceived() {
        return rtpReceived;
    }

    /** SRTCP packets received and unprotected. */
    public long rtcpReceived() {
        return rtcpReceived;
    }

    /** RTP packets protected and sent. */
    public long rtpSent() {
        return rtpSent;
    }

    /** RTCP packets protected and sent. */
    public long rtcpSent() {
        return rtcpSent;
    }

    /** Bytes of every datagram received. */
    public long bytesReceived() {
        return bytesReceived;
    }

    /** Bytes of every datagram sent. */
    public long bytesSent() {
        return bytesSent;
    }

    @Override
    public String toString() {
        return "WebRtcTransport[" + name + ", " + state + "]";
    }
}
