package io.github.wildfiresfu.media.rtcp;

/**
 * Reusable flyweight reader and static writer for an RTCP sender report (PT 200, RFC 3550 §6.4.1):
 *
 * <pre>
 * |V=2|P|    RC   |   PT=SR=200   |             length            |
 * |                         SSRC of sender                        |
 * |              NTP timestamp, most significant word             |
 * |             NTP timestamp, least significant word             |
 * |                         RTP timestamp                         |
 * |                     sender's packet count                     |
 * |                      sender's octet count                     |
 * |                 report block 1 ... RC (24 bytes each)         |
 * |                  profile-specific extensions                  |
 * </pre>
 */
public final class SenderReport {

    /** Length without report blocks. */
    public static final int FIXED_LENGTH = 28;

    private byte[] buf;
    private int off;

    /**
     * Points the reader at the packet of {@code len} bytes at {@code buf[off]} (as delimited by
     * {@link RtcpCompoundIterator}) and checks it.
     *
     * @return {@code null} when it is a well-formed SR, else why not
     */
    public RtcpDropReason wrap(byte[] buf, int off, int len) {
        this.buf = buf;
        this.off = off;
        if (len < RtcpHeader.LENGTH || RtcpHeader.packetType(buf, off) != RtcpHeader.SR) {
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

    /** SSRC of the sender. */
    public long senderSsrc() {
        return RtcpBytes.u32(buf, off + 4);
    }

    /** The 64-bit NTP timestamp (seconds since 1900 in the high word, fraction in the low word). */
    public long ntpTimestamp() {
        return RtcpBytes.u64(buf, off + 8);
    }

    /** The RTP timestamp corresponding to {@link #ntpTimestamp()}, unsigned. */
    public long rtpTimestamp() {
        return RtcpBytes.u32(buf, off + 16);
    }

    /** Sender's packet count, unsigned. */
    public long packetCount() {
        return RtcpBytes.u32(buf, off + 20);
    }

    /** Sender's octet count, unsigned. */
    public long octetCount() {
        return RtcpBytes.u32(buf, off + 24);
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
     * The middle 32 bits of an NTP timestamp: the LSR value a receiver echoes for this SR
     * (RFC 3550 §6.4.1).
     */
    public static long compactNtp(long ntpTimestamp) {
        return (ntpTimestamp >>> 16) & 0xFFFF_FFFFL;
    }

    /**
     * Writes an SR with the given report blocks ({@code blocks} may be {@code null} when
     * {@code blockCount} is 0) at {@code buf[off]}.
     *
     * @return bytes written: 28 + 24 per block
     * @throws IllegalArgumentException if the buffer is too small or {@code blockCount} exceeds 31
     */
    public static int write(byte[] buf, int off, long senderSsrc, long ntpTimestamp, long rtpTimestamp,
            long packetCount, long octetCount, ReportBlock[] blocks, int blockCount) {
        if (blockCount < 0 || blockCount > 31) {
            throw new IllegalArgumentException("an SR holds 0..31 report blocks, got " + blockCount);
        }
        int length = FIXED_LENGTH + ReportBlock.LENGTH * blockCount;
        RtcpBytes.requireRoom(buf, off, length);
        RtcpHeader.write(buf, off, blockCount, RtcpHeader.SR, length);
        RtcpBytes.put32(buf, off + 4, senderSsrc);
        RtcpBytes.put64(buf, off + 8, ntpTimestamp);
        RtcpBytes.put32(buf, off + 16, rtpTimestamp);
        RtcpBytes.put32(buf, off + 20, packetCount);
        RtcpBytes.put32(buf, off + 24, octetCount);
        for (int i = 0; i < blockCount; i++) {
            blocks[i].writeTo(buf, off + FIXED_LENGTH + ReportBlock.LENGTH * i);
        }
        return length;
    }
}
