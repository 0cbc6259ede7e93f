package io.github.wildfiresfu.recorder.post;

import io.github.wildfiresfu.media.rtp.SequenceNumbers;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Puts the RTP packets of a recording in playback order, as {@code janus-pp-rec}'s second pass does
 * ({@code src/postprocessing/janus-pp-rec.c}), and drops what cannot be played:
 * <ol>
 *   <li>Only the first SSRC seen is kept.</li>
 *   <li>The 32-bit RTP timestamp is extended to 64 bits in arrival order: a packet whose timestamp is
 *       ahead of the highest so far (in 32-bit serial arithmetic) but numerically smaller means a wrap;
 *       a packet behind it but numerically larger is a late packet from before the wrap. The first
 *       timestamp is placed at 2^32 + ts so late pre-wrap packets stay positive. ({@code janus-pp-rec}
 *       uses multiples of {@code UINT32_MAX}, which puts post-wrap packets one tick early; we use 2^32.)</li>
 *   <li>Packets are ordered by extended timestamp, ties (the packets of one video frame) by sequence
 *       number across its 16-bit wrap.</li>
 *   <li>A packet with the same timestamp and sequence number as one already kept is a duplicate
 *       (retransmission) and dropped; so are header-only and padding-only packets.</li>
 * </ol>
 * Feed packets in file (arrival) order with {@link #accept}, then call {@link #finish()} once.
 */
public final class PacketOrderer {

    /** {@code janus-pp-rec} skips longer records: "Way too large, very likely not RTP". */
    public static final int MAX_RTP_LENGTH = 1500;

    private static final long TWO_32 = 1L << 32;

    private final int clockRate;
    private final List<IndexedPacket> packets = new ArrayList<>();
    private long ssrc = -1;
    private long highestExtTs = Long.MIN_VALUE;
    private long records;
    private long otherSsrc;
    private long notRtp;
    private long tooLarge;
    private long noPayload;
    private int wraps;
    private boolean finished;

    /** @param clockRate RTP clock rate of the recording's codec, carried into the result */
    public PacketOrderer(int clockRate) {
        this.clockRate = clockRate;
    }

    /**
     * Considers one record of the file.
     *
     * @param packet       buffer holding the whole RTP packet at {@code off}
     * @param len          packet length
     * @param fileOffset   file offset of the packet's first byte
     * @param arrivalMillis the record's time, or -1
     * @param recordIndex  the record's position in the file
     */
    public void accept(byte[] packet, int off, int len, long fileOffset, long arrivalMillis, long recordIndex) {
        checkOpen();
        records++;
        if (len > MAX_RTP_LENGTH) {
            tooLarge++;
            return;
        }
        if (len < 12 || (packet[off] & 0xC0) != 0x80) {
            notRtp++;
            return;
        }
        int b0 = packet[off] & 0xFF;
        int cc = b0 & 0x0F;
        int headerLength = 12 + 4 * cc;
        if ((b0 & 0x10) != 0) {
            if (len < headerLength + 4) {
                notRtp++;
                return;
            }
            int words = ((packet[off + headerLength + 2] & 0xFF) << 8) | (packet[off + headerLength + 3] & 0xFF);
            headerLength += 4 + 4 * words;
        }
        if (headerLength > len) {
            notRtp++;
            return;
        }
        int padding = 0;
        if ((b0 & 0x20) != 0) {
            padding = packet[off + len - 1] & 0xFF;
            if (padding == 0 || headerLength + padding > len) {
                // A padding count of zero or one that eats into the header: not a valid packet (RFC 3550 §5.1).
                notRtp++;
                return;
            }
        }
        long pktSsrc = u32(packet, off + 8);
        if (ssrc == -1) {
            ssrc = pktSsrc;
        } else if (pktSsrc != ssrc) {
            otherSsrc++;
            return;
        }
        int payloadLength = len - headerLength - padding;
        if (payloadLength <= 0) {
            noPayload++;
            return;
        }
        int seq = ((packet[off + 2] & 0xFF) << 8) | (packet[off + 3] & 0xFF);
        long ts = u32(packet, off + 4);
        long ext = extend(ts);
        packets.add(new IndexedPacket(seq, ext, arrivalMillis, recordIndex, fileOffset + headerLength, payloadLength,
                (packet[off + 1] & 0x80) != 0, packet[off + 1] & 0x7F));
    }

    /** Extends {@code ts} against the highest timestamp so far (see the class comment). */
    private long extend(long ts) {
        if (highestExtTs == Long.MIN_VALUE) {
            highestExtTs = TWO_32 + ts;
            return highestExtTs;
        }
        int delta = (int) (ts - (highestExtTs & 0xFFFF_FFFFL));
        long ext = highestExtTs + delta;
        if (delta > 0) {
            if (ext / TWO_32 > highestExtTs / TWO_32) {
                wraps++;
            }
            highestExtTs = ext;
        }
        return ext;
    }

    /** Sorts, removes duplicates and returns the result. Can be called once. */
    public OrderedPackets finish() {
        checkOpen();
        finished = true;
        // Before sorting: a packet that arrived after one that plays later was reordered in the network.
        long reordered = 0;
        long maxTs = Long.MIN_VALUE;
        int maxSeq = 0;
        for (IndexedPacket p : packets) {
            if (p.extendedTs() < maxTs || (p.extendedTs() == maxTs && SequenceNumbers.isNewer(maxSeq, p.seq()))) {
                reordered++;
            } else {
                maxTs = p.extendedTs();
                maxSeq = p.seq();
            }
        }
        // List.sort is stable: equal keys (duplicates) keep arrival order, so the first copy is kept.
        packets.sort(Comparator.comparingLong(IndexedPacket::extendedTs)
                .thenComparing((a, b) -> SequenceNumbers.compare(a.seq(), b.seq())));
        List<IndexedPacket> kept = new ArrayList<>(packets.size());
        long duplicates = 0;
        long lost = 0;
        IndexedPacket prev = null;
        for (IndexedPacket p : packets) {
            if (prev != null && prev.extendedTs() == p.extendedTs() && prev.seq() == p.seq()) {
                duplicates++;
                continue;
            }
            if (prev != null) {
                int gap = SequenceNumbers.diff(p.seq(), prev.seq());
                if (gap > 1) {
                    lost += gap - 1;
                }
            }
            kept.add(p);
            prev = p;
        }
        OrderingStats stats = new OrderingStats(records, kept.size(), duplicates, otherSsrc, notRtp, tooLarge,
                noPayload, reordered, lost, wraps);
        return new OrderedPackets(kept, stats, ssrc, clockRate);
    }

    private void checkOpen() {
        if (finished) {
            throw new IllegalStateException("PacketOrderer already finished");
        }
    }

    private static long u32(byte[] b, int at) {
        return ((b[at] & 0xFFL) << 24) | ((b[at + 1] & 0xFFL) << 16) | ((b[at + 2] & 0xFFL) << 8) | (b[at + 3] & 0xFFL);
    }
}
