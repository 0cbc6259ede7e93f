package io.github.wildfiresfu.recorder.post;

import static io.github.wildfiresfu.recorder.testing.ExternalTools.executable;
import static io.github.wildfiresfu.recorder.testing.ExternalTools.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.wildfiresfu.recorder.mjr.MjrMediaType;
import io.github.wildfiresfu.recorder.testing.ExternalTools.Result;
import io.github.wildfiresfu.recorder.testing.Recordings;
import io.github.wildfiresfu.recorder.testing.Rtp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code merge} places audio and video on one timeline from the recordings' first-write times
 * {@code u}: here the video recording started 500 ms after the audio one, so its first frame must
 * play 500 ms into the file. Read back with {@code ffprobe -show_packets} (no decoding needed).
 */
class MergeSyncTest {

    private static final long T0 = 1_700_000_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void videoThatStartedLaterPlaysLater() throws Exception {
        executable("ffprobe");
        List<byte[]> audio = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            audio.add(Rtp.packet(111, i, 1234 + 960L * i, 1, false, new byte[] {(byte) 0xF8, (byte) 0xFF, (byte) 0xFE}));
        }
        List<byte[]> video = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            byte[] frame = i == 0
                    ? new byte[] {(byte) 0x90, (byte) 0x80, 5, 0x10, 0x02, 0x00, (byte) 0x9D, 0x01, 0x2A, 0x40, 0x01,
                        (byte) 0xF0, 0x00, 1}
                    : new byte[] {(byte) 0x90, (byte) 0x80, 5, 0x11, 0, 0, 2};
            video.add(Rtp.packet(96, 7 + i, 777_777 + 3000L * i, 2, true, frame));
        }
        Path a = Recordings.write(dir, "a", Recordings.header(MjrMediaType.AUDIO, "opus"), audio, T0, 20_000);
        Path v = Recordings.write(dir, "v", Recordings.header(MjrMediaType.VIDEO, "vp8"), video, T0 + 500_000, 33_333);
        Path out = dir.resolve("m.webm");

        ConversionReport r = PostProcessor.merge(a, v, out, ProgressListener.NONE);

        assertThat(r.width()).isEqualTo(320);
        assertThat(r.height()).isEqualTo(240);
        Result probe = run(30, executable("ffprobe").toString(), "-v", "error", "-show_entries",
                "packet=stream_index,pts_time", "-of", "csv=p=0", out.toString());
        assertThat(probe.status()).as(probe.stderr()).isZero();
        double firstVideo = Double.NaN;
        double firstAudio = Double.NaN;
        for (String line : probe.stdout().split("\n")) {
            String[] f = line.split(",");
            double t = Double.parseDouble(f[1]);
            // Track 1 is video, 2 audio.
            if (f[0].equals("0") && Double.isNaN(firstVideo)) {
                firstVideo = t;
            } else if (f[0].equals("1") && Double.isNaN(firstAudio)) {
                firstAudio = t;
            }
        }
        assertThat(firstAudio).isCloseTo(0.0, within(0.002));
        assertThat(firstVideo).isCloseTo(0.5, within(0.002));
        assertThat(r.durationSeconds()).isCloseTo(2.0, within(0.03));
    }
}
