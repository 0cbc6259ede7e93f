package io.github.wildfiresfu.media.dtls;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.tls.DatagramTransport;

/**
 * The bctls side of a {@link DtlsTransport}: bctls reads datagrams from a bounded queue that
 * {@link DtlsTransport#receive} fills from any thread, and its writes go straight to the
 * transport's listener. This is what lets blocking bctls run on a handshake thread while the
 * network side never blocks.
 *
 * <p>{@link #receive} also enforces the overall handshake deadline and wakes up with an
 * exception once the owner shuts the transport down, so no DTLS thread outlives its transport.
 */
final class QueueDatagramTransport implements DatagramTransport {

    /** Raised inside bctls when the handshake deadline passes; turned into a TIMEOUT failure. */
    static final class HandshakeTimeoutException extends IOException {
        private static final long serialVersionUID = 1L;

        HandshakeTimeoutException() {
            super("DTLS handshake deadline passed");
        }
    }

    /** Raised inside bctls once the owner closed the transport; never reported as a failure. */
    static final class ShutdownException extends IOException {
        private static final long serialVersionUID = 1L;

        ShutdownException() {
            super("DTLS transport closed");
        }
    }

    /** Where bctls's outgoing datagrams go. */
    @FunctionalInterface
    interface Sender {
        void send(byte[] buf, int off, int len);
    }

    /** Smallest receive limit: datagrams from peers whose MTU exceeds ours still fit. */
    static final int MIN_RECEIVE_LIMIT = 2048;

    private static final System.Logger LOG = System.getLogger(QueueDatagramTransport.class.getName());

    /** Queued after a shutdown to wake a thread blocked in {@link #receive}. */
    private static final byte[] WAKE_UP = new byte[0];

    private final BlockingQueue<byte[]> inbound;
    private final Sender sender;
    private final int sendLimit;
    private final int receiveLimit;
    private final AtomicLong dropped = new AtomicLong();
    private volatile long deadlineNanos;
    private volatile boolean deadlineArmed;
    private volatile boolean shutdown;
    private volatile boolean closedByDtls;

    QueueDatagramTransport(int mtu, int queueCapacity, Sender sender) {
        this.inbound = new ArrayBlockingQueue<>(queueCapacity);
        this.sender = sender;
        this.sendLimit = mtu;
        this.receiveLimit = Math.max(MIN_RECEIVE_LIMIT, mtu);
    }

    /**
     * Queues a copy of a datagram for bctls. Never blocks; a full queue, an oversized datagram or
     * a shut-down transport drops it and counts the drop.
     */
    boolean offer(byte[] buf, int off, int len) {
        if (shutdown || len <= 0 || len > receiveLimit || !inbound.offer(Arrays.copyOfRange(buf, off, off + len))) {
            dropped.incrementAndGet();
            return false;
        }
        if (shutdown) {
            // Lost a race with shutdown(): make sure nothing lingers in the queue.
            inbound.clear();
        }
        return true;
    }

    boolean hasPending() {
        return !inbound.isEmpty();
    }

    long dropped() {
        return dropped.get();
    }

    /** Whether bctls closed its side (after a close_notify from the peer, or a fatal alert). */
    boolean closedByDtls() {
        return closedByDtls;
    }

    void armDeadline(long nanoTime) {
        deadlineNanos = nanoTime;
        deadlineArmed = true;
    }

    void disarmDeadline() {
        deadlineArmed = false;
    }

    /**
     * Stops all traffic: later sends are dropped, queued datagrams are discarded and a thread
     * blocked in {@link #receive} wakes up with a {@link ShutdownException}. Idempotent.
     */
    void shutdown() {
        shutdown = true;
        inbound.clear();
        inbound.offer(WAKE_UP);
    }

    @Override
    public int getReceiveLimit() {
        return receiveLimit;
    }

    @Override
    public int getSendLimit() {
        return sendLimit;
    }

    /**
     * bctls's read: waits up to {@code waitMillis} (0 = until the deadline or a shutdown) for a
     * datagram; returns -1 on timeout, as bctls expects.
     */
    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
        if (shutdown) {
            throw new ShutdownException();
        }
        long waitNanos = waitMillis <= 0 ? Long.MAX_VALUE : TimeUnit.MILLISECONDS.toNanos(waitMillis);
        if (deadlineArmed) {
            long remaining = deadlineNanos - System.nanoTime();
            if (remaining <= 0) {
                throw new HandshakeTimeoutException();
            }
            waitNanos = Math.min(waitNanos, remaining);
        }
        byte[] datagram;
        try {
            datagram = inbound.poll(waitNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a DTLS datagram");
        }
        if (shutdown || datagram == WAKE_UP) {
            throw new ShutdownException();
        }
        if (datagram == null) {
            if (deadlineArmed && deadlineNanos - System.nanoTime() <= 0) {
                throw new HandshakeTimeoutException();
            }
            return -1;
        }
        if (datagram.length > len) {
            dropped.incrementAndGet();
            return -1;
        }
        System.arraycopy(datagram, 0, buf, off, datagram.length);
        return datagram.length;
    }

    /** bctls's write: hands the datagram to the owner unless the transport was shut down. */
    @Override
    public void send(byte[] buf, int off, int len) {
        if (shutdown) {
            return;
        }
        try {
            sender.send(buf, off, len);
        } catch (RuntimeException e) {
            // A failing socket must not abort the handshake: treat it as a lost datagram, which
            // DTLS retransmission already copes with.
            LOG.log(Level.WARNING, "DTLS send callback failed; datagram dropped", e);
        }
    }

    /** Called by bctls when its record layer closes. */
    @Override
    public void close() {
        closedByDtls = true;
    }
}
