package io.github.wildfiresfu.media.rtcp;

/**
 * Reusable flyweight reader and static writer for receiver estimated maximum bitrate
 * (PSFB, FMT 15 application layer feedback, draft-alvestrand-rmcat-remb-03 §2.2):
 *
 * <pre>
 * |V=2|P| FMT=15  |   PT=206      |             length            |
 * |                  SSRC of packet sender                        |
 * |                  SSRC of media source (unused, 0)             |
 * |  Unique identifier 'R' 'E' 'M' 'B'                            |
 * |  Num SSRC     | BR Exp    |  BR Mantissa                      |
 * |   SSRC feedback ... (Num SSRC entries)                        |
 * </pre>
 *
 * The bitrate in bits per second is {@code mantissa << exp} (18-bit mantissa, 6-bit exponent).
 */
public final class Remb {

    /** Feedback header, identifier and bitrate word, without SSRCs. */
    public static final int FIXED_LENGTH = 20;
    /** The "REMB" identifier as a big-endian 32-bit value. */
    public static final long IDENTIFIER = 0x52454D42L;
    private static final int MAX_MANTISSA = (1 << 18) - 1;

    private byte[] buf;
    private int off;
    private long bitrate;

    /**
     * Points the reader at the packet of {@code len} bytes at {@code buf[off]} and checks it.
     *
     * @return {@code null} when it is a well-formed REMB, else why not ({@link RtcpDropReason#NOT_REMB}
     *         for other application layer feedback)
     */
    public RtcpDropReason wrap(byte[] buf, int off, int len) {
        this.buf = buf;
        this.off = off;
        this.bitrate = 0;
        int body = FeedbackHeader.bodyLength(buf, off, len, RtcpHeader.PSFB, RtcpHeader.FMT_AFB);
        if (body < 0) {
            return FeedbackHeader.reason(body);
        }
        if (body < FeedbackHeader.LENGTH + 4 || RtcpBytes.u32(buf, off + 12) != IDENTIFIER) {
            return RtcpDropReason.NOT_REMB;
        }
        if (body < FIXED_LENGTH || FIXED_LENGTH + 4 * ssrcCount() > body) {
            return RtcpDropReason.TRUNCATED_BODY;
        }
        int exp = (buf[off + 17] & 0xFF) >> 2;
        long mantissa = RtcpBytes.u24(buf, off + 17) & MAX_MANTISSA;
        if (mantissa != 0 && exp > Long.numberOfLeadingZeros(mantissa) - 1) {
            return RtcpDropReason.BAD_REMB_BITRATE;
        }
        bitrate = mantissa << exp;
        return null;
    }

    /** SSRC of the packet sender. */
    public long senderSsrc() {
        return RtcpBytes.u32(buf, off + 4);
    }

    /** The estimated maximum bitrate in bits per second. */
    public long bitrate() {
        return bitrate;
    }

    /** Number of SSRCs the estimate applies to. */
    public int ssrcCount() {
        return RtcpBytes.u8(buf, off + 16);
    }

    /** SSRC {@code i} the estimate applies to. */
    public long ssrc(int i) {
        return RtcpBytes.u32(buf, off + FIXED_LENGTH + 4 * i);
    }

    /**
     * The bitrate a REMB can carry for {@code bitrate}: rounded down to 18 significant bits, as the
     * writer encodes it.
     */
    public static long representable(long bitrate) {
        int exp = 0;
        long mantissa = bitrate;
        while (mantissa > MAX_MANTISSA) {
            mantissa >>= 1;
            exp++;
        }
        return mantissa << exp;
    }

    /**
     * Writes a REMB for {@code count} SSRCs at {@code buf[off]}; the bitrate is rounded down to 18
     * significant bits.
     *
     * @return bytes written: 20 + 4 per SSRC
     */
    public static int write(byte[] buf, int off, long senderSsrc, long bitrate, long[] ssrcs, int count) {
        if (bitrate < 0) {
            throw new IllegalArgumentException("REMB bitrate must be >= 0, got " + bitrate);
        }
        if (count < 0 || count > 255) {
            throw new IllegalArgumentException("a REMB lists 0..255 SSRCs, got " + count);
        }
        int length = FIXED_LENGTH + 4 * count;
        RtcpBytes.requireRoom(buf, off, length);
        FeedbackHeader.write(buf, off, RtcpHeader.FMT_AFB, RtcpHeader.PSFB, length, senderSsrc, 0);
        RtcpBytes.put32(buf, off + 12, IDENTIFIER);
        int exp = 0;
        long mantissa = bitrate;
        while (mantissa > MAX_MANTISSA) {
            mantissa >>= 1;
            exp++;
        }
        buf[off + 16] = (byte) count;
        RtcpBytes.put24(buf, off + 17, (exp << 18) | (int) mantissa);
        for (int i = 0; i < count; i++) {
            RtcpBytes.put32(buf, off + FIXED_LENGTH + 4 * i, ssrcs[i]);
        }
        return length;
    }
}
