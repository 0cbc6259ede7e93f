package io.github.wildfiresfu.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RFC 7741 §4.2 payload descriptors as a table (every optional field, both PictureID widths,
 * truncations), the §4.3 / RFC 6386 §9.1 keyframe test, in-place PictureID and TL0PICIDX
 * writes, and the keyframe tests of the other codecs ({@link VideoKeyframes}).
 */
class Vp8PayloadDescriptorTest {

    /** One descriptor: hex bytes (descriptor then payload) and what the view must read. */
    private record Row(String name, String hex, boolean valid, int length, boolean start, int pid, int pictureId,
            boolean longPictureId, int tl0, int tid, boolean sync, boolean keyframe) {
    }

    private static final String KEY_HEADER = "9c 01 00 9d 01 2a 80 02 e0 01";
    private static final String DELTA_HEADER = "31 02 00 00";

    private static final List<Row> ROWS = List.of(
            // X R N S R PID: S=1 PID=0, no extension, then a keyframe header (P bit 0, start code).
            new Row("minimal keyframe", "10 " + KEY_HEADER, true, 1, true, 0, -1, false, -1, -1, false, true),
            new Row("minimal delta", "10 " + DELTA_HEADER, true, 1, true, 0, -1, false, -1, -1, false, false),
            new Row("continuation of partition 1", "01 aa bb", true, 1, false, 1, -1, false, -1, -1, false, false),
            new Row("7-bit picture id", "90 80 5a " + DELTA_HEADER, true, 3, true, 0, 0x5a, false, -1, -1, false,
                    false),
            new Row("15-bit picture id", "90 80 ab cd " + DELTA_HEADER, true, 4, true, 0, 0x2bcd, true, -1, -1, false,
                    false),
            new Row("all fields, TID 2 Y", "90 f0 80 01 07 a5 " + DELTA_HEADER, true, 6, true, 0, 1, true, 7, 2, true,
                    false),
            new Row("all fields keyframe TL0", "90 f0 ff ff 00 00 " + KEY_HEADER, true, 6, true, 0, 0x7fff, true, 0, 0,
                    false, true),
            new Row("K without T: octet there, no TID", "90 10 5f " + DELTA_HEADER, true, 3, true, 0, -1, false, -1,
                    -1, false, false),
            new Row("keyframe bit but no start code", "10 9c 01 00 00 00 00", true, 1, true, 0, -1, false, -1, -1,
                    false, false),
            new Row("keyframe header in partition 1 is not a start", "11 " + KEY_HEADER, true, 1, true, 1, -1, false,
                    -1, -1, false, false),
            new Row("X announced, missing", "90", false, 0, true, 0, -1, false, -1, -1, false, false),
            new Row("I announced, missing", "90 80", false, 0, true, 0, -1, false, -1, -1, false, false),
            new Row("15-bit picture id cut", "90 80 ab", false, 0, true, 0, -1, false, -1, -1, false, false),
            new Row("no payload after the descriptor", "90 e0 80 01 07 a5", false, 0, true, 0, -1, false, -1, -1,
                    false, false),
            new Row("empty", "", false, 0, false, 0, -1, false, -1, -1, false, false));

    @Test
    void descriptorTable() {
        Vp8PayloadDescriptor d = new Vp8PayloadDescriptor();
        for (Row r : ROWS) {
            byte[] b = Hex.bytes("ee ee " + r.hex() + " ee");
            // Payload at offset 2, one byte of something else after it: the view must stay inside.
            int len = b.length - 3;
            assertThat(d.wrap(b, 2, len)).as(r.name()).isEqualTo(r.valid());
            assertThat(d.isValid()).as(r.name()).isEqualTo(r.valid());
            assertThat(d.isKeyframe()).as(r.name() + " keyframe").isEqualTo(r.keyframe());
            if (!r.valid()) {
                continue;
            }
            assertThat(d.length()).as(r.name() + " length").isEqualTo(r.length());
            assertThat(d.startOfPartition()).as(r.name()).isEqualTo(r.start());
            assertThat(d.partitionId()).as(r.name()).isEqualTo(r.pid());
            assertThat(d.pictureId()).as(r.name() + " picture id").isEqualTo(r.pictureId());
            assertThat(d.hasPictureId()).as(r.name()).isEqualTo(r.pictureId() >= 0);
            assertThat(d.longPictureId()).as(r.name()).isEqualTo(r.longPictureId());
            assertThat(d.tl0PicIdx()).as(r.name() + " tl0").isEqualTo(r.tl0());
            assertThat(d.temporalLayer()).as(r.name() + " tid").isEqualTo(r.tid());
            assertThat(d.layerSync()).as(r.name() + " Y").isEqualTo(r.sync());
        }
    }

