package io.github.wildfiresfu.media.rtcp;

/**
 * Reusable flyweight reader and static writer for a picture loss indication (PSFB, FMT 1,
 * RFC 4585 §6.3.1): the feedback header alone, asking the sender of the media source for a keyframe.
 */
public final class Pli {

    /** A PLI has no FCI. */
    public static final int LENGTH = 12;

    private byte[] buf;
    private int off;

    /**
     * Points the reader at the packet of {@code len} bytes at {@code buf[off]} and checks it.
     *
     * @return {@code null} when it is a well-formed PLI, else why not
     */
    public RtcpDropReason wrap(byte[] buf, int off, int len) {
        this.buf = buf;
        this.off = off;
        int body = FeedbackHeader.bodyLength(buf, off, len, RtcpHeader.PSFB, RtcpHeader.FMT_PLI);
        return body < 0 ? FeedbackHeader.reason(body) : null;
    }

    /** SSRC of the packet sender. */
    public long senderSsrc() {
        return RtcpBytes.u32(buf, off + 4);
    }

    /** SSRC of the media source that should send a keyframe. */
    public long mediaSsrc() {
        return RtcpBytes.u32(buf, off + 8);
    }

    /** Writes a PLI at {@code buf[off]} and returns 12. */
    public static int write(byte[] buf, int off, long senderSsrc, long mediaSsrc) {
        RtcpBytes.requireRoom(buf, off, LENGTH);
        FeedbackHeader.write(buf, off, RtcpHeader.FMT_PLI, RtcpHeader.PSFB, LENGTH, senderSsrc, mediaSsrc);
        return LENGTH;
    }
}
