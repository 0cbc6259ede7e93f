package io.github.wildfiresfu.media.dtls;

import io.github.wildfiresfu.media.srtp.SrtpKeyingMaterial;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.TlsTimeoutException;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * DTLS 1.2 with the {@code use_srtp} extension (RFC 5764) for one PeerConnection, on BouncyCastle
 * bctls. Sans-I/O: this class never touches a socket. Incoming DTLS datagrams go in through
 * {@link #receive}, outgoing ones come out through {@link Listener#onDtlsSend}, and the result
 * is {@link Listener#onDtlsConnected} with the SRTP keys, or {@link Listener#onDtlsFailed}.
 *
 * <p><b>Lifecycle.</b> {@code NEW} → {@link #start()} → {@code HANDSHAKING} → {@code CONNECTED}
 * or {@code FAILED}; {@link #close()} from any state → {@code CLOSED}. A peer's
 * {@code close_notify} also ends in {@code CLOSED} (reported through
 * {@link Listener#onDtlsClosed}). A transport cannot be restarted; an ICE restart with new DTLS
 * needs a new one.
 *
 * <p><b>Threading.</b> bctls is blocking, so the handshake runs as one task on the injected
 * handshake executor (a small shared pool; never an event loop, design.md §3) and reads from a
 * bounded queue that {@link #receive} fills without blocking from any thread. After the
 * handshake, records that arrive (retransmitted handshake flights, alerts, application data)
 * are drained by a short task on the same executor, so no thread is held between datagrams.
 * {@link #close()} wakes and ends any running task promptly. Every method is thread-safe.
 *
 * <p><b>Security.</b> The peer must present a certificate whose fingerprint matches one of the
 * SDP fingerprints (RFC 8122 §5); both ends are authenticated this way, as WebRTC requires. The
 * extended master secret (RFC 7627) is required, since the SRTP keys are exported from it.
 */
public final class DtlsTransport implements AutoCloseable {

    /** Where a transport is in its life. */
    public enum State {
        /** Created; {@link #receive} queues datagrams until {@link #start()}. */
        NEW,
        /** The handshake task runs. */
        HANDSHAKING,
        /** Keys exported; SRTP can flow; application data can be exchanged. */
        CONNECTED,
        /** The handshake or the association failed; {@link Listener#onDtlsFailed} was called. */
        FAILED,
        /** Closed by {@link #close()} or by the peer's close_notify. */
        CLOSED
    }

    /**
     * What a transport tells its owner. Calls come from handshake executor threads, or from the
     * thread calling {@link #sendApplicationData} or {@link #close()}; they never overlap, but
     * they are not on the owner's event loop, so hop there before touching room state. The
     * terminal callbacks ({@code onDtlsConnected}, {@code onDtlsFailed}, {@code onDtlsClosed})
     * run while the transport's state lock is held, which is what guarantees none of them comes
     * after {@link #close()} returns: keep them short and never block in them.
     */
    public interface Listener {

        /**
         * Sends one DTLS datagram to the peer. {@code buf} belongs to bctls and is valid only
         * during the call: copy it (into a pooled buffer) before handing it to the socket.
         */
        void onDtlsSend(byte[] buf, int off, int len);

        /** The handshake succeeded and the peer is who its SDP fingerprint says. Called once. */
        void onDtlsConnected(SrtpKeyingMaterial keyingMaterial);

        /** The handshake failed, or the connected association failed. Called at most once. */
        void onDtlsFailed(DtlsFailure failure);

        /**
         * A DTLS application data record (SCTP for data channels, RFC 8261). {@code buf} is reused
         * after the call returns.
         */
        default void onDtlsApplicationData(byte[] buf, int off, int len) {
        }

        /** The peer closed the association with close_notify. Called at most once. */
        default void onDtlsClosed(String reason) {
        }
    }

    private static final System.Logger LOG = System.getLogger(DtlsTransport.class.getName());

    private static final SecureRandom RANDOM = new SecureRandom();

    private final DtlsCertificate certificate;
    private final DtlsConfig config;
    private final Listener listener;
    private final Executor executor;
    private final QueueDatagramTransport transport;
    private final HandshakeOutcome outcome;
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicLong malformed = new AtomicLong();
    private final Object lock = new Object();
    /** Serialises bctls record-layer use after the handshake. Never held while taking {@link #lock}. */
    private final Object recordLock = new Object();

    // Guarded by lock; volatile for the lock-free reads in receive() and the drain task.
    private volatile State state = State.NEW;
    // Set once (guarded by lock) when the handshake succeeds; used under recordLock.
    private volatile DTLSTransport dtls;
    private byte[] applicationBuffer;

    /**
     * @param certificate our identity (its fingerprint is in the SDP we sent)
     * @param config role, the peer's fingerprints, SRTP profiles, MTU and timeouts
     * @param listener receives outgoing datagrams and the outcome (see {@link Listener} for threads)
     * @param handshakeExecutor runs the blocking handshake and the post-handshake drain tasks;
     *     must not be an event loop or a direct executor (see {@link #newHandshakeExecutor})
     */
    public DtlsTransport(DtlsCertificate certificate, DtlsConfig config, Listener listener, Executor handshakeExecutor) {
        this.certificate = Objects.requireNonNull(certificate, "certificate");
        this.config = Objects.requireNonNull(config, "config");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.executor = Objects.requireNonNull(handshakeExecutor, "handshakeExecutor");
        this.transport = new QueueDatagramTransport(config.mtu(), config.receiveQueueCapacity(), listener::onDtlsSend);
        this.outcome = new HandshakeOutcome(config);
    }

    /**
     * A pool for DTLS handshakes: {@code threads} daemon threads named {@code sfu-dtls-N} that
     * exit after 30 s idle. Each running handshake holds one thread until it ends (a silent peer
     * holds it for the handshake timeout), so size it for the handshakes expected at once; extra
     * handshakes queue. The caller owns the pool and shuts it down.
     */
    public static ExecutorService newHandshakeExecutor(int threads) {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "sfu-dtls-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /**
     * Starts the handshake on the handshake executor: as client, sends the ClientHello; as
     * server, waits for one (datagrams received before this call are kept, up to the queue size).
     *
     * @throws IllegalStateException unless the transport is {@code NEW}
     */
    public void start() {
        synchronized (lock) {
            if (state != State.NEW) {
                throw new IllegalStateException("cannot start a DTLS transport in state " + state + "; it must be NEW");
            }
            state = State.HANDSHAKING;
        }
        try {
            executor.execute(this::runHandshake);
        } catch (RejectedExecutionException e) {
            failHandshake(new DtlsFailure(DtlsFailure.Kind.INTERNAL_ERROR,
                    "the DTLS handshake executor rejected the handshake: " + e.getMessage()));
        }
    }

    /**
     * Feeds one DTLS datagram from the peer (RFC 7983: first byte 20 to 63). Callable from any
     * thread; never blocks and never throws for bad bytes. The bytes are copied. Datagrams whose
     * record framing is broken are dropped first (counted in {@link #malformedDatagrams()}, see
     * {@link DtlsRecordFilter} for why); others are dropped (counted in
     * {@link #droppedDatagrams()}) when the queue is full, when they exceed the receive limit, or
     * once the transport has failed or closed.
     *
     * @throws IndexOutOfBoundsException if {@code off}/{@code len} do not fit {@code buf}
     */
    public void receive(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (!DtlsRecordFilter.isAcceptable(buf, off, len, outcome.minEncryptedRecordLength())) {
            malformed.incrementAndGet();
            return;
        }
        // Queue first, then look at the state: the handshake task checks the queue after it
        // switches to CONNECTED, so one of us always schedules the drain.
        if (transport.offer(buf, off, len) && state == State.CONNECTED) {
            scheduleDrain();
        }
    }

    /**
     * Sends one DTLS application data record (an SCTP packet for data channels).
     *
     * @return {@code false} if the transport is not connected (the data is dropped)
     * @throws IllegalArgumentException if {@code len} exceeds {@link #applicationDataLimit()}
     */
    public boolean sendApplicationData(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        IOException error = null;
        synchronized (recordLock) {
            DTLSTransport connected = dtls;
            if (state != State.CONNECTED || connected == null) {
                return false;
            }
            int limit = limit(connected);
            if (len > limit) {
                throw new IllegalArgumentException("DTLS application data of " + len + " bytes exceeds the limit of "
                        + limit + " bytes");
            }
            try {
                connected.send(buf, off, len);
            } catch (IOException e) {
                error = e;
            }
        }
        if (error != null) {
            associationFailed(error);
            return false;
        }
        return true;
    }

    /**
     * The largest application data record {@link #sendApplicationData} takes: the MTU minus DTLS
     * record overhead, or 0 before the handshake completes.
     */
    public int applicationDataLimit() {
        DTLSTransport connected = dtls;
        return connected == null ? 0 : limit(connected);
    }

    public State state() {
        return state;
    }

    public DtlsConfig config() {
        return config;
    }

    /** Incoming datagrams dropped: queue full, oversized, or after the transport ended. */
    public long droppedDatagrams() {
        return transport.dropped();
    }

    /** Incoming datagrams dropped because a record in them was malformed ({@link DtlsRecordFilter}). */
    public long malformedDatagrams() {
        return malformed.get();
    }

    /**
     * Ends the transport: sends close_notify if connected, stops the handshake or drain task and
     * discards queued datagrams. No callback follows. Idempotent.
     */
    @Override
    public void close() {
        synchronized (lock) {
            if (state == State.CLOSED) {
                return;
            }
            State previous = state;
            state = State.CLOSED;
            if (previous == State.CONNECTED) {
                synchronized (recordLock) {
                    try {
                        // bctls sends close_notify (RFC 5246 §7.2.1) through our transport.
                        dtls.close();
                    } catch (IOException | RuntimeException e) {
                        LOG.log(Level.DEBUG, "DTLS close_notify failed", e);
                    }
                }
            }
            transport.shutdown();
        }
    }

    @Override
    public String toString() {
        return "DtlsTransport[" + config.role() + ", " + state + "]";
    }

    private void runHandshake() {
        long started = System.nanoTime();
        transport.armDeadline(started + config.handshakeTimeout().toNanos());
        BcTlsCrypto crypto = new BcTlsCrypto(RANDOM);
        DTLSTransport established = null;
        DtlsFailure failure = null;
        try {
            established = config.role() == DtlsRole.CLIENT
                    ? new DTLSClientProtocol().connect(new SrtpDtlsClient(crypto, certificate, config, outcome), transport)
                    : new DTLSServerProtocol().accept(new SrtpDtlsServer(crypto, certificate, config, outcome), transport);
        } catch (IOException | RuntimeException e) {
            failure = describe(e);
        } finally {
            transport.disarmDeadline();
            if (established == null && failure == null) {
                // An Error escaped bctls; do not leave the transport hanging in HANDSHAKING.
                failure = new DtlsFailure(DtlsFailure.Kind.INTERNAL_ERROR, "DTLS handshake aborted by an internal error");
            }
        }
        if (failure != null) {
            failHandshake(failure);
            return;
        }
        SrtpKeyingMaterial keyingMaterial = outcome.keyingMaterial();
        synchronized (lock) {
            if (state != State.HANDSHAKING) {
                // Closed while the handshake finished: drop the association quietly.
                closeQuietly(established);
                return;
            }
            dtls = established;
            applicationBuffer = new byte[transport.getReceiveLimit()];
            state = State.CONNECTED;
            LOG.log(Level.DEBUG, () -> "DTLS " + config.role() + " connected with " + keyingMaterial.profile()
                    + " in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms");
            listener.onDtlsConnected(keyingMaterial);
        }
        if (transport.hasPending()) {
            scheduleDrain();
        }
    }

    private void failHandshake(DtlsFailure failure) {
        synchronized (lock) {
            if (state != State.HANDSHAKING) {
                return; // Closed by the owner: the task ended because of that, nothing to report.
            }
            state = State.FAILED;
            transport.shutdown();
            LOG.log(Level.DEBUG, () -> "DTLS " + config.role() + " handshake failed: " + failure);
            listener.onDtlsFailed(failure);
        }
    }

    private void scheduleDrain() {
        if (drainScheduled.compareAndSet(false, true)) {
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException e) {
                drainScheduled.set(false);
                LOG.log(Level.WARNING, "DTLS handshake executor rejected a drain task; records stay queued");
            }
        }
    }

    /** Runs queued records through bctls after the handshake, then returns the thread. */
    private void drain() {
        while (true) {
            drainQueue();
            drainScheduled.set(false);
            // A datagram queued after the last poll but before the flag cleared would be stranded.
            if (!transport.hasPending() || state != State.CONNECTED || !drainScheduled.compareAndSet(false, true)) {
                return;
            }
        }
    }

    private void drainQueue() {
        byte[] buffer = applicationBuffer;
        while (state == State.CONNECTED) {
            int received;
            try {
                synchronized (recordLock) {
                    if (state != State.CONNECTED) {
                        return;
                    }
                    // Wait at most 1 ms (0 would mean forever in bctls); -1 means nothing more.
                    received = dtls.receive(buffer, 0, buffer.length, 1);
                }
            } catch (IOException | RuntimeException e) {
                associationFailed(e);
                return;
            }
            if (received >= 0) {
                try {
                    listener.onDtlsApplicationData(buffer, 0, received);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "DTLS application data listener failed", e);
                }
            } else if (transport.closedByDtls()) {
                peerClosed();
                return;
            } else if (!transport.hasPending()) {
                return;
            }
        }
    }

    private void peerClosed() {
        synchronized (lock) {
            if (state != State.CONNECTED) {
                return;
            }
            state = State.CLOSED;
            transport.shutdown();
            listener.onDtlsClosed("peer sent close_notify");
        }
    }

    private void associationFailed(Exception cause) {
        synchronized (lock) {
            if (state != State.CONNECTED) {
                return; // Our own close() ended it.
            }
            state = State.FAILED;
            transport.shutdown();
            listener.onDtlsFailed(describe(cause));
        }
    }

    /** The clearest reason for a failure: our own check first, then what bctls says. */
    private DtlsFailure describe(Throwable error) {
        DtlsFailure ours = outcome.failure();
        if (ours != null) {
            return ours;
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof QueueDatagramTransport.HandshakeTimeoutException || t instanceof TlsTimeoutException) {
                return new DtlsFailure(DtlsFailure.Kind.TIMEOUT,
                        "DTLS handshake timed out after " + config.handshakeTimeout().toMillis() + " ms");
            }
            if (t instanceof TlsFatalAlertReceived received) {
                return new DtlsFailure(DtlsFailure.Kind.ALERT_RECEIVED,
                        "peer sent fatal alert " + AlertDescription.getText(received.getAlertDescription()));
            }
        }
        if (error instanceof TlsFatalAlert alert) {
            String detail = alert.getMessage();
            String text = AlertDescription.getText(alert.getAlertDescription());
            return new DtlsFailure(DtlsFailure.Kind.PROTOCOL_ERROR, "DTLS failed with " + text
                    + (detail == null || detail.isEmpty() || detail.startsWith(text) ? "" : ": " + detail));
        }
        return new DtlsFailure(DtlsFailure.Kind.PROTOCOL_ERROR, "DTLS failed: " + error);
    }

    private static int limit(DTLSTransport connected) {
        try {
            return connected.getSendLimit();
        } catch (IOException e) {
            return 0;
        }
    }

    private static void closeQuietly(DTLSTransport established) {
        try {
            established.close();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "closing an abandoned DTLS association failed", e);
        }
    }
}
