package io.github.wildfiresfu.media.rtcp;

/**
 * Reusable flyweight reader for an RTCP application-defined packet (PT 204, RFC 3550 §6.7): subtype in
 * the count field, SSRC/CSRC, a four-character name, then application data. We only read APP packets
 * (to skip or log them); we never send any.
 */
public final class App {

    /** Header, SSRC and name. */
    public static final int FIXED_LENGTH = 12;

    private byte[] buf;
    private int off;
    private int body;

    /**
     * Points the reader at the packet of {@code len} bytes at {@code buf[off]} and checks it.
     *
     * @return {@code null} when it is a well-formed APP, else why not
     */
    public RtcpDropReason wrap(byte[] buf, int off, int len) {
        this.buf = buf;
        this.off = off;
        if (len < RtcpHeader.LENGTH || RtcpHeader.packetType(buf, off) != RtcpHeader.APP) {
            return RtcpDropReason.WRONG_TYPE;
        }
        body = RtcpHeader.lengthWithoutPadding(buf, off, len);
        if (body < 0) {
            return RtcpDropReason.BAD_PADDING;
        }
        if (body < FIXED_LENGTH) {
            return RtcpDropReason.TOO_SHORT;
        }
        return null;
    }

    /** The subtype (count field). */
    public int subtype() {
        return RtcpHeader.count(buf, off);
    }

    /** SSRC/CSRC. */
    public long ssrc() {
        return RtcpBytes.u32(buf, off + 4);
    }

    /** The four ASCII name characters as a big-endian 32-bit value. */
    public long name() {
        return RtcpBytes.u32(buf, off + 8);
    }

    /** Absolute offset of the application data. */
    public int dataOffset() {
        return off + FIXED_LENGTH;
    }

    /** Length of the application data (without padding). */
    public int dataLength() {
        return body - FIXED_LENGTH;
    }
}
