package io.github.wildfiresfu.media.rtcp;

/**
 * Builds the transport-cc feedback packets we send to a publisher (format in
 * {@link TransportCcFeedback}). Feed it the received packets in increasing transport sequence order
 * with their arrival times; packets skipped in between are reported as not received, and so are the
 * packets between a base given to {@link #reset(long, long, int, int)} and the first one added.
 * Reusable and allocation-free after construction: arrays are sized for {@code maxPackets} statuses.
 *
 * <pre>{@code
 * builder.reset(ourSsrc, mediaSsrc, feedbackCount++);
 * for (each received packet in order) {
 *     if (!builder.addReceivedPacket(seq, arrivalMicros)) { send(builder); builder.reset(...); retry }
 * }
 * int len = builder.write(buf, off);
 * }</pre>
 *
 * Timing follows libwebrtc's {@code TransportFeedback}: the reference time is the first arrival
 * rounded down to 64 ms, and each delta is rounded to 250 µs ticks and accumulated in ticks, so
 * rounding errors do not add up. A delta that fits 0..255 ticks is "small" (1 byte), one that fits a
 * signed 16-bit value is "large" (2 bytes); anything further is refused so that the caller starts a new
 * feedback packet. Chunks are chosen greedily: a run-length chunk for runs of 14 or more equal symbols
 * (7 or more if a two-bit vector would be needed), else a one-bit vector when the next 14 symbols are
 * all 0/1, else a two-bit vector.
 */
public final class TransportCcFeedbackBuilder {

    private static final int MAX_RUN = 0x1FFF;

    private final int maxPackets;
    private final byte[] symbols;
    private final short[] deltas;

    private long senderSsrc;
    private long mediaSsrc;
    private int feedbackCount;
    private int baseSeq;
    /** Whether {@link #baseSeq} was given by {@link #reset(long, long, int, int)} rather than the first packet. */
    private boolean baseGiven;
    /** Whether a packet was added since the reset (the reference time is then set). */
    private boolean started;
    private int count;
    private int lastSeq;
    private int referenceTime;
    private long lastTicks;
    private int deltaBytes;

    /** A builder that reports at most {@code maxPackets} statuses per feedback packet. */
    public TransportCcFeedbackBuilder(int maxPackets) {
        if (maxPackets < 1 || maxPackets > 0xFFFF) {
            throw new IllegalArgumentException("maxPackets must be in 1..65535, got " + maxPackets);
        }
        this.maxPackets = maxPackets;
        this.symbols = new byte[maxPackets];
        this.deltas = new short[maxPackets];
    }

    /** Starts a new, empty feedback packet whose base is the first packet added. */
    public void reset(long senderSsrc, long mediaSsrc, int feedbackPacketCount) {
        this.senderSsrc = senderSsrc;
        this.mediaSsrc = mediaSsrc;
        this.feedbackCount = feedbackPacketCount & 0xFF;
        this.count = 0;
        this.deltaBytes = 0;
        this.started = false;
        this.baseGiven = false;
    }

    /**
     * Starts a new, empty feedback packet that reports from transport sequence number
     * {@code baseSequence} on: sequence numbers from the base up to the first packet added are
     * reported as not received (libwebrtc's receiver reports its window from its start in the same way).
     */
    public void reset(long senderSsrc, long mediaSsrc, int feedbackPacketCount, int baseSequence) {
        reset(senderSsrc, mediaSsrc, feedbackPacketCount);
        this.baseSeq = baseSequence & 0xFFFF;
        this.baseGiven = true;
    }

    /**
     * Adds a received packet.
     *
     * @param seq           transport-wide sequence number; must be newer than the previous one added
     *                      (and not older than a given base)
     * @param arrivalMicros arrival time in microseconds on any monotonic clock
     * @return false when the packet does not fit this feedback (not newer, too many statuses, or a delta
     *         beyond ±8.19 s); nothing is added then
     */
    public boolean addReceivedPacket(int seq, long arrivalMicros) {
        seq &= 0xFFFF;
        long arrivalTicks = Math.floorDiv(arrivalMicros, (long) TransportCcFeedback.DELTA_TICK_MICROS);
        if (!started) {
            int leading = baseGiven ? (seq - baseSeq) & 0xFFFF : 0;
            if (leading >= maxPackets || leading >= 0x8000) {
                return false;
            }
            // The reference time is the first arrival rounded down to 64 ms, so the first delta
            // always fits one byte (0..255 ticks).
            long ref = Math.floorDiv(arrivalMicros, (long) TransportCcFeedback.REFERENCE_TIME_UNIT_MICROS);
            long refTicks = ref * (TransportCcFeedback.REFERENCE_TIME_UNIT_MICROS / TransportCcFeedback.DELTA_TICK_MICROS);
            if (!store(leading, arrivalTicks - refTicks)) {
                return false;
            }
            for (int i = 0; i < leading; i++) {
                symbols[i] = TransportCcFeedback.NOT_RECEIVED;
            }
            referenceTime = (int) (ref & 0xFFFFFF);
            baseSeq = (seq - leading) & 0xFFFF;
            lastSeq = seq;
            lastTicks = arrivalTicks;
            count = leading + 1;
            started = true;
            return true;
        }
        int gap = (seq - lastSeq) & 0xFFFF;
        if (gap == 0 || gap >= 0x8000 || count + gap > maxPackets) {
            return false;
        }
        long delta = arrivalTicks - lastTicks;
        int index = count + gap - 1;
        if (!store(index, delta)) {
            return false;
        }
        for (int i = count; i < index; i++) {
            symbols[i] = TransportCcFeedback.NOT_RECEIVED;
        }
        count = index + 1;
        lastSeq = seq;
        lastTicks = arrivalTicks;
        return true;
    }

