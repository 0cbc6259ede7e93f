package io.github.wildfiresfu.media.rtp;

/**
 * Receiver-side sequence tracking for one SSRC exactly as RFC 3550 Appendix A.1 ({@code init_seq} /
 * {@code update_seq}) and A.3 (expected and lost packets, fraction lost for receiver reports):
 * probation of a new source, cycle counting across the 16-bit wrap, tolerated dropouts
 * ({@value #MAX_DROPOUT}) and misordering ({@value #MAX_MISORDER}), and resynchronisation after a
 * large jump confirmed by two consecutive packets.
 *
 * <p>Not thread-safe; one instance per incoming RTP stream.
 */
public final class RtpSequenceTracker {

    /** RFC 3550 §A.1: the largest forward jump still taken as in order. */
    public static final int MAX_DROPOUT = 3000;
    /** RFC 3550 §A.1: the largest backward step taken as reordering (not as a restart). */
    public static final int MAX_MISORDER = 100;
    /** RFC 3550 §A.1: sequential packets needed before a new source is valid. */
    public static final int MIN_SEQUENTIAL = 2;

    private static final int SEQ_MOD = SequenceNumbers.MODULUS;

    private final int minSequential;
    private boolean started;
    private int maxSeq;
    private long cycles;
    private int baseSeq;
    private int badSeq;
    private int probation;
    private long received;
    private long expectedPrior;
    private long receivedPrior;

    /** A tracker with the RFC's probation of {@value #MIN_SEQUENTIAL} sequential packets. */
    public RtpSequenceTracker() {
        this(MIN_SEQUENTIAL);
    }

    /**
     * A tracker that needs {@code minSequential} sequential packets before a new source is valid;
     * 0 or 1 accepts the first packet at once (sensible behind SRTP authentication, where a stray
     * source cannot inject packets).
     */
    public RtpSequenceTracker(int minSequential) {
        if (minSequential < 0) {
            throw new IllegalArgumentException("minSequential must be >= 0, got " + minSequential);
        }
        this.minSequential = minSequential;
    }

    private void initSeq(int seq) {
        baseSeq = seq;
        maxSeq = seq;
        badSeq = SEQ_MOD + 1; // So that seq == badSeq is false.
        cycles = 0;
        received = 0;
        receivedPrior = 0;
        expectedPrior = 0;
    }

    /**
     * Feeds the sequence number of a received packet.
     *
     * @return whether the packet counts as valid: false while the source is on probation and for the
     *         first packet of a large jump (the second consecutive one resynchronises)
     */
    public boolean update(int seq) {
        seq &= 0xFFFF;
        if (!started) {
            started = true;
            initSeq(seq);
            if (minSequential <= 1) {
                received++;
                return true;
            }
            maxSeq = (seq - 1) & 0xFFFF;
            probation = minSequential;
        }
        int udelta = (seq - maxSeq) & 0xFFFF;
        if (probation > 0) {
            // Packet is in sequence.
            if (seq == ((maxSeq + 1) & 0xFFFF)) {
                probation--;
                maxSeq = seq;
                if (probation == 0) {
                    initSeq(seq);
                    received++;
                    return true;
                }
            } else {
                probation = minSequential - 1;
                maxSeq = seq;
            }
            return false;
        } else if (udelta < MAX_DROPOUT) {
            // In order, with permissible gap.
            if (seq < maxSeq) {
                // Sequence number wrapped: count another 64K cycle.
                cycles += SEQ_MOD;
            }
            maxSeq = seq;
        } else if (udelta <= SEQ_MOD - MAX_MISORDER) {
            // The sequence number made a very large jump.
            if (seq == badSeq) {
                // Two sequential packets: assume the other side restarted without telling us.
                initSeq(seq);
            } else {
                badSeq = (seq + 1) & (SEQ_MOD - 1);
                return false;
            }
        }
        // Else a duplicate or reordered packet: counted, state unchanged.
        received++;
        return true;
    }

    /** Whether any packet was fed. */
    public boolean isStarted() {
        return started;
    }

    /** The extended highest sequence number received: cycles plus {@code max_seq} (RFC 3550 §6.4.1). */
    public long extendedHighestSequence() {
        return cycles + maxSeq;
    }

    /** Number of wrap cycles seen, times 65536 (the RFC's {@code cycles}). */
    public long cycles() {
        return cycles;
    }

    /** The first sequence number of the valid source ({@code base_seq}). */
    public int baseSequence() {
        return baseSeq;
    }

    /** Packets counted as received (duplicates included, as in the RFC). */
    public long received() {
        return received;
    }

    /** RFC 3550 §A.3: packets expected so far, {@code extended_max - base_seq + 1}. */
    public long expected() {
        if (!started || probation > 0) {
            return 0;
        }
        return extendedHighestSequence() - baseSeq + 1;
    }

    /** Cumulative packets lost (may be negative with duplicates). */
    public long cumulativeLost() {
        return expected() - received;
    }

    /** {@link #cumulativeLost()} clamped to the 24-bit signed field of a report block. */
    public int cumulativeLostForReport() {
        long lost = cumulativeLost();
        if (lost > 0x7FFFFF) {
            return 0x7FFFFF;
        }
        if (lost < -0x800000) {
            return -0x800000;
        }
        return (int) lost;
    }

    /**
     * RFC 3550 §A.3: the fraction lost since the previous call, as the 8-bit fixed-point value of a
     * report block (0 when nothing was expected or duplicates outnumber losses). Advances the interval.
     */
    public int fractionLostSinceLastCall() {
        long expected = expected();
        long expectedInterval = expected - expectedPrior;
        expectedPrior = expected;
        long receivedInterval = received - receivedPrior;
        receivedPrior = received;
        long lostInterval = expectedInterval - receivedInterval;
        if (expectedInterval == 0 || lostInterval <= 0) {
            return 0;
        }
        // All packets of the interval lost gives 256, one more than the 8-bit field holds.
        return (int) Math.min(255, (lostInterval << 8) / expectedInterval);
    }
}
