package io.github.wildfiresfu.media.rtcp;

/**
 * The common RTCP header (RFC 3550 §6.4.1) and the packet type numbers, as static helpers over a
 * {@code byte[]}:
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P| RC/FMT  |      PT       |  length (32-bit words - 1)    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * The 5-bit count field is the report/source count for SR, RR, SDES and BYE, the subtype for APP,
 * and the feedback message type (FMT) for RTPFB and PSFB (RFC 4585 §6.1).
 */
public final class RtcpHeader {

    /** Sender report (RFC 3550 §6.4.1). */
    public static final int SR = 200;
    /** Receiver report (RFC 3550 §6.4.2). */
    public static final int RR = 201;
    /** Source description (RFC 3550 §6.5). */
    public static final int SDES = 202;
    /** Goodbye (RFC 3550 §6.6). */
    public static final int BYE = 203;
    /** Application-defined (RFC 3550 §6.7). */
    public static final int APP = 204;
    /** Transport-layer feedback (RFC 4585 §6.2). */
    public static final int RTPFB = 205;
    /** Payload-specific feedback (RFC 4585 §6.3). */
    public static final int PSFB = 206;
    /** Extended reports (RFC 3611). */
    public static final int XR = 207;

    /** RTPFB FMT 1: generic NACK (RFC 4585 §6.2.1). */
    public static final int FMT_NACK = 1;
    /** RTPFB FMT 15: transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01). */
    public static final int FMT_TRANSPORT_CC = 15;
    /** PSFB FMT 1: picture loss indication (RFC 4585 §6.3.1). */
    public static final int FMT_PLI = 1;
    /** PSFB FMT 4: full intra request (RFC 5104 §4.3.1). */
    public static final int FMT_FIR = 4;
    /** PSFB FMT 15: application layer feedback, here REMB (draft-alvestrand-rmcat-remb). */
    public static final int FMT_AFB = 15;

    /** Length of the common header. */
    public static final int LENGTH = 4;

    private RtcpHeader() {
    }

    /** Version field. */
    public static int version(byte[] buf, int off) {
        return (buf[off] & 0xFF) >> 6;
    }

    /** P bit. */
    public static boolean hasPadding(byte[] buf, int off) {
        return (buf[off] & 0x20) != 0;
    }

    /** The 5-bit count / subtype / FMT field. */
    public static int count(byte[] buf, int off) {
        return buf[off] & 0x1F;
    }

    /** Packet type, 0..255. */
    public static int packetType(byte[] buf, int off) {
        return buf[off + 1] & 0xFF;
    }

    /** Length of the whole packet in bytes, from the length field: {@code (length + 1) * 4}. */
    public static int packetLength(byte[] buf, int off) {
        return (RtcpBytes.u16(buf, off + 2) + 1) * 4;
    }

    /**
     * Writes a header with V=2 and no padding for a packet of {@code lengthBytes} bytes (a multiple
     * of 4, at least 4) and returns 4.
     */
    public static int write(byte[] buf, int off, int count, int packetType, int lengthBytes) {
        if (lengthBytes < LENGTH || lengthBytes % 4 != 0 || lengthBytes > 65536 * 4) {
            throw new IllegalArgumentException("RTCP packet length must be a multiple of 4 in 4..262144, got "
                    + lengthBytes);
        }
        buf[off] = (byte) (0x80 | (count & 0x1F));
        buf[off + 1] = (byte) packetType;
        RtcpBytes.put16(buf, off + 2, lengthBytes / 4 - 1);
        return LENGTH;
    }

    /**
     * The body length of the packet of {@code len} bytes at {@code off} without its padding: {@code len}
     * without the P bit, else {@code len} minus the count in the last byte. Returns -1 when the padding
     * count is 0 or eats into the header.
     */
    public static int lengthWithoutPadding(byte[] buf, int off, int len) {
        if (!hasPadding(buf, off)) {
            return len;
        }
        int pad = buf[off + len - 1] & 0xFF;
        if (pad == 0 || pad > len - LENGTH) {
            return -1;
        }
        return len - pad;
    }
}
