package io.github.wildfiresfu.recorder.post;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wildfiresfu.recorder.mjr.MjrMediaType;
import io.github.wildfiresfu.recorder.mjr.MjrWriter;
import io.github.wildfiresfu.recorder.testing.MjrBytes;
import io.github.wildfiresfu.recorder.testing.Recordings;
import io.github.wildfiresfu.recorder.testing.Rtp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link AudioSkew} as a table: 20 s of one sender's audio (20 ms packets) and video (30 fps), whose
 * packets arrive at their RTP time plus a base delay, a repeating jitter of up to 15 ms, and what the
 * case adds to audio and to video (ms, as a function of the RTP time in seconds). Expected: the
 * correction (ms) before and after the change, and the first audio packet (20 ms each) that gets it.
 */
class AudioSkewTest {

    private static final long T0 = 1_700_000_000_000_000L;

    @TempDir
    Path dir;

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("steady: nothing to correct", (DoubleUnaryOperator) t -> 0, (DoubleUnaryOperator) t -> 0,
                        null, 0, 0),
                Arguments.of("the audio clock slips 60 ms at 10 s (samples lost): audio moves 60 ms later from"
                        + " the first late packet", (DoubleUnaryOperator) t -> t >= 10.0 ? 60 : 0,
                        (DoubleUnaryOperator) t -> 0, 500, 0, 60),
                Arguments.of("audio runs ahead 40 ms at 12.3 s: audio moves 40 ms earlier (a packet is dropped)",
                        (DoubleUnaryOperator) t -> t >= 12.3 ? -40 : 0, (DoubleUnaryOperator) t -> 0, 615, 0, -40),
                Arguments.of("a slip under one Opus packet (15 ms) is left alone",
                        (DoubleUnaryOperator) t -> t >= 10.0 ? 15 : 0, (DoubleUnaryOperator) t -> 0, null, 0, 0),
                Arguments.of("network congestion delays both for 6 s: no correction",
                        (DoubleUnaryOperator) t -> t >= 8 && t < 14 ? 100 : 0,
                        (DoubleUnaryOperator) t -> t >= 8 && t < 14 ? 100 : 0, null, 0, 0),
                Arguments.of("audio alone late for 1.5 s (a burst): not confirmed, no correction",
                        (DoubleUnaryOperator) t -> t >= 8 && t < 9.5 ? 80 : 0, (DoubleUnaryOperator) t -> 0, null, 0, 0),
                Arguments.of("a 55 ms slip rounds to 60 ms (20 ms steps)",
                        (DoubleUnaryOperator) t -> t >= 5.01 ? 55 : 0, (DoubleUnaryOperator) t -> 0, 251, 0, 60));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void followsAudioClockSlipsButNotTheNetwork(String why, DoubleUnaryOperator audioExtra,
                                               DoubleUnaryOperator videoExtra, Integer firstCorrected,
                                               int beforeMs, int afterMs) throws Exception {
        Path audio = write("a", MjrMediaType.AUDIO, "opus", 1000, 960, 48_000, 20_000, audioExtra);
        Path video = write("v", MjrMediaType.VIDEO, "vp8", 600, 3000, 90_000, 33_333, videoExtra);
        try (Recording a = Recording.open(audio, ProgressListener.NONE);
             Recording v = Recording.open(video, ProgressListener.NONE)) {
            long[] c = AudioSkew.corrections(a, v);
            if (firstCorrected == null) {
                assertThat(c).isNull();
                return;
            }
            assertThat(c).hasSize(1000);
            assertThat(c[firstCorrected - 1]).isEqualTo(beforeMs * 48L);
            assertThat(c[firstCorrected]).isEqualTo(afterMs * 48L);
            assertThat(c[999]).isEqualTo(afterMs * 48L);
            assertThat(c[0]).isZero();
        }
    }

    @Test
    void mergePlacesAudioAfterASlipLaterAndSaysSo() throws Exception {
        Path audio = write("a", MjrMediaType.AUDIO, "opus", 1000, 960, 48_000, 20_000, t -> t >= 10.0 ? 60 : 0);
        Path video = write("v", MjrMediaType.VIDEO, "vp8", 600, 3000, 90_000, 33_333, t -> 0);
        try (Recording a = Recording.open(audio, ProgressListener.NONE);
             Recording v = Recording.open(video, ProgressListener.NONE)) {
            OpusFrameSource s = new OpusFrameSource(a, AudioSkew.corrections(a, v));
            List<EncodedFrame> frames = new ArrayList<>();
            for (EncodedFrame f = s.next(); f != null; f = s.next()) {
                frames.add(f);
            }
            // 500 packets, 60 ms of silence (three 20 ms frames), 500 packets: 20.06 s.
            assertThat(frames).hasSize(1003);
            assertThat(frames.subList(500, 503)).allMatch(EncodedFrame::filler);
            assertThat(frames.get(503).pts()).isEqualTo(10_060 * 48L);
            assertThat(s.skewSteps()).isEqualTo(1);
            assertThat(s.finalSkew()).isEqualTo(60 * 48L);
        }
        ConversionReport r = PostProcessor.merge(audio, video, dir.resolve("m.webm"), ProgressListener.NONE);
        assertThat(r.notes()).anyMatch(n -> n.contains("kept audio in step with video") && n.contains("+60 ms"))
                .noneMatch(n -> n.contains("DTX"));

        // A single audio file on its own keeps its RTP timeline; with the video named, it follows it too.
        ConversionReport alone = PostProcessor.convert(audio, dir.resolve("a.opus"), ProgressListener.NONE);
        assertThat(alone.durationSeconds()).isEqualTo(20.0);
        ConversionReport aligned = PostProcessor.convert(audio, dir.resolve("b.opus"), video, ProgressListener.NONE);
        assertThat(aligned.durationSeconds()).isCloseTo(20.06, org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void recordingsWithoutArrivalTimesAreLeftAlone() throws Exception {
        MjrBytes old = MjrBytes.magic("MJR00001").lengthPrefixed("{\"t\":\"a\",\"c\":\"opus\",\"s\":1,\"u\":" + T0 + "}");
        for (int i = 0; i < 500; i++) {
            old.meetecho(Rtp.packet(111, i, 960L * i, 5, false, new byte[] {(byte) 0xF8, (byte) 0xFF, (byte) 0xFE}));
        }
        Path audio = dir.resolve("old.mjr");
        Files.write(audio, old.bytes());
        Path video = write("v", MjrMediaType.VIDEO, "vp8", 300, 3000, 90_000, 33_333, t -> 0);
        try (Recording a = Recording.open(audio, ProgressListener.NONE);
             Recording v = Recording.open(video, ProgressListener.NONE)) {
            assertThat(AudioSkew.corrections(a, v)).isNull();
        }
    }

    /**
     * {@code n} packets {@code tsStep} ticks apart, arriving at their RTP time + 5 ms + jitter (0..15 ms,
     * repeating) + {@code extraMs(rtp seconds)}.
     */
    private Path write(String name, MjrMediaType kind, String codec, int n, int tsStep, int rate, long stepMicros,
                       DoubleUnaryOperator extraMs) throws Exception {
        byte[] payload = kind == MjrMediaType.AUDIO ? new byte[] {(byte) 0xF8, (byte) 0xFF, (byte) 0xFE}
                : new byte[] {(byte) 0x90, (byte) 0x80, 5, 0x10, 0x02, 0x00, (byte) 0x9D, 0x01, 0x2A, 0x40, 0x01,
                    (byte) 0xF0, 0x00, 1};
        try (MjrWriter w = MjrWriter.create(dir, name, null, Recordings.header(kind, codec), MjrWriter.DEFAULT_BUFFER_BYTES)) {
            for (int i = 0; i < n; i++) {
                long rtpMicros = (long) i * tsStep * 1_000_000L / rate;
                long jitter = (i * 7919L) % 16 * 1000;
                long arrival = rtpMicros + 5_000 + jitter + Math.round(extraMs.applyAsDouble(rtpMicros / 1e6) * 1000);
                byte[] p = Rtp.packet(kind == MjrMediaType.AUDIO ? 111 : 96, i, 1000 + (long) tsStep * i, 7,
                        kind == MjrMediaType.VIDEO, payload);
                w.write(p, 0, p.length, arrival, T0 + arrival);
            }
        }
        return dir.resolve(name + ".mjr");
    }
}
