package io.github.wildfiresfu.recorder;

import java.util.Map;

/**
 * Counters of one recording.
 *
 * @param offered packets offered to the handle
 * @param written packets written to the file (buffered or flushed)
 * @param bytes   bytes that reached the file so far
 * @param drops   dropped packets per reason (only reasons with a count)
 */
public record RecordingStats(long offered, long written, long bytes, Map<RecordingDropReason, Long> drops) {

    /** Copies {@code drops}. */
    public RecordingStats {
        drops = Map.copyOf(drops);
    }

    /** Dropped packets, all reasons. */
    public long dropped() {
        return drops.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Drops for one reason. */
    public long dropped(RecordingDropReason reason) {
        return drops.getOrDefault(reason, 0L);
    }
}
