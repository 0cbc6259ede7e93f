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
        return lumaStat(file, seconds, x, y, w, h, "YAVG");
    }

    /**
     * The brightest luma (ffmpeg {@code signalstats} YMAX) of that rectangle: a flat canvas has its own colour
     * as its maximum, a camera picture with any light detail far more, whatever its average.
     */
    public static double maxLuma(Path file, double seconds, int x, int y, int w, int h)
            throws IOException, InterruptedException {
        return lumaStat(file, seconds, x, y, w, h, "YMAX");
    }

    private static double lumaStat(Path file, double seconds, int x, int y, int w, int h, String key)
            throws IOException, InterruptedException {
        Result r = run(30, executable("ffmpeg").toString(), "-v", "error", "-ss", Double.toString(seconds), "-i",
                file.toString(), "-frames:v", "1", "-vf", "crop=" + w + ":" + h + ":" + x + ":" + y + ",signalstats,"
                        + "metadata=mode=print:key=lavfi.signalstats." + key + ":file=-", "-f", "null", "-");
        String prefix = "lavfi.signalstats." + key + "=";
        for (String line : r.stdout().split("\n")) {
            if (line.startsWith(prefix)) {
                return Double.parseDouble(line.substring(prefix.length()));
            }
        }
        throw new AssertionError("no frame at " + seconds + " s in " + file + ": " + r.stderr());
    }
}
