package io.github.wildfiresfu.media.rtcp;

/**
 * Reusable flyweight reader and static writer for a full intra request (PSFB, FMT 4, RFC 5104 §4.3.1).
 * The media source SSRC of the feedback header is unused (0); each 8-byte FCI entry names the SSRC that
 * should send a decoder refresh point and a command sequence number, which the requester increments
 * for every new request (a repeat with the same number is a retransmission):
 *
 * <pre>
 * |                              SSRC                             |
 * | Seq nr.       |    Reserved                                   |
 * </pre>
 */
public final class Fir {

    /** Length of one FCI entry. */
    public static final int ENTRY_LENGTH = 8;
    /** Length of a FIR with one entry. */
    public static final int LENGTH = FeedbackHeader.LENGTH + ENTRY_LENGTH;

    private byte[] buf;
    private int off;
    private int entries;

    /**
     * Points the reader at the packet of {@code len} bytes at {@code buf[off]} and checks it.
     *
     * @return {@code null} when it is a well-formed FIR with at least one entry, else why not
     */
    public RtcpDropReason wrap(byte[] buf, int off, int len) {
        this.buf = buf;
        this.off = off;
        this.entries = 0;
        int body = FeedbackHeader.bodyLength(buf, off, len, RtcpHeader.PSFB, RtcpHeader.FMT_FIR);
        if (body < 0) {
            return FeedbackHeader.reason(body);
        }
        entries = (body - FeedbackHeader.LENGTH) / ENTRY_LENGTH;
        if (entries == 0) {
            return RtcpDropReason.TRUNCATED_BODY;
        }
        return null;
    }

    /** SSRC of the packet sender. */
    public long senderSsrc() {
        return RtcpBytes.u32(buf, off + 4);
    }

    /** Number of FCI entries. */
    public int entryCount() {
        return entries;
    }

    /** SSRC of entry {@code i}: the media sender asked for a keyframe. */
    public long entrySsrc(int i) {
        return RtcpBytes.u32(buf, off + FeedbackHeader.LENGTH + ENTRY_LENGTH * i);
    }

    /** Command sequence number (0..255) of entry {@code i}. */
    public int entrySequenceNumber(int i) {
        return RtcpBytes.u8(buf, off + FeedbackHeader.LENGTH + ENTRY_LENGTH * i + 4);
    }

    /** Writes a FIR with one entry at {@code buf[off]} and returns 20. */
    public static int write(byte[] buf, int off, long senderSsrc, long targetSsrc, int sequenceNumber) {
        RtcpBytes.requireRoom(buf, off, LENGTH);
        // RFC 5104 §4.3.1.2: the "SSRC of media source" field is not used and set to 0.
        FeedbackHeader.write(buf, off, RtcpHeader.FMT_FIR, RtcpHeader.PSFB, LENGTH, senderSsrc, 0);
        RtcpBytes.put32(buf, off + 12, targetSsrc);
        buf[off + 16] = (byte) sequenceNumber;
        buf[off + 17] = 0;
        buf[off + 18] = 0;
        buf[off + 19] = 0;
        return LENGTH;
    }
}
