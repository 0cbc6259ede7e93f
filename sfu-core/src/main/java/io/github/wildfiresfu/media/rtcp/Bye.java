package io.github.wildfiresfu.media.rtcp;

import java.nio.charset.StandardCharsets;

/**
 * Reusable flyweight reader and static writer for an RTCP goodbye (PT 203, RFC 3550 §6.6): the count
 * field is the number of SSRC/CSRC identifiers that follow; an optional reason (length octet and
 * text) may come after them.
 */
public final class Bye {

    private byte[] buf;
    private int off;
    private int reasonOffset;
    private int reasonLength;

    /**
     * Points the reader at the packet of {@code len} bytes at {@code buf[off]} and checks it.
     *
     * @return {@code null} when it is a well-formed BYE, else why not
     */
    public RtcpDropReason wrap(byte[] buf, int off, int len) {
        this.buf = buf;
        this.off = off;
        this.reasonOffset = -1;
        this.reasonLength = 0;
        if (len < RtcpHeader.LENGTH || RtcpHeader.packetType(buf, off) != RtcpHeader.BYE) {
            return RtcpDropReason.WRONG_TYPE;
        }
        int body = RtcpHeader.lengthWithoutPadding(buf, off, len);
        if (body < 0) {
            return RtcpDropReason.BAD_PADDING;
        }
        int p = RtcpHeader.LENGTH + 4 * ssrcCount();
        if (p > body) {
            return RtcpDropReason.TRUNCATED_BODY;
        }
        if (p < body) {
            int l = buf[off + p] & 0xFF;
            if (p + 1 + l > body) {
                return RtcpDropReason.MALFORMED_BYE;
            }
            reasonOffset = off + p + 1;
            reasonLength = l;
        }
        return null;
    }

    /** Number of SSRC/CSRC identifiers. */
    public int ssrcCount() {
        return RtcpHeader.count(buf, off);
    }

    /** Identifier {@code i}. */
    public long ssrc(int i) {
        return RtcpBytes.u32(buf, off + RtcpHeader.LENGTH + 4 * i);
    }

    /** Absolute offset of the reason text, or -1 without a reason. */
    public int reasonOffset() {
        return reasonOffset;
    }

    /** Length of the reason text (0 without a reason). */
    public int reasonLength() {
        return reasonLength;
    }

    /** The reason as UTF-8 text, or {@code null} (allocates). */
    public String reason() {
        return reasonOffset < 0 ? null : new String(buf, reasonOffset, reasonLength, StandardCharsets.UTF_8);
    }

    /**
     * Writes a BYE for {@code count} SSRCs with an optional reason ({@code null} for none) at
     * {@code buf[off]}.
     *
     * @return bytes written
     */
    public static int write(byte[] buf, int off, long[] ssrcs, int count, byte[] reason) {
        if (count < 0 || count > 31) {
            throw new IllegalArgumentException("a BYE holds 0..31 SSRCs, got " + count);
        }
        int reasonLen = reason == null ? 0 : reason.length;
        if (reasonLen > 255) {
            throw new IllegalArgumentException("a BYE reason holds at most 255 bytes, got " + reasonLen);
        }
        int length = RtcpHeader.LENGTH + 4 * count + (reason == null ? 0 : (1 + reasonLen + 3) & ~3);
        RtcpBytes.requireRoom(buf, off, length);
        RtcpHeader.write(buf, off, count, RtcpHeader.BYE, length);
        int p = off + RtcpHeader.LENGTH;
        for (int i = 0; i < count; i++) {
            RtcpBytes.put32(buf, p, ssrcs[i]);
            p += 4;
        }
        if (reason != null) {
            buf[p++] = (byte) reasonLen;
            System.arraycopy(reason, 0, buf, p, reasonLen);
            p += reasonLen;
            while (p < off + length) {
                buf[p++] = 0;
            }
        }
        return length;
    }
}
