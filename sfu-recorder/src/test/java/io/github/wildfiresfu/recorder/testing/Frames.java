package io.github.wildfiresfu.recorder.testing;

import static io.github.wildfiresfu.recorder.testing.ExternalTools.executable;
import static io.github.wildfiresfu.recorder.testing.ExternalTools.run;

import io.github.wildfiresfu.recorder.testing.ExternalTools.Result;
import java.io.IOException;
import java.nio.file.Path;

/** Looks at single video frames of a media file with ffmpeg (what a grid tile shows at a given time). */
public final class Frames {

    private Frames() {
    }

    /**
     * Mean luma (ffmpeg {@code signalstats} YAVG, 0-255) of the {@code w}x{@code h} rectangle at ({@code x},
     * {@code y}) of the first frame at or after {@code seconds}.
     */
    public static double meanLuma(Path file, double seconds, int x, int y, int w, int h)
            throws IOException, InterruptedException {
        Result r = run(30, executable("ffmpeg").toString(), "-v", "error", "-ss", Double.toString(seconds), "-i",
                file.toString(), "-frames:v", "1", "-vf", "crop=" + w + ":" + h + ":" + x + ":" + y + ",signalstats,"
                        + "metadata=mode=print:key=lavfi.signalstats.YAVG:file=-", "-f", "null", "-");
        for (String line : r.stdout().split("\n")) {
            if (line.startsWith("lavfi.signalstats.YAVG=")) {
                return Double.parseDouble(line.substring("lavfi.signalstats.YAVG=".length()));
            }
        }
        throw new AssertionError("no frame at " + seconds + " s in " + file + ": " + r.stderr());
    }
}
