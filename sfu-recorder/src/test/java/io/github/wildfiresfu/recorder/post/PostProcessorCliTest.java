package io.github.wildfiresfu.recorder.post;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wildfiresfu.recorder.mjr.MjrFormatException;
import io.github.wildfiresfu.recorder.mjr.MjrHeader;
import io.github.wildfiresfu.recorder.mjr.MjrMediaType;
import io.github.wildfiresfu.recorder.testing.MjrBytes;
import io.github.wildfiresfu.recorder.testing.Recordings;
import io.github.wildfiresfu.recorder.testing.Rtp;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostProcessorCliTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private Path opus;

    @BeforeEach
    void writeAnOpusRecording() throws Exception {
        List<byte[]> packets = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            int seq = (65500 + i) & 0xFFFF;
            packets.add(Rtp.packet(111, seq, 4_294_960_000L + 960L * i, 42, false,
                    new byte[] {(byte) 0xF8, (byte) 0xFF, (byte) 0xFE}));
        }
        // One retransmitted duplicate and one swapped pair.
        packets.add(50, packets.get(49));
        byte[] tmp = packets.get(20);
        packets.set(20, packets.get(21));
        packets.set(21, tmp);
        MjrHeader h = MjrHeader.forWriting(MjrMediaType.AUDIO, "opus", "minptime=10;useinbandfec=1", null,
                Map.of(1, "urn:ietf:params:rtp-hdrext:ssrc-audio-level"), 1_000_000, 0, 0, false);
        opus = Recordings.write(dir, "a", h, packets);
    }

    private int cli(boolean terminal, String... args) {
        return new PostProcessorCli(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), terminal).run(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void printsTheHeader() {
        assertThat(cli(false, "--header", opus.toString())).isZero();
        assertThat(out()).contains("Format:  MJR00002").contains("This is an audio recording:")
                .contains("  -- Codec:   opus").contains("  -- -- fmtp: minptime=10;useinbandfec=1")
                .contains("  -- Extension 1: urn:ietf:params:rtp-hdrext:ssrc-audio-level")
                .contains("  -- Created: 1000000").contains("  -- Written: 1700000000000000");
    }

    @Test
    void printsTheJsonHeaderAsWritten() {
        assertThat(cli(false, "-j", opus.toString())).isZero();
        assertThat(out().trim()).isEqualTo("{\"t\":\"a\",\"c\":\"opus\",\"f\":\"minptime=10;useinbandfec=1\","
                + "\"x\":{\"1\":\"urn:ietf:params:rtp-hdrext:ssrc-audio-level\"},\"s\":1000000,\"u\":1700000000000000}");
    }

    @Test
    void parsePrintsPacketsInOrderAcrossBothWraps() {
        assertThat(cli(false, "--parse", opus.toString())).isZero();
        List<String> lines = out().lines().toList();
        assertThat(lines).hasSize(102);
        assertThat(lines.get(0)).contains("seq=65500,").contains("time=0.000s").contains("pts=0.000s");
        assertThat(lines.get(36)).contains("seq=0,");
        assertThat(lines.get(99)).contains("seq=63,").contains("time=1.980s");
        assertThat(lines.get(100)).contains("audio recording, opus, SSRC 42: 101 records, 100 packets in order, 1.98 s");
        assertThat(lines.get(101)).contains("reordered 1, lost 0, duplicates dropped 1").contains("timestamp wraps 1");
    }

    @Test
    void convertsAndDrawsAProgressBarOnlyOnATerminal() throws Exception {
        Path target = dir.resolve("a.opus");
        assertThat(cli(false, opus.toString(), target.toString())).isZero();
        assertThat(out()).contains("a.opus: opus, 100 frames, 2.00 s");
        assertThat(err()).isEmpty();
        assertThat(Files.readAllBytes(target)).startsWith("OggS".getBytes(StandardCharsets.US_ASCII));
        assertThat(dir.resolve("a.opus.part")).doesNotExist();

        out.reset();
        assertThat(cli(true, opus.toString(), dir.resolve("b.ogg").toString())).isZero();
        assertThat(err()).contains("reading [").contains("writing [").contains("100%");
    }

    @Test
    void badInputsGetOneLineErrorsAndStatusOne() throws Exception {
        Path garbage = dir.resolve("garbage.mjr");
        Files.writeString(garbage, "this is not a recording at all");
        assertThat(cli(false, garbage.toString(), dir.resolve("x.opus").toString())).isEqualTo(1);
        assertThat(err()).startsWith("error: ").contains("bad magic").doesNotContain("Exception").hasLineCount(1);
        assertThat(dir.resolve("x.opus")).doesNotExist();
        assertThat(dir.resolve("x.opus.part")).doesNotExist();

        err.reset();
        assertThat(cli(false, opus.toString(), dir.resolve("x.mp4").toString())).isEqualTo(1);
        assertThat(err()).contains("cannot convert opus to .mp4").contains("supported:");
        assertThat(dir.resolve("x.mp4.part")).doesNotExist();

        err.reset();
        assertThat(cli(false, dir.resolve("missing.mjr").toString(), dir.resolve("x.opus").toString())).isEqualTo(1);
        assertThat(err()).contains("missing.mjr");
    }

    @Test
    void usageErrorsGetStatusTwo() {
        assertThat(cli(false)).isEqualTo(2);
        assertThat(cli(false, "--bogus", "a.mjr")).isEqualTo(2);
        assertThat(cli(false, "--header", "--json", "a.mjr")).isEqualTo(2);
        assertThat(cli(false, "--parse")).isEqualTo(2);
        assertThat(cli(false, "merge", "a.mjr", "b.mjr")).isEqualTo(2);
        assertThat(cli(false, "--help")).isZero();
        assertThat(out()).contains("Usage:");
    }

    @Test
    void refusesEncryptedDataAndEmptyRecordings() throws Exception {
        MjrHeader e2ee = MjrHeader.forWriting(MjrMediaType.AUDIO, "opus", null, null, null, 1, 0, 0, true);
        Path encrypted = Recordings.write(dir, "e", e2ee, List.of(Rtp.packet(111, 1, 0, 1, false, new byte[] {1})));
        assertThatThrownBy(() -> PostProcessor.convert(encrypted, dir.resolve("e.opus"), ProgressListener.NONE))
                .isInstanceOf(UnsupportedConversionException.class).hasMessageContaining("end-to-end encrypted");

        Path data = Recordings.write(dir, "d", Recordings.header(MjrMediaType.DATA, "text"),
                List.of("hello".getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> PostProcessor.convert(data, dir.resolve("d.opus"), ProgressListener.NONE))
                .isInstanceOf(MjrFormatException.class).hasMessageContaining("data channel recording");
        assertThat(cli(false, "--parse", data.toString())).isZero();
        assertThat(out()).contains("data recording, text: 1 messages");

        Path junk = Recordings.write(dir, "j", Recordings.header(MjrMediaType.VIDEO, "vp8"),
                List.of(new byte[] {1, 2, 3}, new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
        assertThatThrownBy(() -> PostProcessor.convert(junk, dir.resolve("j.webm"), ProgressListener.NONE))
                .isInstanceOf(UnsupportedConversionException.class).hasMessageContaining("no usable RTP packets")
                .hasMessageContaining("2 not RTP");
        assertThatThrownBy(() -> PostProcessor.convert(opus, dir.resolve("noext"), ProgressListener.NONE))
                .isInstanceOf(UnsupportedConversionException.class).hasMessageContaining("needs an extension");
    }

    @Test
    void salvagesATruncatedRecordingAndSaysSo() throws Exception {
        byte[] all = Files.readAllBytes(opus);
        Path cut = dir.resolve("cut.mjr");
        Files.write(cut, java.util.Arrays.copyOf(all, all.length - 5));
        assertThat(cli(false, cut.toString(), dir.resolve("cut.opus").toString())).isZero();
        assertThat(err()).contains("note: input damaged, used everything before it").contains("truncated");
        assertThat(out()).contains("99 frames");
    }

    @Test
    void readsLegacyFilesToo() throws Exception {
        MjrBytes legacy = MjrBytes.magic("MEETECHO").lengthPrefixed("audio");
        for (int i = 0; i < 10; i++) {
            legacy.meetecho(Rtp.packet(111, i, 960L * i, 5, false, new byte[] {(byte) 0xF8, (byte) 0xFF, (byte) 0xFE}));
        }
        Path f = dir.resolve("legacy.mjr");
        Files.write(f, legacy.bytes());
        assertThat(cli(false, f.toString(), dir.resolve("legacy.opus").toString())).isZero();
        assertThat(out()).contains("10 frames, 0.20 s");
        assertThat(cli(false, "--json", f.toString())).isEqualTo(1);
        assertThat(err()).contains("legacy MEETECHO recording");
    }
}
