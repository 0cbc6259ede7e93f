package io.github.wildfiresfu.media.rtcp;

/**
 * One reception report block of an SR or RR (RFC 3550 §6.4.1), 24 bytes:
 *
 * <pre>
 * |                 SSRC_n (SSRC of first source)                 |
 * | fraction lost |       cumulative number of packets lost       |
 * |           extended highest sequence number received           |
 * |                      interarrival jitter                      |
 * |                         last SR (LSR)                         |
 * |                   delay since last SR (DLSR)                  |
 * </pre>
 *
 * The static readers work on a block in place; the record is for building reports (allocation is fine
 * there: reports are periodic, not per packet). Unsigned 32-bit fields are held in {@code long}s.
 *
 * @param ssrc                    source this block reports on
 * @param fractionLost            8-bit fixed-point fraction lost since the previous report
 * @param cumulativeLost          24-bit signed cumulative number of packets lost
 * @param extendedHighestSequence cycles and highest sequence number received
 * @param jitter                  interarrival jitter in timestamp units
 * @param lastSr                  middle 32 bits of the NTP timestamp of the last SR received
 * @param delaySinceLastSr        delay since that SR in units of 1/65536 s
 */
public record ReportBlock(long ssrc, int fractionLost, int cumulativeLost, long extendedHighestSequence,
        long jitter, long lastSr, long delaySinceLastSr) {

    /** Length of a report block. */
    public static final int LENGTH = 24;

    /** Reads the block at {@code buf[off]} (which must hold 24 bytes). */
    public static ReportBlock read(byte[] buf, int off) {
        return new ReportBlock(ssrc(buf, off), fractionLost(buf, off), cumulativeLost(buf, off),
                extendedHighestSequence(buf, off), jitter(buf, off), lastSr(buf, off), delaySinceLastSr(buf, off));
    }

    /** SSRC_n of the block at {@code off}. */
    public static long ssrc(byte[] buf, int off) {
        return RtcpBytes.u32(buf, off);
    }

    /** Fraction lost (0..255) of the block at {@code off}. */
    public static int fractionLost(byte[] buf, int off) {
        return RtcpBytes.u8(buf, off + 4);
    }

    /** Cumulative packets lost (24-bit signed) of the block at {@code off}. */
    public static int cumulativeLost(byte[] buf, int off) {
        return RtcpBytes.s24(buf, off + 5);
    }

    /** Extended highest sequence number of the block at {@code off}. */
    public static long extendedHighestSequence(byte[] buf, int off) {
        return RtcpBytes.u32(buf, off + 8);
    }

    /** Interarrival jitter of the block at {@code off}. */
    public static long jitter(byte[] buf, int off) {
        return RtcpBytes.u32(buf, off + 12);
    }

    /** LSR of the block at {@code off}. */
    public static long lastSr(byte[] buf, int off) {
        return RtcpBytes.u32(buf, off + 16);
    }

    /** DLSR of the block at {@code off}. */
    public static long delaySinceLastSr(byte[] buf, int off) {
        return RtcpBytes.u32(buf, off + 20);
    }

    /** Writes this block at {@code buf[off]} and returns 24. */
    public int writeTo(byte[] buf, int off) {
        RtcpBytes.requireRoom(buf, off, LENGTH);
        RtcpBytes.put32(buf, off, ssrc);
        buf[off + 4] = (byte) fractionLost;
        RtcpBytes.put24(buf, off + 5, cumulativeLost);
        RtcpBytes.put32(buf, off + 8, extendedHighestSequence);
        RtcpBytes.put32(buf, off + 12, jitter);
        RtcpBytes.put32(buf, off + 16, lastSr);
        RtcpBytes.put32(buf, off + 20, delaySinceLastSr);
        return LENGTH;
    }
}
