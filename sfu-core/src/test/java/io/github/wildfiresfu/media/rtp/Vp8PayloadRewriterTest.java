package io.github.wildfiresfu.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * VP8 PictureID / TL0PICIDX continuity across source switches as input/output tables: each row is
 * one packet of a source (SSRC, PictureID, TL0PICIDX in) and the values that must go out; across
 * the 15-bit, 7-bit and 8-bit wraps.
 */
class Vp8PayloadRewriterTest {

    private static final long LOW = 1;
    private static final long HIGH = 3;

    /** A packet in and what must come out; {@code picIn} -1 means no PictureID, {@code tl0In} -1 no TL0PICIDX. */
    private record Row(long ssrc, int picIn, int tl0In, int picOut, int tl0Out, boolean longId) {
    }

    private static Row r(long ssrc, int picIn, int tl0In, int picOut, int tl0Out) {
        return new Row(ssrc, picIn, tl0In, picOut, tl0Out, true);
    }

    private static void run(Vp8PayloadRewriter rw, List<Row> rows) {
        Vp8PayloadDescriptor d = new Vp8PayloadDescriptor();
        int i = 0;
        for (Row row : rows) {
            String at = "row " + i++ + ": " + row;
            byte[] p = descriptor(row.picIn(), row.tl0In(), row.longId());
            assertThat(rw.rewrite(p, 1, p.length - 2, row.ssrc())).as(at).isTrue();
            assertThat(d.wrap(p, 1, p.length - 2)).isTrue();
            assertThat(d.pictureId()).as(at + " picture id").isEqualTo(row.picOut());
            assertThat(d.tl0PicIdx()).as(at + " tl0").isEqualTo(row.tl0Out());
            assertThat(p[0]).as(at + " bytes before the payload").isEqualTo((byte) 0x55);
            assertThat(p[p.length - 1]).as(at + " bytes after the payload").isEqualTo((byte) 0x55);
        }
    }

    /** 0x55, a descriptor with the given fields (T set, TID 0), one payload byte, 0x55. */
    static byte[] descriptor(int pictureId, int tl0, boolean longId) {
        byte[] b = new byte[10];
        int p = 0;
        b[p++] = 0x55;
        b[p++] = (byte) 0x90;
        int x = 0x20 | (pictureId >= 0 ? 0x80 : 0) | (tl0 >= 0 ? 0x40 : 0);
        b[p++] = (byte) x;
        if (pictureId >= 0) {
            if (longId) {
                b[p++] = (byte) (0x80 | (pictureId >> 8));
                b[p++] = (byte) pictureId;
            } else {
                b[p++] = (byte) (pictureId & 0x7F);
            }
        }
        if (tl0 >= 0) {
            b[p++] = (byte) tl0;
        }
        b[p++] = 0;
        b[p++] = 0x01;
        b[p++] = 0x55;
        return java.util.Arrays.copyOf(b, p);
    }

    @Test
    void firstSourceKeepsItsValuesAndEachSwitchContinuesAfterTheHighestSent() {
        run(new Vp8PayloadRewriter(), List.of(
                r(LOW, 100, 10, 100, 10),
                r(LOW, 100, 10, 100, 10), // second packet of the same frame
                r(LOW, 101, 10, 101, 10), // TL1 frame
                r(LOW, 102, 11, 102, 11),
                // Switch up: the high layer's keyframe gets 103 / 12 whatever it carried.
                r(HIGH, 5000, 200, 103, 12),
                r(HIGH, 5001, 200, 104, 12),
                r(HIGH, 5002, 201, 105, 13),
                // A late packet of the same source keeps its distance.
                r(HIGH, 5001, 200, 104, 12),
                // And back down: after the highest sent (105 / 13).
                r(LOW, 130, 40, 106, 14),
                r(LOW, 131, 41, 107, 15)));
    }

    @Test
    void valuesWrapAtFifteenAndEightBits() {
        run(new Vp8PayloadRewriter(), List.of(
                r(LOW, 0x7FFE, 254, 0x7FFE, 254),
                r(LOW, 0x7FFF, 255, 0x7FFF, 255),
                r(LOW, 0, 0, 0, 0),
                // Switch after the wrap: continues at 1 / 1.
                r(HIGH, 0x7FFF, 255, 1, 1),
                r(HIGH, 0, 0, 2, 2),
                r(HIGH, 1, 1, 3, 3)));
        Vp8PayloadRewriter rw = new Vp8PayloadRewriter();
        run(rw, List.of(
                r(LOW, 0x7FFD, 7, 0x7FFD, 7),
                r(HIGH, 9, 3, 0x7FFE, 8),
                r(HIGH, 10, 4, 0x7FFF, 9),
                r(HIGH, 11, 5, 0, 10)));
        assertThat(rw.highestPictureId()).isZero();
        assertThat(rw.highestTl0PicIdx()).isEqualTo(10);
    }

    @Test
    void sevenBitPictureIdsWrapAt128() {
        run(new Vp8PayloadRewriter(), List.of(
                new Row(LOW, 126, -1, 126, -1, false),
                new Row(LOW, 127, -1, 127, -1, false),
                new Row(HIGH, 3, -1, 0, -1, false), // 128 in 15 bits, 0 in 7
                new Row(HIGH, 4, -1, 1, -1, false)));
    }

    @Test
    void sameSsrcRestartsWhenMarkedAndFieldsMayBeMissing() {
        Vp8PayloadRewriter rw = new Vp8PayloadRewriter();
        run(rw, List.of(
                r(LOW, 10, -1, 10, -1),
                r(LOW, 11, -1, 11, -1)));
        rw.markSourceChanged();
        run(rw, List.of(
                // The publisher restarted: its numbering starts over, the subscriber's does not.
                r(LOW, 0, 50, 12, 50),
                r(LOW, 1, 51, 13, 51)));
        assertThat(rw.rewrite(new byte[] {(byte) 0x90}, 0, 1, LOW)).as("truncated descriptor").isFalse();
        assertThat(rw.highestPictureId()).isEqualTo(13);
    }
}
