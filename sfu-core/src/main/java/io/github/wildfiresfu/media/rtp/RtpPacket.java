package io.github.wildfiresfu.media.rtp;

/**
 * A reusable flyweight view of one RTP packet in a {@code byte[]} (RFC 3550 §5.1): header getters and
 * in-place setters, payload bounds, and RFC 8285 header-extension lookup. It copies nothing and
 * allocates nothing; {@link #wrap} re-points it at another packet.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           timestamp                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           synchronization source (SSRC) identifier            |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |            contributing source (CSRC) identifiers             |  CC times
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      defined by profile       |           length              |  if X
 * |                        header extension                       |  length words
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  payload ... | padding | count |                 if P
 * </pre>
 *
 * <p>{@link #wrap} validates the structure and returns a named {@link RtpDropReason} for a malformed
 * packet; it never throws for a buffer range that lies inside the array. The other getters assume a
 * valid packet. The setters write header fields in place; the bit setters ({@link #setPadding},
 * {@link #setExtension}, {@link #setCsrcCount}, {@link #setVersion}) change only the bit and do not
 * move bytes: call {@link #wrap} again after using them.
 *
 * <p>Not thread-safe; one instance per thread (or per component) is the intended use.
 */
public final class RtpPacket {

    /** Length of the fixed header. */
    public static final int FIXED_HEADER_LENGTH = 12;
    /** RFC 8285 §4.2 one-byte header extension profile. */
    public static final int ONE_BYTE_PROFILE = 0xBEDE;
    /** RFC 8285 §4.3 two-byte header extension profile, upper 12 bits ({@code 0x100} + 4 app bits). */
    public static final int TWO_BYTE_PROFILE = 0x1000;

    private byte[] buf;
    private int off;
    private int len;
    private int headerLength;
    private int paddingLength;
    private RtpDropReason dropReason = RtpDropReason.TOO_SHORT;
    private int foundExtensionLength;

    /**
     * Points this view at {@code len} bytes at {@code buf[off]} and validates the structure: version 2,
     * CSRC list, extension header and data, and padding count within bounds.
     *
     * @return {@code null} when the packet is well formed, else why it must be dropped
     */
    public RtpDropReason wrap(byte[] buf, int off, int len) {
        this.buf = buf;
        this.off = off;
        this.len = len;
        this.headerLength = 0;
        this.paddingLength = 0;
        this.dropReason = validate();
        return dropReason;
    }

    private RtpDropReason validate() {
        if (len < FIXED_HEADER_LENGTH) {
            return RtpDropReason.TOO_SHORT;
        }
        int b0 = buf[off] & 0xFF;
        if ((b0 >> 6) != 2) {
            return RtpDropReason.BAD_VERSION;
        }
        int h = FIXED_HEADER_LENGTH + 4 * (b0 & 0x0F);
        if (h > len) {
            return RtpDropReason.CSRC_OVERFLOW;
        }
        if ((b0 & 0x10) != 0) {
            if (h + 4 > len) {
                return RtpDropReason.EXTENSION_OVERFLOW;
            }
            int words = u16(buf, off + h + 2);
            h += 4 + 4 * words;
            if (h > len) {
                return RtpDropReason.EXTENSION_OVERFLOW;
            }
        }
        int pad = 0;
        if ((b0 & 0x20) != 0) {
            // RFC 3550 §5.1: the last octet counts the padding octets, itself included.
            pad = buf[off + len - 1] & 0xFF;
            if (pad == 0 || pad > len - h) {
                return RtpDropReason.BAD_PADDING;
            }
        }
        headerLength = h;
        paddingLength = pad;
        return null;
    }

    /** Whether the last {@link #wrap} found a well-formed packet. */
    public boolean isValid() {
        return dropReason == null;
    }

    /** Why the last {@link #wrap} refused the packet, or {@code null} if it is valid. */
    public RtpDropReason dropReason() {
        return dropReason;
    }

    /** The wrapped array. */
    public byte[] buffer() {
        return buf;
    }

    /** Offset of the packet in {@link #buffer()}. */
    public int offset() {
        return off;
    }

    /** Length of the whole packet (header, payload and padding). */
    public int length() {
        return len;
    }

