package io.github.wildfiresfu.media.routing;

import io.github.wildfiresfu.media.rtp.SequenceUnwrapper;

/**
 * Notices gaps in a publisher stream's sequence numbers and says which packets to NACK
 * (RFC 4585 §6.2.1), a simple version of mediasoup's {@code NackGenerator}: a gap is NACKed as
 * soon as it is seen, and again every {@link #RETRY_INTERVAL_NANOS} until the packet arrives, it
 * was asked for {@link #MAX_TRIES} times, or it is older than {@link #MAX_AGE_NANOS} (by then the
 * subscribers' jitter buffers have moved on). A jump larger than {@link #MAX_GAP} is taken as a
 * restart of the stream, not as a loss. At most {@link #CAPACITY} packets are tracked; the oldest
 * are given up first.
 *
 * <p>Allocation-free; the caller passes the array the sequence numbers to NACK go into. Not
 * thread-safe: confined to the room's loop.
 */
final class NackGenerator {

    /** Most missing packets tracked at once. */
    static final int CAPACITY = 256;
    /** Largest forward jump NACKed. */
    static final int MAX_GAP = 200;
    /** How often a missing packet is asked for again. */
    static final long RETRY_INTERVAL_NANOS = 80_000_000L;
    /** How many times a missing packet is asked for. */
    static final int MAX_TRIES = 4;
    /** How long a missing packet is worth asking for. */
    static final long MAX_AGE_NANOS = 1_000_000_000L;

    private final SequenceUnwrapper unwrapper = new SequenceUnwrapper();
    // Missing extended sequence numbers, ascending, in a ring.
    private final long[] missing = new long[CAPACITY];
    private final long[] firstNanos = new long[CAPACITY];
    private final long[] lastAskedNanos = new long[CAPACITY];
    private final int[] tries = new int[CAPACITY];
    private int head;
    private int count;
    private long highest = Long.MIN_VALUE;
    private long recovered;
    private long givenUp;

    /**
     * Feeds a received sequence number and writes the numbers to NACK now (newly missing ones) into
     * {@code out}.
     *
     * @return how many were written, or -1 when the packet is a duplicate: not newer than the
     *     highest seen and not missing (a redundant retransmission the publisher sent as a probe)
     */
    int onReceived(int seq, long nowNanos, int[] out) {
        long ext = unwrapper.unwrap(seq);
        if (highest == Long.MIN_VALUE) {
            highest = ext;
            return 0;
        }
        if (ext <= highest) {
            return remove(ext) ? 0 : -1;
        }
        long gap = ext - highest - 1;
        long from = highest + 1;
        highest = ext;
        if (gap == 0) {
            return 0;
        }
        if (gap > MAX_GAP) {
            // A restart or a long outage: nothing to recover.
            givenUp += count;
            count = 0;
            return 0;
        }
        int n = 0;
        for (long m = from; m < ext; m++) {
            add(m, nowNanos);
            if (n < out.length) {
                out[n++] = (int) (m & 0xFFFF);
            }
        }
        return n;
    }

    /** Writes the numbers due to be asked for again at {@code nowNanos} into {@code out}; forgets expired ones. */
    int due(long nowNanos, int[] out) {
        int n = 0;
        int kept = 0;
        for (int k = 0; k < count; k++) {
            int i = (head + k) % CAPACITY;
            boolean expired = nowNanos - firstNanos[i] > MAX_AGE_NANOS || tries[i] >= MAX_TRIES;
            if (expired) {
                givenUp++;
                continue;
            }
            if (nowNanos - lastAskedNanos[i] >= RETRY_INTERVAL_NANOS && n < out.length) {
                out[n++] = (int) (missing[i] & 0xFFFF);
                lastAskedNanos[i] = nowNanos;
                tries[i]++;
            }
            int j = (head + kept) % CAPACITY;
            missing[j] = missing[i];
            firstNanos[j] = firstNanos[i];
            lastAskedNanos[j] = lastAskedNanos[i];
            tries[j] = tries[i];
            kept++;
        }
        count = kept;
        return n;
    }

    private void add(long ext, long nowNanos) {
        if (count == CAPACITY) {
            head = (head + 1) % CAPACITY;
            count--;
            givenUp++;
        }
        int i = (head + count) % CAPACITY;
        missing[i] = ext;
        firstNanos[i] = nowNanos;
        lastAskedNanos[i] = nowNanos;
        tries[i] = 1;
        count++;
    }

    private boolean remove(long ext) {
        for (int k = 0; k < count; k++) {
            int i = (head + k) % CAPACITY;
            if (missing[i] == ext) {
                for (int m = k; m < count - 1; m++) {
                    int a = (head + m) % CAPACITY;
                    int b = (head + m + 1) % CAPACITY;
                    missing[a] = missing[b];
                    firstNanos[a] = firstNanos[b];
                    lastAskedNanos[a] = lastAskedNanos[b];
                    tries[a] = tries[b];
                }
                count--;
                recovered++;
                return true;
            }
            if (missing[i] > ext) {
                return false;
            }
        }
        return false;
    }

    /** Packets missing right now. */
    int missingCount() {
        return count;
    }

    /** Missing packets that arrived later (retransmitted or reordered). */
    long recovered() {
        return recovered;
    }

    /** Missing packets given up on. */
    long givenUp() {
        return givenUp;
    }
}
