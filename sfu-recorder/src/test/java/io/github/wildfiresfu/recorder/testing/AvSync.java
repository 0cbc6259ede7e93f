package io.github.wildfiresfu.recorder.testing;

import static io.github.wildfiresfu.recorder.testing.ExternalTools.executable;
import static io.github.wildfiresfu.recorder.testing.ExternalTools.repoRoot;
import static io.github.wildfiresfu.recorder.testing.ExternalTools.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.wildfiresfu.recorder.testing.ExternalTools.Result;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs {@code interop/recorder/av-sync.mjs} on a media file made from the flash-beep signal and reads its
 * report: flash and beep onsets and their offsets (beep minus flash, ms; positive: sound late).
 */
public final class AvSync {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The analyzer's report.
     *
     * @param offsetsMs     beep minus flash for every paired flash, in file order
     * @param medianMs      their median
     * @param maxAbsMs      the largest |offset|
     * @param flashes       flashes found
     * @param beeps         beeps found
     * @param json          the whole report
     */
    public record Report(List<Double> offsetsMs, double medianMs, double maxAbsMs, int flashes, int beeps,
                         JsonNode json) {

        /** One line for a log: median, max and every offset. */
        public String summary() {
            return String.format(Locale.ROOT, "median %+.1f ms, max |%.1f| ms over %d pairs (%d flashes, %d beeps): %s",
                    medianMs, maxAbsMs, offsetsMs.size(), flashes, beeps, offsetsMs);
        }
    }

    private AvSync() {
    }

    /** Measures {@code media}; fails the test if the analyzer cannot pair any flash with a beep. */
    public static Report measure(Path media) throws IOException, InterruptedException {
        Result r = run(120, executable("node").toString(),
                repoRoot().resolve("interop/recorder/av-sync.mjs").toString(), media.toString());
        if (r.status() != 0) {
            throw new AssertionError("av-sync.mjs found no flash/beep pair in " + media + ": " + r.stdout() + r.stderr());
        }
        JsonNode j = JSON.readTree(r.stdout());
        List<Double> offsets = new ArrayList<>();
        j.get("pairs").forEach(p -> offsets.add(p.get("offsetMs").asDouble()));
        return new Report(offsets, j.get("medianOffsetMs").asDouble(), j.get("maxAbsOffsetMs").asDouble(),
                j.get("flashes").asInt(), j.get("beeps").asInt(), j);
    }
}
