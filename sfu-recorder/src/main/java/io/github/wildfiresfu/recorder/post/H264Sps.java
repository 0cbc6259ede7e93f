package io.github.wildfiresfu.recorder.post;

/**
 * The picture size from an H.264 sequence parameter set (ITU-T H.264 §7.3.2.1.1, cropping per §7.4.2.1.1):
 * enough of the SPS to size an MP4 track.
 *
 * @param profileIdc profile_idc
 * @param width      luma width after cropping
 * @param height     luma height after cropping
 */
public record H264Sps(int profileIdc, int width, int height) {

    /**
     * Parses an SPS NAL unit (header byte included). Returns null when it is too short or inconsistent.
     */
    public static H264Sps parse(byte[] nal, int off, int len) {
        try {
            BitReader r = new BitReader(unescape(nal, off + 1, len - 1));
            int profile = r.bits(8);
            r.bits(8); // constraint flags
            r.bits(8); // level_idc
            r.ue(); // seq_parameter_set_id
            int chromaFormat = 1;
            boolean separateColourPlanes = false;
            if (profile == 100 || profile == 110 || profile == 122 || profile == 244 || profile == 44
                    || profile == 83 || profile == 86 || profile == 118 || profile == 128 || profile == 138
                    || profile == 139 || profile == 134 || profile == 135) {
                chromaFormat = r.ue();
                if (chromaFormat == 3) {
                    separateColourPlanes = r.bit() == 1;
                }
                r.ue(); // bit_depth_luma_minus8
                r.ue(); // bit_depth_chroma_minus8
                r.bit(); // qpprime_y_zero_transform_bypass_flag
                if (r.bit() == 1) { // seq_scaling_matrix_present_flag
                    int lists = chromaFormat != 3 ? 8 : 12;
                    for (int i = 0; i < lists; i++) {
                        if (r.bit() == 1) {
                            skipScalingList(r, i < 6 ? 16 : 64);
                        }
                    }
                }
            }
            r.ue(); // log2_max_frame_num_minus4
            int pocType = r.ue();
            if (pocType == 0) {
                r.ue(); // log2_max_pic_order_cnt_lsb_minus4
            } else if (pocType == 1) {
                r.bit(); // delta_pic_order_always_zero_flag
                r.se(); // offset_for_non_ref_pic
                r.se(); // offset_for_top_to_bottom_field
                int n = r.ue();
                if (n > 255) {
                    return null;
                }
                for (int i = 0; i < n; i++) {
                    r.se();
                }
            }
            r.ue(); // max_num_ref_frames
            r.bit(); // gaps_in_frame_num_value_allowed_flag
            int widthMbs = r.ue() + 1;
            int heightMapUnits = r.ue() + 1;
            int frameMbsOnly = r.bit();
            if (frameMbsOnly == 0) {
                r.bit(); // mb_adaptive_frame_field_flag
            }
            r.bit(); // direct_8x8_inference_flag
            int cropLeft = 0;
            int cropRight = 0;
            int cropTop = 0;
            int cropBottom = 0;
            if (r.bit() == 1) {
                cropLeft = r.ue();
                cropRight = r.ue();
                cropTop = r.ue();
                cropBottom = r.ue();
            }
            int chromaArrayType = separateColourPlanes ? 0 : chromaFormat;
            int subWidthC = chromaFormat == 3 ? 1 : 2;
            int subHeightC = chromaFormat == 1 ? 2 : 1;
            int cropUnitX = chromaArrayType == 0 ? 1 : subWidthC;
            int cropUnitY = chromaArrayType == 0 ? 2 - frameMbsOnly : subHeightC * (2 - frameMbsOnly);
            int width = widthMbs * 16 - cropUnitX * (cropLeft + cropRight);
            int height = (2 - frameMbsOnly) * heightMapUnits * 16 - cropUnitY * (cropTop + cropBottom);
            if (width <= 0 || height <= 0 || width > 16384 || height > 16384) {
                return null;
            }
            return new H264Sps(profile, width, height);
        } catch (IndexOutOfBoundsException e) {
            return null;
        }
    }

    private static void skipScalingList(BitReader r, int size) {
        int last = 8;
        int next = 8;
        for (int j = 0; j < size; j++) {
            if (next != 0) {
                next = (last + r.se() + 256) % 256;
            }
            last = next == 0 ? last : next;
        }
    }

    /** Removes emulation prevention bytes ({@code 00 00 03} → {@code 00 00}, §7.4.1). */
    static byte[] unescape(byte[] b, int off, int len) {
        byte[] out = new byte[Math.max(0, len)];
        int n = 0;
        int zeros = 0;
        for (int i = off; i < off + len; i++) {
            int v = b[i] & 0xFF;
            if (zeros >= 2 && v == 3) {
                zeros = 0;
                continue;
            }
            out[n++] = (byte) v;
            zeros = v == 0 ? zeros + 1 : 0;
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /** Reads bits and Exp-Golomb codes (§9.1) MSB first; throws IndexOutOfBounds past the end. */
    static final class BitReader {
        private final byte[] b;
        private int bit;

        BitReader(byte[] b) {
            this.b = b;
        }

        int bit() {
            int v = (b[bit >>> 3] >>> (7 - (bit & 7))) & 1;
            bit++;
            return v;
        }

        int bits(int n) {
            int v = 0;
            for (int i = 0; i < n; i++) {
                v = (v << 1) | bit();
            }
            return v;
        }

        int ue() {
            int zeros = 0;
            while (bit() == 0) {
                if (++zeros > 31) {
                    throw new IndexOutOfBoundsException("Exp-Golomb code too long");
                }
            }
            return (int) ((1L << zeros) - 1 + (zeros == 0 ? 0 : Integer.toUnsignedLong(bits(zeros))));
        }

        int se() {
            int k = ue();
            return (k & 1) == 1 ? (k + 1) / 2 : -(k / 2);
        }
    }
}
