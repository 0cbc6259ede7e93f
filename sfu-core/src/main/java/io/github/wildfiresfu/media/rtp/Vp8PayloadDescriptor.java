package io.github.wildfiresfu.media.rtp;

/**
 * A reusable flyweight view of the VP8 payload descriptor at the start of an RTP payload
 * (RFC 7741 §4.2), with the key-frame test of the VP8 payload header that follows it (§4.3), and
 * in-place setters for the two fields a forwarder renumbers: PictureID and TL0PICIDX.
 *
 * <pre>
 *        0 1 2 3 4 5 6 7
 *       +-+-+-+-+-+-+-+-+
 *       |X|R|N|S|R| PID | (REQUIRED)
 *       +-+-+-+-+-+-+-+-+
 *  X:   |I|L|T|K| RSV   | (OPTIONAL)
 *       +-+-+-+-+-+-+-+-+
 *  I:   |M| PictureID   | (OPTIONAL; 7 bits, or 15 bits when M is set)
 *       +-+-+-+-+-+-+-+-+
 *       |   PictureID   |
 *       +-+-+-+-+-+-+-+-+
 *  L:   |   TL0PICIDX   | (OPTIONAL)
 *       +-+-+-+-+-+-+-+-+
 *  T/K: |TID|Y| KEYIDX  | (OPTIONAL)
 *       +-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>{@link #wrap} validates that every announced field lies inside the payload and returns
 * {@code false} otherwise; it never throws for a range inside the array. Getters assume a
 * successful wrap. Allocation-free; not thread-safe (one instance per event loop).
 */
public final class Vp8PayloadDescriptor {

    private byte[] buf;
    private int off;
    private int len;
    private boolean valid;
    private int length;
    private int pictureIdOffset;
    private boolean longPictureId;
    private int tl0PicIdxOffset;
    private int tidOffset;
    private boolean hasTid;

    /**
     * Points this view at an RTP payload of {@code len} bytes at {@code buf[off]}.
     *
     * @return whether the descriptor is complete (all announced fields present and at least one
     *         payload byte after it)
     */
    public boolean wrap(byte[] buf, int off, int len) {
        this.buf = buf;
        this.off = off;
        this.len = len;
        this.pictureIdOffset = -1;
        this.tl0PicIdxOffset = -1;
        this.tidOffset = -1;
        this.hasTid = false;
        this.longPictureId = false;
        this.valid = parse();
        return valid;
    }

    private boolean parse() {
        if (len < 1) {
            return false;
        }
        int p = off;
        int end = off + len;
        int b0 = buf[p++] & 0xFF;
        if ((b0 & 0x80) != 0) {
            if (p >= end) {
                return false;
            }
            int x = buf[p++] & 0xFF;
            if ((x & 0x80) != 0) {
                if (p >= end) {
                    return false;
                }
                pictureIdOffset = p;
                longPictureId = (buf[p] & 0x80) != 0;
                p += longPictureId ? 2 : 1;
            }
            if ((x & 0x40) != 0) {
                tl0PicIdxOffset = p++;
            }
            if ((x & 0x30) != 0) {
                // The TID/Y/KEYIDX octet is there when T or K is set; TID means something only with T.
                tidOffset = p++;
                hasTid = (x & 0x20) != 0;
            }
        }
        length = p - off;
        // At least one byte of VP8 payload must follow the descriptor.
        return p < end;
    }

    /** Whether the last {@link #wrap} found a complete descriptor. */
    public boolean isValid() {
        return valid;
    }

    /** Length of the descriptor in bytes; the VP8 payload starts right after it. */
    public int length() {
        return length;
    }

    /** S bit: the packet starts a VP8 partition. */
    public boolean startOfPartition() {
        return (buf[off] & 0x10) != 0;
    }

    /** PID: the partition index (0 for the first partition of a frame). */
    public int partitionId() {
        return buf[off] & 0x07;
    }

    /** Whether the packet starts a frame: S set and partition 0. */
    public boolean startOfFrame() {
        return startOfPartition() && partitionId() == 0;
    }

    /** Whether a PictureID is present (I bit). */
    public boolean hasPictureId() {
        return pictureIdOffset >= 0;
    }

    /** Whether the PictureID is 15 bits (M bit), else 7. */
    public boolean longPictureId() {
        return longPictureId;
    }

    /** The PictureID (7 or 15 bits), or -1 without one. */
    public int pictureId() {
        if (pictureIdOffset < 0) {
            return -1;
        }
        if (longPictureId) {
            return ((buf[pictureIdOffset] & 0x7F) << 8) | (buf[pictureIdOffset + 1] & 0xFF);
        }
        return buf[pictureIdOffset] & 0x7F;
    }

    /** Writes a PictureID in place, in the field's own width (the value is taken modulo 2^7 or 2^15). */
    public void setPictureId(int pictureId) {
        if (pictureIdOffset < 0) {
            return;
        }
        if (longPictureId) {
            buf[pictureIdOffset] = (byte) (0x80 | ((pictureId >> 8) & 0x7F));
            buf[pictureIdOffset + 1] = (byte) pictureId;
        } else {
            buf[pictureIdOffset] = (byte) (pictureId & 0x7F);
        }
    }

    /** Whether a TL0PICIDX is present (L bit). */
    public boolean hasTl0PicIdx() {
        return tl0PicIdxOffset >= 0;
    }

    /** TL0PICIDX (8 bits), or -1 without one. */
    public int tl0PicIdx() {
        return tl0PicIdxOffset < 0 ? -1 : buf[tl0PicIdxOffset] & 0xFF;
    }

    /** Writes TL0PICIDX in place (modulo 2^8). */
    public void setTl0PicIdx(int tl0PicIdx) {
        if (tl0PicIdxOffset >= 0) {
            buf[tl0PicIdxOffset] = (byte) tl0PicIdx;
        }
    }

    /** The temporal layer index TID (0..3), or -1 when the T bit is not set. */
    public int temporalLayer() {
        return hasTid ? (buf[tidOffset] & 0xFF) >> 6 : -1;
    }

    /** Y bit: the frame depends only on the base temporal layer (meaningful with a TID). */
    public boolean layerSync() {
        return hasTid && (buf[tidOffset] & 0x20) != 0;
    }

    /**
     * Whether the packet starts a key frame: it starts partition 0 and the VP8 payload header's
     * inverse key frame flag P is 0 (RFC 7741 §4.3); the key frame start code
     * {@code 9d 01 2a} (RFC 6386 §9.1) is checked too when the bytes are there, so a corrupt or
     * truncated header is not taken for a key frame.
     */
    public boolean isKeyframe() {
        if (!valid || !startOfFrame()) {
            return false;
        }
        int p = off + length;
        int end = off + len;
        if ((buf[p] & 0x01) != 0) {
            return false;
        }
        if (p + 6 > end) {
            return false;
        }
        return (buf[p + 3] & 0xFF) == 0x9D && (buf[p + 4] & 0xFF) == 0x01 && (buf[p + 5] & 0xFF) == 0x2A;
    }
}
