package io.github.wildfiresfu.recorder.room;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wildfiresfu.recorder.mjr.MjrHeader;
import io.github.wildfiresfu.recorder.mjr.MjrMediaType;
import io.github.wildfiresfu.recorder.testing.Recordings;
import io.github.wildfiresfu.recorder.testing.Rtp;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AudioLevelsTest {

    @TempDir
    Path dir;

    /** RTP header (X bit set) + the extension block given in hex + one payload byte. */
    private static byte[] withExtension(String extensionHex) {
        byte[] ext = HexFormat.of().parseHex(extensionHex);
        ByteBuffer b = ByteBuffer.allocate(12 + ext.length + 1);
        b.put((byte) 0x90).put((byte) 111).putShort((short) 1).putInt(960).putInt(42).put(ext).put((byte) 0xF8);
        return b.array();
    }

    @ParameterizedTest(name = "{0}: id {1} -> {2}")
    @CsvSource({
        // One-byte form (RFC 8285 §4.2): BEDE, length in words, elements id<<4|len-1.
        "BEDE0001 10 FF 0000,         1, 127",     // Janus's recordings: id 1 = audio level, V=1, level 127
        "BEDE0001 10 9E 0000,         1, 30",      // V bit set, level 30
        "BEDE0001 40 30 10 14,        1, 20",      // another element (id 4, 1 byte) first
        "BEDE0002 00 00 41 0102 10 07 000000, 1, 7", // padding bytes, a 2-byte element, then ours
        "BEDE0001 40 30 10 14,        3, -1",      // no element 3
        "BEDE0001 F0 10 14 00,        1, -1",      // id 15 stops parsing
        // Two-byte form (§4.3): 0x100X, elements id, len, data.
        "10000001 01 01 2A 00,        1, 42",
        "10000002 05 02 AAAA 01 01 0B 000000, 1, 11",
        // Damaged: the block claims more words than the packet has.
        "BEDE0009 10 14 0000,         1, -1",
    })
    void readsTheAudioLevelElement(String extension, int id, int level) {
        byte[] p = withExtension(extension.replace(" ", ""));
        assertThat(AudioLevels.audioLevel(p, 0, p.length, id)).isEqualTo(level);
    }

    @Test
    void noExtensionMeansNoLevel() {
        byte[] p = Rtp.packet(111, 1, 0, 1, false, new byte[] {1, 2, 3});
        assertThat(AudioLevels.audioLevel(p, 0, p.length, 1)).isEqualTo(-1);
        assertThat(AudioLevels.audioLevel(p, 0, 5, 1)).isEqualTo(-1);
    }

    @Test
    void placesTheLevelsOfARecordingOnTheWallClockByRtpTime() throws Exception {
        // 50 packets of 20 ms, loud for the first 10; the header names id 5 as audio level.
        List<byte[]> packets = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            packets.add(withLevel(i, i < 10 ? 12 : 127));
        }
        // Packets 3 and 4 arrive swapped: RTP time, not arrival, places them.
        byte[] tmp = packets.get(3);
        packets.set(3, packets.get(4));
        packets.set(4, tmp);
        MjrHeader h = MjrHeader.forWriting(MjrMediaType.AUDIO, "opus", null, null,
                Map.of(5, AudioLevels.AUDIO_LEVEL_URI), 1, 0, 0, false);
        assertThat(AudioLevels.extensionId(h)).isEqualTo(5);
        Path f = Recordings.write(dir, "levels", h, packets, 1_700_000_000_000_000L, 20_000);

        List<SpeechDetector.Level> levels = AudioLevels.fromHeaderExtension(f, 5);

        assertThat(levels).hasSize(50);
        assertThat(levels.get(0)).isEqualTo(new SpeechDetector.Level(1_700_000_000_000_000L, 12));
        assertThat(levels.get(9)).isEqualTo(new SpeechDetector.Level(1_700_000_000_180_000L, 12));
        assertThat(levels.get(10).dbov()).isEqualTo(127);
        assertThat(new SpeechDetector(40).speaking(levels))
                .containsExactly(new SpeechDetector.Interval(1_700_000_000_000_000L, 1_700_000_000_200_000L));
    }

    @Test
    void aHeaderWithoutTheUriHasNoId() {
        assertThat(AudioLevels.extensionId(MjrHeader.forWriting(MjrMediaType.AUDIO, "opus", null, null,
                Map.of(1, "urn:ietf:params:rtp-hdrext:sdes:mid"), 1, 0, 0, false))).isEqualTo(-1);
    }

    @Test
    void parsesAstatsOutput() {
        String text = """
                frame:0    pts:0       pts_time:0
                lavfi.astats.Overall.RMS_level=-98.9
                frame:1    pts:4800    pts_time:0.1
                lavfi.astats.Overall.RMS_level=-6.4
                frame:2    pts:9600    pts_time:0.2
                lavfi.astats.Overall.RMS_level=-inf
                """;
        assertThat(AudioLevels.parseAstats(text, 1_000_000)).containsExactly(
                new SpeechDetector.Level(1_000_000, 99), new SpeechDetector.Level(1_100_000, 6),
                new SpeechDetector.Level(1_200_000, 127));
    }

    /** An Opus packet {@code i} (960 ticks each) with a one-byte audio-level element, id 5. */
    static byte[] withLevel(int i, int level) {
        ByteBuffer b = ByteBuffer.allocate(12 + 8 + 3);
        b.put((byte) 0x90).put((byte) 111).putShort((short) i).putInt(5000 + 960 * i).putInt(42);
        b.putShort((short) 0xBEDE).putShort((short) 1).put((byte) 0x50).put((byte) (0x80 | level))
                .putShort((short) 0);
        b.put((byte) 0xF8).put((byte) 0xFF).put((byte) 0xFE);
        return b.array();
    }
}