    private boolean store(int index, long delta) {
        if (delta >= 0 && delta <= 0xFF) {
            symbols[index] = TransportCcFeedback.RECEIVED_SMALL_DELTA;
            deltaBytes += 1;
        } else if (delta >= Short.MIN_VALUE && delta <= Short.MAX_VALUE) {
            symbols[index] = TransportCcFeedback.RECEIVED_LARGE_DELTA;
            deltaBytes += 2;
        } else {
            return false;
        }
        deltas[index] = (short) delta;
        return true;
    }

    /** Number of packet statuses so far (received and not received). */
    public int packetStatusCount() {
        return count;
    }

    /** Whether no packet was added since {@link #reset}. */
    public boolean isEmpty() {
        return !started;
    }

    /** Transport sequence number of the first status (valid once a packet was added). */
    public int baseSequenceNumber() {
        return baseSeq;
    }

    /** Bytes {@link #write} will produce, padding included. */
    public int length() {
        int chunks = 0;
        int i = 0;
        while (i < count) {
            i += chooseChunk(i) & 0xFFFF;
            chunks++;
        }
        return (TransportCcFeedback.FIXED_LENGTH + 2 * chunks + deltaBytes + 3) & ~3;
    }

    private static final int RUN_LENGTH = 0;
    private static final int ONE_BIT_VECTOR = 1;
    private static final int TWO_BIT_VECTOR = 2;

    /**
     * The kind ({@code << 16}) and symbol count of the chunk that starts at symbol {@code i}, by the
     * greedy rule of the class doc.
     */
    private int chooseChunk(int i) {
        int run = runLength(i);
        boolean oneBit = allOneBit(i, 14);
        if (run >= 14 || (run >= 7 && !oneBit)) {
            return (RUN_LENGTH << 16) | run;
        }
        if (oneBit) {
            return (ONE_BIT_VECTOR << 16) | Math.min(14, count - i);
        }
        return (TWO_BIT_VECTOR << 16) | Math.min(7, count - i);
    }

    private int runLength(int i) {
        int s = symbols[i];
        int j = i + 1;
        while (j < count && symbols[j] == s && j - i < MAX_RUN) {
            j++;
        }
        return j - i;
    }

    private boolean allOneBit(int i, int n) {
        int end = Math.min(count, i + n);
        for (int j = i; j < end; j++) {
            if (symbols[j] > TransportCcFeedback.RECEIVED_SMALL_DELTA) {
                return false;
            }
        }
        return true;
    }

    /**
     * Writes the feedback packet at {@code buf[off]}.
     *
     * @return bytes written (a multiple of 4)
     * @throws IllegalStateException when no packet was added
     * @throws IllegalArgumentException when the buffer is too small
     */
    public int write(byte[] buf, int off) {
        if (!started) {
            throw new IllegalStateException("a transport-cc feedback needs at least one received packet");
        }
        int length = length();
        RtcpBytes.requireRoom(buf, off, length);
        FeedbackHeader.write(buf, off, RtcpHeader.FMT_TRANSPORT_CC, RtcpHeader.RTPFB, length, senderSsrc, mediaSsrc);
        RtcpBytes.put16(buf, off + 12, baseSeq);
        RtcpBytes.put16(buf, off + 14, count);
        RtcpBytes.put24(buf, off + 16, referenceTime);
        buf[off + 19] = (byte) feedbackCount;
        int p = off + TransportCcFeedback.FIXED_LENGTH;
        int i = 0;
        while (i < count) {
            int choice = chooseChunk(i);
            int kind = choice >> 16;
            int n = choice & 0xFFFF;
            int chunk;
            if (kind == RUN_LENGTH) {
                chunk = (symbols[i] << 13) | n;
            } else if (kind == ONE_BIT_VECTOR) {
                chunk = 0x8000;
                for (int k = 0; k < n; k++) {
                    chunk |= symbols[i + k] << (13 - k);
                }
            } else {
                chunk = 0xC000;
                for (int k = 0; k < n; k++) {
                    chunk |= symbols[i + k] << (12 - 2 * k);
                }
            }
            RtcpBytes.put16(buf, p, chunk);
            p += 2;
            i += n;
        }
        for (int k = 0; k < count; k++) {
            if (symbols[k] == TransportCcFeedback.RECEIVED_SMALL_DELTA) {
                buf[p++] = (byte) deltas[k];
            } else if (symbols[k] == TransportCcFeedback.RECEIVED_LARGE_DELTA) {
                RtcpBytes.put16(buf, p, deltas[k]);
                p += 2;
            }
        }
        while (p < off + length) {
            buf[p++] = 0;
        }
        return length;
    }
}
