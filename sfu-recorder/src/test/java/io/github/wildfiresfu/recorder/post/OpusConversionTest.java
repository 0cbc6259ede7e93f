package io.github.wildfiresfu.recorder.post;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wildfiresfu.recorder.mjr.MjrHeader;
import io.github.wildfiresfu.recorder.mjr.MjrMediaType;
import io.github.wildfiresfu.recorder.testing.Recordings;
import io.github.wildfiresfu.recorder.testing.Rtp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpusConversionTest {

    @TempDir
    Path dir;

    /** A 20 ms CELT packet (TOC 0xF8) with a marker byte. */
    private static byte[] opus20(int marker) {
        return new byte[] {(byte) 0xF8, (byte) marker, 1, 2, 3};
    }

    /** Runs an Opus source over "seq:ts" packets (20 ms CELT frames unless a TOC is given as "seq:ts:toc"). */
    private List<EncodedFrame> frames(MjrHeader header, List<byte[]> packets, OpusFrameSource[] sourceOut)
            throws Exception {
        Path f = Recordings.write(dir, "a" + System.nanoTime(), header, packets);
        List<EncodedFrame> out = new ArrayList<>();
        try (Recording rec = Recording.open(f, ProgressListener.NONE)) {
            OpusFrameSource src = new OpusFrameSource(rec);
            for (EncodedFrame fr = src.next(); fr != null; fr = src.next()) {
                out.add(fr);
            }
            sourceOut[0] = src;
        }
        return out;
    }

    private static byte[] pkt(int seq, long ts, byte[] payload) {
        return Rtp.packet(111, seq, ts, 77, false, payload);
    }

    @Test
    void contiguousPacketsGoOutAsTheyAre() throws Exception {
        List<byte[]> in = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            in.add(pkt(100 + i, 5000 + 960L * i, opus20(i)));
        }
        OpusFrameSource[] src = new OpusFrameSource[1];
        List<EncodedFrame> out = frames(Recordings.header(MjrMediaType.AUDIO, "opus"), in, src);
        assertThat(out).extracting(EncodedFrame::pts).containsExactly(0L, 960L, 1920L, 2880L, 3840L);
        assertThat(out).noneMatch(EncodedFrame::filler);
        assertThat(out.get(2).data()).containsExactly(0xF8 - 256, 2, 1, 2, 3);
        assertThat(src[0].silenceFrames()).isZero();
    }

    @Test
    void aDtxGapIsFilledWithSilenceAndThePacketAfterItKept() throws Exception {
        // Sequence numbers continue, timestamps jump by 10 frames: the sender was in DTX.
        List<byte[]> in = List.of(pkt(1, 0, opus20(0)), pkt(2, 960, opus20(1)), pkt(3, 960 * 12, opus20(2)));
        OpusFrameSource[] src = new OpusFrameSource[1];
        List<EncodedFrame> out = frames(Recordings.header(MjrMediaType.AUDIO, "opus"), in, src);
        assertThat(out).hasSize(13);
        assertThat(out.subList(2, 12)).allMatch(EncodedFrame::filler);
        assertThat(out.get(12).pts()).isEqualTo(960 * 12);
        assertThat(out.get(12).filler()).isFalse();
        assertThat(src[0].dtxGaps()).isEqualTo(1);
        assertThat(src[0].lossGaps()).isZero();
        assertThat(src[0].silenceSamples()).isEqualTo(960 * 10);
        // Consecutive: every frame starts where the previous one ended.
        for (int i = 1; i < out.size(); i++) {
            assertThat(out.get(i).pts()).isEqualTo(out.get(i - 1).pts() + out.get(i - 1).duration());
        }
    }

    @Test
    void lostPacketsBecomeSilenceDownToTwoAndAHalfMilliseconds() throws Exception {
        // Seq 2 and 3 lost, then a 10 ms packet, then a gap of 30 ms + 2.5 ms before the last packet.
        byte[] tenMs = {(byte) 0xF0, 9, 9};
        List<byte[]> in = List.of(pkt(1, 0, opus20(0)), pkt(4, 960 * 3, tenMs), pkt(6, 960 * 3 + 480 + 1440 + 120,
                opus20(1)));
        OpusFrameSource[] src = new OpusFrameSource[1];
        List<EncodedFrame> out = frames(Recordings.header(MjrMediaType.AUDIO, "opus"), in, src);
        assertThat(out).extracting(EncodedFrame::duration).containsExactly(960L, 960L, 960L, 480L, 960L, 480L, 120L, 960L);
        assertThat(out).extracting(EncodedFrame::filler).containsExactly(false, true, true, false, true, true, true, false);
        assertThat(src[0].lossGaps()).isEqualTo(2);
        assertThat(out.get(7).pts()).isEqualTo(960 * 3 + 480 + 1440 + 120);
    }

    @Test
    void malformedAndOverlappingPacketsAreDroppedAndCounted() throws Exception {
        byte[] badCode3 = {(byte) 0xFB};
        List<byte[]> in = List.of(pkt(1, 0, opus20(0)), pkt(2, 960, badCode3), pkt(3, 960, opus20(1)),
                pkt(4, 1000, opus20(2)), pkt(5, 2880, opus20(3)));
        OpusFrameSource[] src = new OpusFrameSource[1];
        List<EncodedFrame> out = frames(Recordings.header(MjrMediaType.AUDIO, "opus"), in, src);
        // Seq 4 would overlap seq 3 by most of its length; seq 5 comes after a 20 ms hole, filled with silence.
        assertThat(out).extracting(EncodedFrame::pts).containsExactly(0L, 960L, 1920L, 2880L);
        assertThat(out).extracting(EncodedFrame::filler).containsExactly(false, false, true, false);
        assertThat(src[0].malformed()).isEqualTo(1);
        assertThat(src[0].overlapping()).isEqualTo(1);
    }

    /** RFC 2198: one redundant block (the previous packet, 960 ticks earlier) then the primary block. */
    private static byte[] red(byte[] redundant, byte[] primary) {
        byte[] p = new byte[4 + 1 + redundant.length + primary.length];
        p[0] = (byte) (0x80 | 111);
        int tsOffset = 960;
        p[1] = (byte) (tsOffset >>> 6);
        p[2] = (byte) (((tsOffset & 0x3F) << 2) | (redundant.length >>> 8));
        p[3] = (byte) redundant.length;
        p[4] = 111;
        System.arraycopy(redundant, 0, p, 5, redundant.length);
        System.arraycopy(primary, 0, p, 5 + redundant.length, primary.length);
        return p;
    }

    @Test
    void redPrimaryIsUsedAndRedundancyRestoresALostPacket() throws Exception {
        MjrHeader h = MjrHeader.forWriting(MjrMediaType.AUDIO, "opus", null, null, null, 1, 0, 63, false);
        List<byte[]> in = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            if (i == 3) {
                continue; // Lost; packet 4 carries it as redundancy.
            }
            byte[] previous = i == 0 ? opus20(99) : opus20(i - 1);
            in.add(Rtp.packet(63, i + 1, 960L * i, 5, false, red(previous, opus20(i))));
        }
        OpusFrameSource[] src = new OpusFrameSource[1];
        List<EncodedFrame> out = frames(h, in, src);
        assertThat(out).extracting(f -> (int) f.data()[1]).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(out).noneMatch(EncodedFrame::filler);
        assertThat(src[0].redRecovered()).isEqualTo(1);
    }

    @Test
    void parsesRedHeaders() {
        byte[] p = red(new byte[] {1, 2, 3}, new byte[] {4, 5});
        assertThat(OpusFrameSource.parseRed(p, p.length)).containsExactly(1, 960, 5, 3, 8, 2);
        assertThat(OpusFrameSource.parseRed(p, 6)).isNull();
        assertThat(OpusFrameSource.parseRed(new byte[] {(byte) 0x80, 0}, 2)).isNull();
    }
}
