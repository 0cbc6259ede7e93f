package io.github.wildfiresfu.media.rtcp;

/**
 * Reusable flyweight reader and static writer for a generic NACK (RTPFB, FMT 1, RFC 4585 §6.2.1).
 * Each 4-byte FCI item names a lost packet ID (PID) and a bitmask of the 16 following lost packets
 * (BLP; bit i set means PID + i + 1 is lost too):
 *
 * <pre>
 * |            PID                |             BLP               |
 * </pre>
 */
public final class GenericNack {

    private byte[] buf;
    private int off;
    private int items;

    /**
     * Points the reader at the packet of {@code len} bytes at {@code buf[off]} and checks it.
     *
     * @return {@code null} when it is a well-formed generic NACK, else why not
     */
    public RtcpDropReason wrap(byte[] buf, int off, int len) {
        this.buf = buf;
        this.off = off;
        this.items = 0;
        int body = FeedbackHeader.bodyLength(buf, off, len, RtcpHeader.RTPFB, RtcpHeader.FMT_NACK);
        if (body < 0) {
            return FeedbackHeader.reason(body);
        }
        // The length field counts whole words, so the FCI is always a whole number of items.
        items = (body - FeedbackHeader.LENGTH) / 4;
        if (items == 0) {
            return RtcpDropReason.TRUNCATED_BODY;
        }
        return null;
    }

    /** SSRC of the packet sender. */
    public long senderSsrc() {
        return RtcpBytes.u32(buf, off + 4);
    }

    /** SSRC of the media source whose packets are lost. */
    public long mediaSsrc() {
        return RtcpBytes.u32(buf, off + 8);
    }

    /** Number of FCI items. */
    public int itemCount() {
        return items;
    }

    /** PID of item {@code i}. */
    public int pid(int i) {
        return RtcpBytes.u16(buf, off + FeedbackHeader.LENGTH + 4 * i);
    }

    /** BLP of item {@code i}. */
    public int blp(int i) {
        return RtcpBytes.u16(buf, off + FeedbackHeader.LENGTH + 4 * i + 2);
    }

    /**
     * Expands every item into the lost sequence numbers, in item order, into {@code out}; stops when
     * {@code out} is full.
     *
     * @return how many sequence numbers were written
     */
    public int lostSequenceNumbers(int[] out) {
        int n = 0;
        for (int i = 0; i < items; i++) {
            int pid = pid(i);
            int blp = blp(i);
            if (n == out.length) {
                return n;
            }
            out[n++] = pid;
            for (int bit = 0; bit < 16; bit++) {
                if ((blp & (1 << bit)) != 0) {
                    if (n == out.length) {
                        return n;
                    }
                    out[n++] = (pid + bit + 1) & 0xFFFF;
                }
            }
        }
        return n;
    }

    /** How many FCI items {@link #write} produces for these lost sequence numbers. */
    public static int itemsFor(int[] lost, int count) {
        int items = 0;
        int pid = -1;
        for (int i = 0; i < count; i++) {
            int seq = lost[i] & 0xFFFF;
            // Within 0..16 after the current PID: a duplicate or a BLP bit of the current item.
            if (pid >= 0 && ((seq - pid) & 0xFFFF) <= 16) {
                continue;
            }
            items++;
            pid = seq;
        }
        return items;
    }

    /** Bytes {@link #write} needs for these lost sequence numbers. */
    public static int lengthFor(int[] lost, int count) {
        return FeedbackHeader.LENGTH + 4 * itemsFor(lost, count);
    }

    /**
     * Writes a generic NACK for the {@code count} lost sequence numbers in {@code lost} at
     * {@code buf[off]}. They are expected in increasing wrap-aware order, as a NACK generator produces
     * them; any other order still yields a correct NACK, only a larger one. A number 1..16 after the
     * current item's PID goes into its BLP, a repeat of the PID is skipped, and any other number starts
     * a new item.
     *
     * @return bytes written: 12 + 4 per item
     * @throws IllegalArgumentException when {@code count} is 0 or the buffer is too small
     */
    public static int write(byte[] buf, int off, long senderSsrc, long mediaSsrc, int[] lost, int count) {
        if (count <= 0) {
            throw new IllegalArgumentException("a generic NACK needs at least one lost sequence number");
        }
        int length = lengthFor(lost, count);
        RtcpBytes.requireRoom(buf, off, length);
        FeedbackHeader.write(buf, off, RtcpHeader.FMT_NACK, RtcpHeader.RTPFB, length, senderSsrc, mediaSsrc);
        int item = off + FeedbackHeader.LENGTH - 4;
        int pid = -1;
        int blp = 0;
        for (int i = 0; i < count; i++) {
            int seq = lost[i] & 0xFFFF;
            if (pid >= 0) {
                int d = (seq - pid) & 0xFFFF;
                if (d == 0) {
                    continue;
                }
                if (d <= 16) {
                    blp |= 1 << (d - 1);
                    continue;
                }
                RtcpBytes.put16(buf, item + 2, blp);
            }
            item += 4;
            pid = seq;
            blp = 0;
            RtcpBytes.put16(buf, item, pid);
        }
        RtcpBytes.put16(buf, item + 2, blp);
        return length;
    }
}
