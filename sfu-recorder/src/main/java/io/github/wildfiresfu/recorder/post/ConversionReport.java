package io.github.wildfiresfu.recorder.post;

import java.nio.file.Path;
import java.util.List;

/**
 * What a post-processing run produced.
 *
 * @param output          the file written
 * @param codecs          codec(s) of the input(s), e.g. {@code opus} or {@code opus+vp8}
 * @param ordering        what ordering the (first) input found
 * @param packets         input packets used
 * @param frames          frames written (including silence)
 * @param durationSeconds duration of the output
 * @param width           video width from the first keyframe, or 0
 * @param height          video height from the first keyframe, or 0
 * @param notes           what a user should know: salvaged damage, gaps filled, frames skipped (one line each)
 * @param startMicros     real time (µs since the epoch) of the output's time 0, from the recordings' MJR
 *                        timing ({@link Recording#startMicros()}), or -1 when the input does not say
 */
public record ConversionReport(Path output, String codecs, OrderingStats ordering, long packets, long frames,
                               double durationSeconds, int width, int height, List<String> notes,
                               long startMicros) {

    /** Freezes the notes. */
    public ConversionReport {
        notes = List.copyOf(notes);
    }
}
