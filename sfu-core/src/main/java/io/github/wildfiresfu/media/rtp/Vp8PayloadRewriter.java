package io.github.wildfiresfu.media.rtp;

/**
 * Keeps the VP8 PictureID and TL0PICIDX of one outgoing stream continuous while its source
 * changes (a simulcast substream switch, a republish), so that the receiver's VP8 reference
 * tracking (RFC 7741 §4.2: frames are identified by PictureID, temporal base layer frames by
 * TL0PICIDX) sees one stream instead of jumps it would read as lost frames.
 *
 * <p><b>Semantics</b> (as Janus's {@code janus_vp8_simulcast_descriptor_update},
 * {@code src/utils.c}). The source is identified by the SSRC the packet had before renumbering.
 * The first source keeps its own values. The first packet of each later source gets the highest
 * PictureID sent so far plus one and the highest TL0PICIDX sent so far plus one (the new source
 * starts on a key frame, which is a base-layer frame); later packets of that source keep their
 * distance to its first packet. PictureIDs are written in the width the packet uses (7 or 15
 * bits, RFC 7741 §4.2 M bit) and wrap there; TL0PICIDX wraps at 256. Frames a forwarder leaves
 * out on purpose (temporal layers above a subscriber's target) leave PictureID gaps, as with
 * Janus: receivers treat a missing picture of a higher temporal layer as not needed.
 *
 * <p>Modifies the payload it is given in place; allocation-free and lock-free; confined to the
 * thread of the stream that owns it.
 */
public final class Vp8PayloadRewriter {

    private static final int PICTURE_ID_MODULUS = 1 << 15;

    private final Vp8PayloadDescriptor descriptor = new Vp8PayloadDescriptor();
    private boolean started;
    private boolean rebaseRequested;
    private long sourceSsrc;
    private boolean pictureIdSeen;
    private int basePictureIdIn;
    private int basePictureIdOut;
    private int highestPictureIdOut;
    private boolean tl0Seen;
    private int baseTl0In;
    private int baseTl0Out;
    private int highestTl0Out;

    /**
     * Rewrites PictureID and TL0PICIDX of the VP8 payload at {@code buf[off, off + len)} in place.
     *
     * @param sourceSsrc the SSRC of the packet as it arrived (before the stream's renumbering)
     * @return whether the payload had a valid VP8 payload descriptor (left unchanged if not)
     */
    public boolean rewrite(byte[] buf, int off, int len, long sourceSsrc) {
        Vp8PayloadDescriptor d = descriptor;
        if (!d.wrap(buf, off, len)) {
            return false;
        }
        boolean newSource = !started || rebaseRequested || sourceSsrc != this.sourceSsrc;
        if (newSource) {
            this.sourceSsrc = sourceSsrc;
            rebaseRequested = false;
            if (started) {
                // The next source continues after what was sent; the first source keeps its values.
                basePictureIdOut = pictureIdSeen ? (highestPictureIdOut + 1) % PICTURE_ID_MODULUS : -1;
                baseTl0Out = tl0Seen ? (highestTl0Out + 1) & 0xFF : -1;
            } else {
                basePictureIdOut = -1;
                baseTl0Out = -1;
            }
            basePictureIdIn = -1;
            baseTl0In = -1;
            started = true;
        }
        if (d.hasPictureId()) {
            int in = d.pictureId();
            int modulus = d.longPictureId() ? PICTURE_ID_MODULUS : 128;
            if (basePictureIdIn < 0) {
                basePictureIdIn = in;
                if (basePictureIdOut < 0) {
                    basePictureIdOut = in;
                }
            }
            int out = (basePictureIdOut + Math.floorMod(in - basePictureIdIn, modulus)) % PICTURE_ID_MODULUS;
            d.setPictureId(out);
            if (!pictureIdSeen || isNewer(out, highestPictureIdOut, PICTURE_ID_MODULUS)) {
                highestPictureIdOut = out;
            }
            pictureIdSeen = true;
        }
        if (d.hasTl0PicIdx()) {
            int in = d.tl0PicIdx();
            if (baseTl0In < 0) {
                baseTl0In = in;
                if (baseTl0Out < 0) {
                    baseTl0Out = in;
                }
            }
            int out = (baseTl0Out + in - baseTl0In) & 0xFF;
            d.setTl0PicIdx(out);
            if (!tl0Seen || isNewer(out, highestTl0Out, 256)) {
                highestTl0Out = out;
            }
            tl0Seen = true;
        }
        return true;
    }

    /**
     * Makes the next packet start a new source even with the same SSRC (the publisher restarted
     * its stream, or the subscriber's stream resumes after a pause on a key frame).
     */
    public void markSourceChanged() {
        rebaseRequested = true;
    }

    /** Highest PictureID written (15-bit space), or -1 before any. */
    public int highestPictureId() {
        return pictureIdSeen ? highestPictureIdOut : -1;
    }

    /** Highest TL0PICIDX written, or -1 before any. */
    public int highestTl0PicIdx() {
        return tl0Seen ? highestTl0Out : -1;
    }

    /** Serial-number comparison (RFC 1982) in a space of {@code modulus} values. */
    private static boolean isNewer(int a, int b, int modulus) {
        int d = Math.floorMod(a - b, modulus);
        return d != 0 && d < modulus / 2;
    }
}
