package io.github.wildfiresfu.media.rtp;

/**
 * Rewrites SSRC, sequence number and timestamp of the RTP packets sent on one outgoing (subscriber)
 * stream, so that the subscriber sees one stable SSRC with continuous sequence numbers and a
 * plausible timeline while the source behind it changes: a switch to another publisher, another
 * simulcast substream, or a republish.
 *
 * <p><b>Semantics (Janus {@code janus_rtp_header_update}, {@code src/rtp.c}).</b> The source is
 * identified by its SSRC; a packet with an SSRC other than the current source's (or the first packet
 * after {@link #markSourceChanged()}) starts a new source. Then:
 * <ul>
 *   <li>its outgoing sequence number is the highest one sent so far plus one, and later packets of
 *       that source keep their distance to it ({@code out = in - base_in + base_out});</li>
 *   <li>its outgoing timestamp is the timestamp of the newest packet sent so far plus the wall-clock
 *       time since the last forwarded packet, converted to the stream's clock rate (at least 1 tick),
 *       and later packets keep their timestamp distance to it;</li>
 *   <li>the first source starts at the {@code initialSequence} and {@code initialTimestamp} given to
 *       the constructor (Janus starts every subscriber stream at sequence 1 and timestamp 0).</li>
 * </ul>
 * Beyond Janus, in the manner of mediasoup's {@code SeqManager}: packets of the current source that
 * arrive late but older than its first forwarded packet are refused
 * ({@link RtpDropReason#OLDER_THAN_SOURCE_SWITCH}), because their numbers would collide with the
 * previous source's; and {@link #skip(RtpPacket)} closes the gap a deliberately unforwarded packet
 * would leave (a temporal layer above the target, a padding-only packet) without renumbering packets
 * already sent: reordered packets around a skipped one still get consistent numbers. Janus does the
 * latter with {@code base_seq++}, which only works in order.
 *
 * <p>Callers must not pass packets of a source they have switched away from: every SSRC change is a
 * switch. The rewriter modifies the packet it is given and restores nothing: rewrite a copy that
 * belongs to this subscriber (style-anchors B3: one copy per extra subscriber at the fan-out).
 *
 * <p>Allocation-free and lock-free; confined to the thread of the stream that owns it (the room's
 * event loop). Time comes in as an argument (monotonic nanoseconds from the injected clock).
 */
public final class RtpStreamRewriter {

    /** How many skipped sequence numbers of the current source are remembered for late packets. */
    public static final int DROP_HISTORY = 64;

    private final long outgoingSsrc;
    private final int clockRate;
    private final int initialSequence;
    private final long initialTimestamp;

    private boolean started;
    private boolean rebaseRequested;
    private long sourceSsrc;
    private final SequenceUnwrapper unwrapper = new SequenceUnwrapper();
    /** Extended input sequence number of the first packet of the current source. */
    private long baseInSeq;
    /** Extended output sequence number given to {@link #baseInSeq}. */
    private long baseOutSeq;
    /** Highest extended input sequence number of the current source, forwarded or skipped. */
    private long highestInSeq;
    /** Highest extended output sequence number sent, over all sources. */
    private long highestOutSeq;
    private long baseInTs;
    private long baseOutTs;
    /** Outgoing timestamp of the packet that got {@link #highestOutSeq}. */
    private long highestOutTs;
    private long lastForwardNanos;

    /** Ring of skipped extended input sequence numbers of the current source, ascending. */
    private final long[] skipped = new long[DROP_HISTORY];
    private int skippedHead;
    private int skippedCount;
    private long skippedTotal;
    private boolean skippedForgotten;
    private long sourceChanges;

    /**
     * @param outgoingSsrc     the SSRC every outgoing packet gets (unsigned 32-bit)
     * @param clockRate        RTP clock rate of the stream in Hz (90000 video, 48000 Opus, 8000 G.711)
     * @param initialSequence  outgoing sequence number of the very first packet (Janus: 1)
     * @param initialTimestamp outgoing timestamp of the very first packet (Janus: 0)
     */
    public RtpStreamRewriter(long outgoingSsrc, int clockRate, int initialSequence, long initialTimestamp) {
        if (clockRate <= 0) {
            throw new IllegalArgumentException("clockRate must be positive, got " + clockRate);
        }
        this.outgoingSsrc = outgoingSsrc & 0xFFFF_FFFFL;
        this.clockRate = clockRate;
        this.initialSequence = initialSequence & 0xFFFF;
        this.initialTimestamp = initialTimestamp & 0xFFFF_FFFFL;
    }

