package io.github.wildfiresfu.media.rtp;

/**
 * Does this RTP payload start a key frame? The per-codec tests a simulcast forwarder switches on
 * (Janus {@code src/utils.c}: {@code janus_vp8_is_keyframe}, {@code janus_h264_is_keyframe},
 * {@code janus_vp9_is_keyframe}, {@code janus_av1_is_keyframe}, {@code janus_h265_is_keyframe}), reading only the payload's first
 * bytes. Every method takes the payload range of a valid RTP packet and returns {@code false} for
 * anything too short to tell; none allocates or throws for a range inside the array.
 */
public final class VideoKeyframes {

    private static final int H264_SPS = 7;
    private static final int H264_STAP_A = 24;
    private static final int H264_FU_A = 28;
    private static final int H264_FU_B = 29;
    private static final int H265_VPS = 32;
    private static final int H265_SPS = 33;
    private static final int H265_AP = 48;
    private static final int H265_FU = 49;

    private VideoKeyframes() {
    }

    /**
     * H.264 (RFC 6184 §5): the payload carries a sequence parameter set (NAL type 7), alone, in a
     * STAP-A aggregate (§5.7.1), or as the start of a fragmented unit (FU-A/FU-B, §5.8). As in
     * Janus, only an SPS counts: an IDR picture without the SPS/PPS of its layer cannot be decoded
     * by a receiver that switches from another simulcast layer (Janus issue #1552).
     */
    public static boolean isH264Keyframe(byte[] buf, int off, int len) {
        if (len < 1) {
            return false;
        }
        int type = buf[off] & 0x1F;
        if (type == H264_SPS) {
            return true;
        }
        if (type == H264_FU_A || type == H264_FU_B) {
            if (len < 2) {
                return false;
            }
            int fu = buf[off + 1] & 0xFF;
            return (fu & 0x80) != 0 && (fu & 0x1F) == H264_SPS;
        }
        if (type == H264_STAP_A) {
            int p = off + 1;
            int end = off + len;
            while (p + 3 <= end) {
                int size = ((buf[p] & 0xFF) << 8) | (buf[p + 1] & 0xFF);
                if (size == 0 || p + 2 + size > end) {
                    return false;
                }
                if ((buf[p + 2] & 0x1F) == H264_SPS) {
                    return true;
                }
                p += 2 + size;
            }
        }
        return false;
    }

    /**
     * VP9 (RFC 9628 §4.2): the payload descriptor starts a frame (B bit) that is not
     * inter-picture predicted (P bit clear) on spatial layer 0 (when layer indices are present).
     */
    public static boolean isVp9Keyframe(byte[] buf, int off, int len) {
        if (len < 1) {
            return false;
        }
        int b0 = buf[off] & 0xFF;
        boolean pictureId = (b0 & 0x80) != 0;
        boolean predicted = (b0 & 0x40) != 0;
        boolean layers = (b0 & 0x20) != 0;
        boolean beginning = (b0 & 0x08) != 0;
        if (predicted || !beginning) {
            return false;
        }
        if (!layers) {
            return true;
        }
        int p = off + 1;
        if (pictureId) {
            if (p >= off + len) {
                return false;
            }
            p += (buf[p] & 0x80) != 0 ? 2 : 1;
        }
        if (p >= off + len) {
            return false;
        }
        int spatialId = ((buf[p] & 0xFF) >> 1) & 0x07;
        return spatialId == 0;
    }

    /**
     * H.265 (RFC 7798 §4.4): the payload carries a video or sequence parameter set (NAL types 32,
     * 33), alone, in an aggregation packet (§4.4.2) or as the start of a fragmentation unit
     * (§4.4.3); as for H.264, a receiver switching layers needs the parameter sets.
     */
    public static boolean isH265Keyframe(byte[] buf, int off, int len) {
        if (len < 2) {
            return false;
        }
        int type = (buf[off] >> 1) & 0x3F;
        if (isH265ParameterSet(type)) {
            return true;
        }
        if (type == H265_FU) {
            if (len < 3) {
                return false;
            }
            int fu = buf[off + 2] & 0xFF;
            return (fu & 0x80) != 0 && isH265ParameterSet(fu & 0x3F);
        }
        if (type == H265_AP) {
            int p = off + 2;
            int end = off + len;
            while (p + 3 <= end) {
                int size = ((buf[p] & 0xFF) << 8) | (buf[p + 1] & 0xFF);
                if (size == 0 || p + 2 + size > end) {
                    return false;
                }
                if (isH265ParameterSet((buf[p + 2] >> 1) & 0x3F)) {
                    return true;
                }
                p += 2 + size;
            }
        }
        return false;
    }

    private static boolean isH265ParameterSet(int type) {
        return type == H265_VPS || type == H265_SPS;
    }

    /**
     * AV1 (RTP Payload Format for AV1, §4.4): the aggregation header's N bit marks the first packet
     * of a coded video sequence, which starts with a key frame.
     */
    public static boolean isAv1Keyframe(byte[] buf, int off, int len) {
        return len >= 1 && (buf[off] & 0x08) != 0;
    }
}
