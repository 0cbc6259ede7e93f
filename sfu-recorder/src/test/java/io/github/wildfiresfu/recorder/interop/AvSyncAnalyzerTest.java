package io.github.wildfiresfu.recorder.interop;

import static io.github.wildfiresfu.recorder.testing.ExternalTools.executable;
import static io.github.wildfiresfu.recorder.testing.ExternalTools.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.wildfiresfu.recorder.testing.AvSync;
import io.github.wildfiresfu.recorder.testing.ExternalTools.Result;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code interop/recorder/av-sync.mjs} finds known offsets. FFmpeg makes the test signal itself: a
 * black video that turns white for 0.2 s every 2 s and a 1 kHz tone gated on at the same instants,
 * then shifted by a known amount (or the whole audio stream starting later), into a container that does
 * not move timestamps (MJPEG + PCM in Matroska). A 400 Hz tone runs all the time, as another
 * participant's voice would in a mix, and must not disturb the beeps.
 */
class AvSyncAnalyzerTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "audio {0} ms late, audio stream starting at {1} s")
    @CsvSource({"40, 0", "-25, 0", "0, 0.5", "120, 0"})
    void findsTheOffsetBetweenFlashAndBeep(int audioLateMs, double audioStreamStart) throws Exception {
        executable("node");
        Path file = dir.resolve("signal.mkv");
        String shift = audioLateMs >= 0 ? "adelay=" + audioLateMs + ":all=1"
                : "atrim=start=" + (-audioLateMs / 1000.0) + ",asetpts=PTS-STARTPTS";
        // Audio source time t plays at t + audioStreamStart: the gate follows the video's clock.
        String gate = "volume=volume=0:enable='gte(mod(t+" + audioStreamStart + "\\,2)\\,0.2)'";
        List<String> cmd = new ArrayList<>(List.of(executable("ffmpeg").toString(), "-v", "error", "-y",
                "-f", "lavfi", "-i", "color=c=black:s=160x120:r=30:d=10,drawbox=c=white:t=fill:enable='lt(mod(t\\,2)\\,0.2)'",
                "-itsoffset", Double.toString(audioStreamStart),
                "-f", "lavfi", "-i", "sine=f=1000:r=48000:d=" + (10 - audioStreamStart) + ":samples_per_frame=48," + gate + ","
                        + shift,
                "-f", "lavfi", "-i", "sine=f=400:r=48000:d=10:samples_per_frame=48,volume=0.5",
                "-filter_complex", "[1:a][2:a]amix=inputs=2:duration=first:normalize=0[a]",
                "-map", "0:v", "-map", "[a]", "-c:v", "mjpeg", "-c:a", "pcm_s16le", file.toString()));
        Result made = run(60, cmd);
        assertThat(made.status()).as(made.stderr()).isZero();

        AvSync.Report r = AvSync.measure(file);

        assertThat(r.offsetsMs()).hasSizeGreaterThanOrEqualTo(3).allSatisfy(o -> assertThat(o)
                .isCloseTo(audioLateMs, within(2.0)));
        assertThat(r.medianMs()).isCloseTo(audioLateMs, within(2.0));
    }
}