    /** Version field (2 for every valid packet). */
    public int version() {
        return (buf[off] & 0xFF) >> 6;
    }

    /** P bit. */
    public boolean hasPadding() {
        return (buf[off] & 0x20) != 0;
    }

    /** X bit. */
    public boolean hasExtension() {
        return (buf[off] & 0x10) != 0;
    }

    /** CC field: number of CSRC identifiers. */
    public int csrcCount() {
        return buf[off] & 0x0F;
    }

    /** M bit. */
    public boolean marker() {
        return (buf[off + 1] & 0x80) != 0;
    }

    /** PT field, 0..127. */
    public int payloadType() {
        return buf[off + 1] & 0x7F;
    }

    /** Sequence number, 0..65535. */
    public int sequenceNumber() {
        return u16(buf, off + 2);
    }

    /** Timestamp as an unsigned 32-bit value in a long. */
    public long timestamp() {
        return u32(buf, off + 4);
    }

    /** SSRC as an unsigned 32-bit value in a long. */
    public long ssrc() {
        return u32(buf, off + 8);
    }

    /** CSRC number {@code i} (0-based, below {@link #csrcCount()}) as an unsigned value. */
    public long csrc(int i) {
        return u32(buf, off + FIXED_HEADER_LENGTH + 4 * i);
    }

    /** Length of the header: fixed part, CSRC list and extension. */
    public int headerLength() {
        return headerLength;
    }

    /** Absolute offset of the payload in {@link #buffer()}. */
    public int payloadOffset() {
        return off + headerLength;
    }

    /** Payload length, without header and padding. */
    public int payloadLength() {
        return len - headerLength - paddingLength;
    }

    /** Number of padding octets at the end (0 without the P bit). */
    public int paddingLength() {
        return paddingLength;
    }

    /** Sets the version bits (raw; re-{@link #wrap} afterwards). */
    public void setVersion(int version) {
        buf[off] = (byte) ((buf[off] & 0x3F) | ((version & 0x03) << 6));
    }

    /** Sets the P bit only (raw; does not add or remove padding; re-{@link #wrap} afterwards). */
    public void setPadding(boolean padding) {
        buf[off] = (byte) (padding ? buf[off] | 0x20 : buf[off] & ~0x20);
    }

    /** Sets the X bit only (raw; does not add or remove an extension; re-{@link #wrap} afterwards). */
    public void setExtension(boolean extension) {
        buf[off] = (byte) (extension ? buf[off] | 0x10 : buf[off] & ~0x10);
    }

    /** Sets the CC field only (raw; does not move bytes; re-{@link #wrap} afterwards). */
    public void setCsrcCount(int count) {
        buf[off] = (byte) ((buf[off] & 0xF0) | (count & 0x0F));
    }

    /** Sets the M bit. */
    public void setMarker(boolean marker) {
        buf[off + 1] = (byte) (marker ? buf[off + 1] | 0x80 : buf[off + 1] & 0x7F);
    }

    /** Sets the payload type (0..127), keeping the marker bit. */
    public void setPayloadType(int pt) {
        buf[off + 1] = (byte) ((buf[off + 1] & 0x80) | (pt & 0x7F));
    }

    /** Sets the sequence number (low 16 bits of {@code seq}). */
    public void setSequenceNumber(int seq) {
        buf[off + 2] = (byte) (seq >> 8);
        buf[off + 3] = (byte) seq;
    }

    /** Sets the timestamp (low 32 bits of {@code ts}). */
    public void setTimestamp(long ts) {
        putU32(buf, off + 4, ts);
    }

    /** Sets the SSRC (low 32 bits of {@code ssrc}). */
    public void setSsrc(long ssrc) {
        putU32(buf, off + 8, ssrc);
    }

    /** The "defined by profile" field of the header extension, or -1 without one. */
    public int extensionProfile() {
        if (!hasExtension()) {
            return -1;
        }
        return u16(buf, off + FIXED_HEADER_LENGTH + 4 * csrcCount());
    }

    /** Absolute offset of the extension data (after its 4-byte header), or -1 without extension. */
    public int extensionDataOffset() {
        if (!hasExtension()) {
            return -1;
        }
        return off + FIXED_HEADER_LENGTH + 4 * csrcCount() + 4;
    }