    @Test
    void pictureIdAndTl0AreWrittenInPlaceInTheirOwnWidth() {
        Vp8PayloadDescriptor d = new Vp8PayloadDescriptor();
        byte[] longId = Hex.bytes("90 e0 80 01 07 a5 " + DELTA_HEADER);
        assertThat(d.wrap(longId, 0, longId.length)).isTrue();
        d.setPictureId(0x7fff + 3);
        d.setTl0PicIdx(256 + 9);
        assertThat(Hex.of(longId, 0, 6)).isEqualTo("90e080020" + "9a5");
        assertThat(d.pictureId()).isEqualTo(2);
        assertThat(d.tl0PicIdx()).isEqualTo(9);

        byte[] shortId = Hex.bytes("90 80 5a " + DELTA_HEADER);
        assertThat(d.wrap(shortId, 0, shortId.length)).isTrue();
        d.setPictureId(130);
        d.setTl0PicIdx(5);
        assertThat(Hex.of(shortId, 0, 3)).as("7 bits, no M bit, no TL0 field to write").isEqualTo("908002");
        assertThat(shortId.length).isEqualTo(7);
    }

    @Test
    void keyframesOfTheOtherCodecs() {
        // H.264 (RFC 6184): SPS alone, SPS in a STAP-A, FU-A start of an SPS; IDR and FU continuation are not.
        assertThat(h264("67 42 c0 1f")).isTrue();
        assertThat(h264("78 | 0004 67 42 c0 1f | 0002 68 ce | 0003 65 88 80")).isTrue();
        assertThat(h264("78 | 0002 68 ce | 0003 65 88 80")).as("STAP-A without SPS").isFalse();
        assertThat(h264("78 | 0009 67 42")).as("STAP-A unit past the end").isFalse();
        assertThat(h264("7c 87 42 c0")).as("FU-A start of an SPS").isTrue();
        assertThat(h264("7c 07 42 c0")).as("FU-A continuation").isFalse();
        assertThat(h264("65 88 80 40")).as("IDR slice without parameter sets").isFalse();
        assertThat(h264("")).isFalse();
        // VP9 (RFC 9628 §4.2): B set, P clear; with layer indices only spatial layer 0.
        assertThat(VideoKeyframes.isVp9Keyframe(Hex.bytes("88 00"), 0, 2)).isTrue();
        assertThat(VideoKeyframes.isVp9Keyframe(Hex.bytes("c8 00"), 0, 2)).as("inter-predicted").isFalse();
        assertThat(VideoKeyframes.isVp9Keyframe(Hex.bytes("80 00"), 0, 2)).as("not the beginning").isFalse();
        assertThat(VideoKeyframes.isVp9Keyframe(Hex.bytes("a8 81 23 00"), 0, 4)).as("I+L, SID 0").isTrue();
        assertThat(VideoKeyframes.isVp9Keyframe(Hex.bytes("a8 81 23 02"), 0, 4)).as("I+L, SID 1").isFalse();
        assertThat(VideoKeyframes.isVp9Keyframe(Hex.bytes("a8 81"), 0, 2)).as("cut").isFalse();
        // AV1: the N bit of the aggregation header.
        assertThat(VideoKeyframes.isAv1Keyframe(Hex.bytes("18 00"), 0, 2)).isTrue();
        assertThat(VideoKeyframes.isAv1Keyframe(Hex.bytes("10 00"), 0, 2)).isFalse();
        // H.265 (RFC 7798): VPS/SPS alone, in an AP, FU start.
        assertThat(VideoKeyframes.isH265Keyframe(Hex.bytes("40 01 0c"), 0, 3)).isTrue();
        assertThat(VideoKeyframes.isH265Keyframe(Hex.bytes("60 01 | 0003 42 01 01"), 0, 7)).as("AP with SPS").isTrue();
        assertThat(VideoKeyframes.isH265Keyframe(Hex.bytes("62 01 a1 00"), 0, 4)).as("FU start of an SPS").isTrue();
        assertThat(VideoKeyframes.isH265Keyframe(Hex.bytes("26 01 af"), 0, 3)).as("IDR slice").isFalse();
    }

    private static boolean h264(String hex) {
        byte[] b = Hex.bytes("ff " + hex + " ff");
        return VideoKeyframes.isH264Keyframe(b, 1, b.length - 2);
    }
}
