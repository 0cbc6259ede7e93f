package io.github.wildfiresfu.media.rtcp;

/**
 * Reusable flyweight reader and static writer for an RTCP receiver report (PT 201, RFC 3550 §6.4.2):
 * the common header with RC, the SSRC of the packet sender, then RC report blocks of 24 bytes.
 */
public final class ReceiverReport {

    /** Length without report blocks. */
    public static final int FIXED_LENGTH = 8;

    private byte[] buf;
    private int off;

    /**
     * Points the reader at the packet of {@code len} bytes at {@code buf[off]} and checks it.
     *
     * @return {@code null} when it is a well-formed RR, else why not
     */
    public RtcpDropReason wrap(byte[] buf, int off, int len) {
        this.buf = buf;
        this.off = off;
        if (len < RtcpHeader.LENGTH || RtcpHeader.packetType(buf, off) != RtcpHeader.RR) {
            return RtcpDropReason.WRONG_TYPE;
        }
        int body = RtcpHeader.lengthWithoutPadding(buf, off, len);
        if (body < 0) {
            return RtcpDropReason.BAD_PADDING;
        }
        if (body < FIXED_LENGTH) {
            return RtcpDropReason.TOO_SHORT;
        }
        if (FIXED_LENGTH + ReportBlock.LENGTH * reportCount() > body) {
            return RtcpDropReason.TRUNCATED_BODY;
        }
        return null;
    }

    /** SSRC of the packet sender. */
    public long senderSsrc() {
        return RtcpBytes.u32(buf, off + 4);
    }

    /** Number of report blocks (RC). */
    public int reportCount() {
        return RtcpHeader.count(buf, off);
    }

    /** Absolute offset of report block {@code i}, to read with {@link ReportBlock}'s static readers. */
    public int reportBlockOffset(int i) {
        return off + FIXED_LENGTH + ReportBlock.LENGTH * i;
    }

    /**
     * Writes an RR with the given report blocks ({@code blocks} may be {@code null} when
     * {@code blockCount} is 0) at {@code buf[off]}.
     *
     * @return bytes written: 8 + 24 per block
     */
    public static int write(byte[] buf, int off, long senderSsrc, ReportBlock[] blocks, int blockCount) {
        if (blockCount < 0 || blockCount > 31) {
            throw new IllegalArgumentException("an RR holds 0..31 report blocks, got " + blockCount);
        }
        int length = FIXED_LENGTH + ReportBlock.LENGTH * blockCount;
        RtcpBytes.requireRoom(buf, off, length);
        RtcpHeader.write(buf, off, blockCount, RtcpHeader.RR, length);
        RtcpBytes.put32(buf, off + 4, senderSsrc);
        for (int i = 0; i < blockCount; i++) {
            blocks[i].writeTo(buf, off + FIXED_LENGTH + ReportBlock.LENGTH * i);
        }
        return length;
    }
}