    /** Length in bytes of the extension data (after its 4-byte header), 0 without extension. */
    public int extensionDataLength() {
        if (!hasExtension()) {
            return 0;
        }
        return 4 * u16(buf, off + FIXED_HEADER_LENGTH + 4 * csrcCount() + 2);
    }

    /**
     * Finds the RFC 8285 header extension element with local identifier {@code id} (1..14 for the
     * one-byte form, 1..255 for the two-byte form) and returns the absolute offset of its value;
     * {@link #foundExtensionLength()} then gives the value length. Returns -1 when the packet has no
     * RFC 8285 extension block, the id is absent, or the elements are malformed (an element running
     * past the block is never returned). Padding bytes (id 0) are skipped; in the one-byte form id 15
     * stops the parse (RFC 8285 §4.2).
     */
    public int findExtension(int id) {
        foundExtensionLength = 0;
        if (!isValid() || !hasExtension() || id <= 0) {
            return -1;
        }
        int profile = extensionProfile();
        int p = extensionDataOffset();
        int end = p + extensionDataLength();
        if (profile == ONE_BYTE_PROFILE) {
            if (id > 14) {
                return -1;
            }
            while (p < end) {
                int b = buf[p] & 0xFF;
                if (b == 0) {
                    p++;
                    continue;
                }
                int elementId = b >> 4;
                if (elementId == 15) {
                    return -1;
                }
                int l = (b & 0x0F) + 1;
                if (p + 1 + l > end) {
                    return -1;
                }
                if (elementId == id) {
                    foundExtensionLength = l;
                    return p + 1;
                }
                p += 1 + l;
            }
            return -1;
        }
        if ((profile & 0xFFF0) == TWO_BYTE_PROFILE) {
            if (id > 255) {
                return -1;
            }
            while (p < end) {
                int elementId = buf[p] & 0xFF;
                if (elementId == 0) {
                    p++;
                    continue;
                }
                if (p + 2 > end) {
                    return -1;
                }
                int l = buf[p + 1] & 0xFF;
                if (p + 2 + l > end) {
                    return -1;
                }
                if (elementId == id) {
                    foundExtensionLength = l;
                    return p + 2;
                }
                p += 2 + l;
            }
        }
        return -1;
    }

    /** Value length of the element the last successful {@link #findExtension} found (0 otherwise). */
    public int foundExtensionLength() {
        return foundExtensionLength;
    }

    /**
     * Writes a 12-byte fixed header (V=2, no padding, extension or CSRC) at {@code buf[off]} and
     * returns 12. For building packets in tests, probes and generators.
     */
    public static int writeFixedHeader(byte[] buf, int off, boolean marker, int payloadType, int seq,
            long timestamp, long ssrc) {
        buf[off] = (byte) 0x80;
        buf[off + 1] = (byte) ((marker ? 0x80 : 0) | (payloadType & 0x7F));
        buf[off + 2] = (byte) (seq >> 8);
        buf[off + 3] = (byte) seq;
        putU32(buf, off + 4, timestamp);
        putU32(buf, off + 8, ssrc);
        return FIXED_HEADER_LENGTH;
    }

    @Override
    public String toString() {
        if (buf == null) {
            return "RtpPacket[unwrapped]";
        }
        if (!isValid()) {
            return "RtpPacket[invalid: " + dropReason + ", length=" + len + "]";
        }
        return "RtpPacket[pt=" + payloadType() + ", seq=" + sequenceNumber() + ", ts=" + timestamp()
                + ", ssrc=" + ssrc() + ", marker=" + marker() + ", header=" + headerLength
                + ", payload=" + payloadLength() + ", padding=" + paddingLength + "]";
    }

    static int u16(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }

    static long u32(byte[] b, int i) {
        return ((long) (b[i] & 0xFF) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8)
                | (b[i + 3] & 0xFF);
    }

    static void putU32(byte[] b, int i, long v) {
        b[i] = (byte) (v >> 24);
        b[i + 1] = (byte) (v >> 16);
        b[i + 2] = (byte) (v >> 8);
        b[i + 3] = (byte) v;
    }
}
