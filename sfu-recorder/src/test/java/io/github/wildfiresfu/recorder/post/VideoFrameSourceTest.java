package io.github.wildfiresfu.recorder.post;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wildfiresfu.recorder.mjr.MjrMediaType;
import io.github.wildfiresfu.recorder.testing.Recordings;
import io.github.wildfiresfu.recorder.testing.Rtp;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VideoFrameSourceTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // descriptor bytes (hex), expected length (RFC 7741 §4.2)
        "10, 1",               // S=1, no X
        "908005, 3",           // X, I with a 7-bit picture id
        "90808000, 4",         // X, I with M: 15-bit picture id
        "90c08000ff, 5",       // X, I (M), L: TL0PICIDX
        "90f0800011ff, 6",     // X, I (M), L, T/K: TID/KEYIDX
        "9020ff, 3",           // X, T only
        "9010ff, 3",           // X, K only
        "90, -1",              // X without its extension byte
        "9080, -1",            // I without its picture id
    })
    void measuresVp8PayloadDescriptors(String hex, int expected) {
        byte[] d = HexFormat.of().parseHex(hex);
        assertThat(Vp8FrameSource.descriptorLength(d, d.length)).isEqualTo(expected);
    }

    /** A VP8 keyframe start (RFC 6386 §9.1): frame tag with P=0, start code, width/height 640x480. */
    private static byte[] keyframeStart() {
        return new byte[] {0x10, 0x02, 0x00, (byte) 0x9D, 0x01, 0x2A, (byte) 0x80, 0x02, (byte) 0xE0, 0x01, 7, 7};
    }

    private static byte[] vp8(int seq, long ts, boolean start, byte[] data) {
        byte[] payload = new byte[3 + data.length];
        payload[0] = (byte) (0x80 | (start ? 0x10 : 0)); // X, S, PID 0.
        payload[1] = (byte) 0x80; // I.
        payload[2] = 0x05; // 7-bit picture id.
        System.arraycopy(data, 0, payload, 3, data.length);
        return Rtp.packet(96, seq, ts, 9, false, payload);
    }

    private List<EncodedFrame> vp8Frames(List<byte[]> packets, Vp8FrameSource[] out) throws Exception {
        Path f = Recordings.write(dir, "v" + System.nanoTime(), Recordings.header(MjrMediaType.VIDEO, "vp8"), packets);
        List<EncodedFrame> frames = new ArrayList<>();
        try (Recording rec = Recording.open(f, ProgressListener.NONE)) {
            Vp8FrameSource src = new Vp8FrameSource(rec);
            for (EncodedFrame fr = src.next(); fr != null; fr = src.next()) {
                frames.add(fr);
            }
            out[0] = src;
        }
        return frames;
    }

    @Test
    void assemblesVp8FramesFromPacketsWithOneTimestamp() throws Exception {
        byte[] interStart = {0x01, 0x00, 0x00, 4, 4};
        List<byte[]> packets = List.of(
                vp8(9, 0, true, interStart),                 // Before any keyframe: skipped.
                vp8(10, 3000, true, keyframeStart()),
                vp8(12, 3000, false, new byte[] {8, 8}),       // Out of order within the frame.
                vp8(11, 3000, false, new byte[] {6, 6}),
                vp8(13, 6000, true, interStart),
                vp8(15, 9000, false, new byte[] {1}),          // Lost its first packet: incomplete.
                vp8(16, 12000, true, interStart),
                vp8(18, 12000, false, new byte[] {2}));       // Seq 17 missing: incomplete.
        Vp8FrameSource[] src = new Vp8FrameSource[1];
        List<EncodedFrame> frames = vp8Frames(packets, src);

        assertThat(frames).extracting(EncodedFrame::pts).containsExactly(3000L, 6000L, 9000L, 12000L);
        assertThat(frames).extracting(EncodedFrame::keyframe).containsExactly(true, false, false, false);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(keyframeStart());
        expected.writeBytes(new byte[] {6, 6, 8, 8});
        assertThat(frames.get(0).data()).isEqualTo(expected.toByteArray());
        assertThat(src[0].width()).isEqualTo(640);
        assertThat(src[0].height()).isEqualTo(480);
        assertThat(src[0].skippedBeforeKeyframe()).isEqualTo(1);
        assertThat(src[0].incomplete()).isEqualTo(2);
        assertThat(src[0].keyframes()).isEqualTo(1);
    }

    /** SPS of libx264 (baseline, 320x240), captured from FFmpeg 5.1 output. */
    static final String SPS_320X240 = "6742c00cd90141fb0110000003001000000301e0f142a480";

    @ParameterizedTest(name = "{1}x{2}")
    @CsvSource({
        SPS_320X240 + ", 320, 240, 66",
        // 1920x1080 needs cropping: 68 macroblock rows = 1088, frame_crop_bottom_offset 4 (x2).
        "6742c028d900780227e5c044000003000400000300783c60c920, 1920, 1080, 66",
        "6742c016d900a02ff970110000030001000003001e0f162e48, 640, 360, 66",
        // High profile: chroma_format_idc and bit depths are present.
        "6764001facd9405005bb0110000003001000000301e0f1831960, 1280, 720, 100",
    })
    void readsThePictureSizeFromH264Sps(String hex, int width, int height, int profile) {
        byte[] sps = HexFormat.of().parseHex(hex);
        assertThat(H264Sps.parse(sps, 0, sps.length)).isEqualTo(new H264Sps(profile, width, height));
    }

    @Test
    void aTruncatedSpsIsNotAnError() {
        byte[] sps = HexFormat.of().parseHex(SPS_320X240);
        assertThat(H264Sps.parse(sps, 0, 6)).isNull();
    }

    private static byte[] h264(int seq, long ts, byte[] payload) {
        return Rtp.packet(102, seq, ts, 3, false, payload);
    }

    @Test
    void assemblesH264FromStapAAndFuA() throws Exception {
        byte[] sps = HexFormat.of().parseHex(SPS_320X240);
        byte[] pps = {0x68, (byte) 0xCE, 0x3C, (byte) 0x80};
        ByteArrayOutputStream stap = new ByteArrayOutputStream();
        stap.write(0x78); // STAP-A, NRI 3.
        stap.write(0);
        stap.write(sps.length);
        stap.writeBytes(sps);
        stap.write(0);
        stap.write(pps.length);
        stap.writeBytes(pps);
        byte[] idrBody = {1, 2, 3, 4, 5, 6};
        List<byte[]> packets = List.of(
                h264(1, 0, new byte[] {0x41, 9, 9}),                         // Non-IDR before any IDR: skipped.
                h264(2, 3000, stap.toByteArray()),
                h264(3, 3000, new byte[] {0x7C, (byte) 0x85, 1, 2}),         // FU-A start of an IDR (type 5).
                h264(4, 3000, new byte[] {0x7C, 0x05, 3, 4}),
                h264(5, 3000, new byte[] {0x7C, 0x45, 5, 6}),                // FU-A end.
                h264(6, 6000, new byte[] {0x41, 7, 7}),                      // Single NAL unit, non-IDR slice.
                h264(8, 9000, new byte[] {0x7C, 0x01, 5, 6}),                // FU-A without its start: incomplete.
                h264(9, 9000, new byte[] {0x41, 8}));
        Path f = Recordings.write(dir, "h", Recordings.header(MjrMediaType.VIDEO, "h264"), packets);
        try (Recording rec = Recording.open(f, ProgressListener.NONE)) {
            H264FrameSource src = new H264FrameSource(rec);
            EncodedFrame key = src.next();
            assertThat(key.keyframe()).isTrue();
            assertThat(key.pts()).isEqualTo(3000);
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            for (byte[] nal : List.of(sps, pps, new byte[] {0x65, 1, 2, 3, 4, 5, 6})) {
                expected.writeBytes(new byte[] {0, 0, 0, (byte) nal.length});
                expected.writeBytes(nal);
            }
            assertThat(key.data()).isEqualTo(expected.toByteArray());
            assertThat(idrBody).hasSize(6);
            EncodedFrame p = src.next();
            assertThat(p.keyframe()).isFalse();
            assertThat(p.data()).containsExactly(0, 0, 0, 3, 0x41, 7, 7);
            EncodedFrame broken = src.next();
            assertThat(broken.data()).containsExactly(0, 0, 0, 2, 0x41, 8);
            assertThat(src.next()).isNull();
            assertThat(src.width()).isEqualTo(320);
            assertThat(src.height()).isEqualTo(240);
            assertThat(src.skippedBeforeKeyframe()).isEqualTo(1);
            assertThat(src.incomplete()).isEqualTo(1);
            assertThat(src.sps()).isEqualTo(sps);
            assertThat(src.pps()).isEqualTo(pps);
        }
    }
}