    /**
     * Rewrites SSRC, sequence number and timestamp of {@code packet} (a valid, wrapped packet from the
     * current or a new source) in place.
     *
     * @param nowNanos monotonic time of forwarding, in nanoseconds
     * @return {@code null} when the packet was rewritten and may be sent, else why it must be dropped
     *         (the packet is left unchanged then)
     */
    public RtpDropReason rewrite(RtpPacket packet, long nowNanos) {
        long ssrc = packet.ssrc();
        int seq = packet.sequenceNumber();
        long ts = packet.timestamp();
        long outSeq;
        long outTs;
        if (!started || rebaseRequested || ssrc != sourceSsrc) {
            unwrapper.reset();
            long inSeq = unwrapper.unwrap(seq);
            if (started) {
                baseOutSeq = highestOutSeq + 1;
                // Janus: advance by the wall-clock time since the last packet, at least one tick, so
                // the new source's first frame follows the old source's last one on the timeline.
                long elapsed = nowNanos - lastForwardNanos;
                long ticks = elapsed > 0 ? RtpTimestamps.ticks(elapsed, clockRate) : 0;
                baseOutTs = RtpTimestamps.add(highestOutTs, Math.max(1, ticks));
                sourceChanges++;
            } else {
                baseOutSeq = initialSequence;
                baseOutTs = initialTimestamp;
                highestOutSeq = baseOutSeq;
            }
            baseInSeq = inSeq;
            baseInTs = ts;
            highestInSeq = inSeq;
            skippedHead = 0;
            skippedCount = 0;
            skippedTotal = 0;
            skippedForgotten = false;
            sourceSsrc = ssrc;
            started = true;
            rebaseRequested = false;
            outSeq = baseOutSeq;
            outTs = baseOutTs;
        } else {
            long inSeq = unwrapper.peek(seq);
            if (inSeq < baseInSeq) {
                return RtpDropReason.OLDER_THAN_SOURCE_SWITCH;
            }
            int skippedAfter = 0;
            for (int k = skippedCount - 1; k >= 0; k--) {
                long s = skipped[(skippedHead + k) % DROP_HISTORY];
                if (s > inSeq) {
                    skippedAfter++;
                } else if (s == inSeq) {
                    return RtpDropReason.DROPPED_EARLIER;
                } else {
                    break;
                }
            }
            if (skippedForgotten && skippedAfter == skippedCount) {
                // Older skips than the ring remembers may lie after this packet too.
                return RtpDropReason.TOO_OLD;
            }
            unwrapper.unwrap(seq);
            if (inSeq > highestInSeq) {
                highestInSeq = inSeq;
            }
            outSeq = inSeq - baseInSeq + baseOutSeq - (skippedTotal - skippedAfter);
            outTs = RtpTimestamps.add(baseOutTs, ts - baseInTs);
        }
        packet.setSsrc(outgoingSsrc);
        packet.setSequenceNumber((int) outSeq);
        packet.setTimestamp(outTs);
        if (outSeq >= highestOutSeq) {
            highestOutSeq = outSeq;
            highestOutTs = outTs;
        }
        lastForwardNanos = nowNanos;
        return null;
    }

    /**
     * Tells the rewriter that {@code packet} (of the current source) will not be forwarded, so the
     * outgoing sequence numbers close over it. Only the newest packet so far can be skipped this way:
     * for an out-of-order packet the packets after it already went out with their numbers, so its gap
     * stays (the subscriber may NACK it; a retransmission buffer will not have it). A packet of another
     * source, or before the first forwarded packet, is ignored.
     *
     * @return whether the gap was closed
     */
    public boolean skip(RtpPacket packet) {
        if (!started || rebaseRequested || packet.ssrc() != sourceSsrc) {
            return false;
        }
        int seq = packet.sequenceNumber();
        long inSeq = unwrapper.peek(seq);
        if (inSeq <= highestInSeq) {
            return false;
        }
        unwrapper.unwrap(seq);
        highestInSeq = inSeq;
        if (skippedCount == DROP_HISTORY) {
            skippedHead = (skippedHead + 1) % DROP_HISTORY;
            skippedCount--;
            skippedForgotten = true;
        }
        skipped[(skippedHead + skippedCount) % DROP_HISTORY] = inSeq;
        skippedCount++;
        skippedTotal++;
        return true;
    }

    /**
     * Makes the next rewritten packet start a new source even if its SSRC is unchanged (Janus
     * {@code seq_reset}/{@code ts_reset}): for a publisher that restarted its stream with the same
     * SSRC, e.g. after a renegotiation.
     */
    public void markSourceChanged() {
        rebaseRequested = true;
    }

    /** The SSRC every outgoing packet gets. */
    public long outgoingSsrc() {
        return outgoingSsrc;
    }

    /** SSRC of the current source, or -1 before the first packet. */
    public long sourceSsrc() {
        return started ? sourceSsrc : -1;
    }

    /** Highest outgoing sequence number sent (16-bit), or -1 before the first packet. */
    public int highestOutgoingSequence() {
        return started ? (int) (highestOutSeq & 0xFFFF) : -1;
    }

    /** Outgoing timestamp of the packet with the highest outgoing sequence number, or -1 before any. */
    public long highestOutgoingTimestamp() {
        return started ? highestOutTs : -1;
    }

    /** How many times the source changed after the first one. */
    public long sourceChanges() {
        return sourceChanges;
    }
}
