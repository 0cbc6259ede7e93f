package io.github.wildfiresfu.media.rtcp;

/**
 * The common part of RTCP feedback messages (RFC 4585 §6.1): header with FMT and PT, SSRC of the packet
 * sender, SSRC of the media source, then the feedback control information (FCI).
 */
final class FeedbackHeader {

    /** Header plus the two SSRCs. */
    static final int LENGTH = 12;

    private FeedbackHeader() {
    }

    /**
     * Checks type and format and returns the body length without padding (at least {@link #LENGTH}),
     * or minus one plus the negated ordinal of the drop reason; use {@link #reason(int)} to decode.
     */
    static int bodyLength(byte[] buf, int off, int len, int packetType, int fmt) {
        if (len < RtcpHeader.LENGTH || RtcpHeader.packetType(buf, off) != packetType
                || RtcpHeader.count(buf, off) != fmt) {
            return encode(RtcpDropReason.WRONG_TYPE);
        }
        int body = RtcpHeader.lengthWithoutPadding(buf, off, len);
        if (body < 0) {
            return encode(RtcpDropReason.BAD_PADDING);
        }
        if (body < LENGTH) {
            return encode(RtcpDropReason.TOO_SHORT);
        }
        return body;
    }

    private static int encode(RtcpDropReason reason) {
        return -1 - reason.ordinal();
    }

    /** The drop reason a negative {@link #bodyLength} result stands for. */
    static RtcpDropReason reason(int negative) {
        return RtcpDropReason.values()[-1 - negative];
    }

    static void write(byte[] buf, int off, int fmt, int packetType, int length, long senderSsrc, long mediaSsrc) {
        RtcpHeader.write(buf, off, fmt, packetType, length);
        RtcpBytes.put32(buf, off + 4, senderSsrc);
        RtcpBytes.put32(buf, off + 8, mediaSsrc);
    }
}
