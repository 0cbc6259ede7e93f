package io.github.wildfiresfu.recorder;

import java.nio.file.Path;

/**
 * How a recording ended.
 *
 * @param info    what was recorded
 * @param path    the closed file (renamed from its temporary name), or null if it was never created
 * @param stats   final counters
 * @param failure why the recording failed (one line), or null if it did not
 */
public record RecordingResult(StreamInfo info, Path path, RecordingStats stats, String failure) {

    /** Whether every offered packet that was queued reached the file. */
    public boolean succeeded() {
        return failure == null;
    }
}
