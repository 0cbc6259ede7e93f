package io.github.wildfiresfu.media.routing;

/**
 * The packets recently sent on one subscriber stream, by outgoing sequence number, to answer the
 * subscriber's NACKs (RFC 4585 §6.2.1) as mediasoup's {@code RtpStreamSend} does. Packets are
 * kept as plain RTP (after renumbering, before SRTP), because a retransmission must be protected
 * again (SRTP protects in place, so the protected bytes are gone). A slot is reused when the
 * sequence number comes round again, and a packet older than the window is not retransmitted
 * (the subscriber's jitter buffer has given up on it by then).
 *
 * <p>Slots are {@code byte[]}s allocated on first use and reused afterwards: steady state
 * allocates nothing. Not thread-safe: confined to the room's loop.
 */
final class RetransmissionBuffer {

    private final int mask;
    private final long maxAgeNanos;
    private final byte[][] data;
    private final int[] sequence;
    private final int[] length;
    private final long[] storedNanos;
    private final int slotSize;

    /**
     * @param capacity    packets kept, a power of two
     * @param maxAgeNanos how long a packet may be retransmitted after it was sent
     * @param slotSize    largest packet kept
     */
    RetransmissionBuffer(int capacity, long maxAgeNanos, int slotSize) {
        if (capacity < 1 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two, got " + capacity);
        }
        this.mask = capacity - 1;
        this.maxAgeNanos = maxAgeNanos;
        this.slotSize = slotSize;
        this.data = new byte[capacity][];
        this.sequence = new int[capacity];
        this.length = new int[capacity];
        this.storedNanos = new long[capacity];
        java.util.Arrays.fill(sequence, -1);
    }

    /** Keeps a copy of {@code buf[off, off + len)}, the packet sent with sequence number {@code seq}. */
    void store(int seq, byte[] buf, int off, int len, long nowNanos) {
        if (len > slotSize) {
            return;
        }
        int i = seq & mask;
        byte[] slot = data[i];
        if (slot == null) {
            slot = new byte[slotSize];
            data[i] = slot;
        }
        System.arraycopy(buf, off, slot, 0, len);
        sequence[i] = seq & 0xFFFF;
        length[i] = len;
        storedNanos[i] = nowNanos;
    }

    /**
     * Copies the packet sent with {@code seq} to {@code dst[dstOff]}.
     *
     * @return its length, or -1 if it is not kept (overwritten, never sent, or older than the window)
     */
    int load(int seq, byte[] dst, int dstOff, long nowNanos) {
        int i = seq & mask;
        if (sequence[i] != (seq & 0xFFFF) || nowNanos - storedNanos[i] > maxAgeNanos) {
            return -1;
        }
        System.arraycopy(data[i], 0, dst, dstOff, length[i]);
        return length[i];
    }

    /** Forgets every packet. */
    void clear() {
        java.util.Arrays.fill(sequence, -1);
    }
}
