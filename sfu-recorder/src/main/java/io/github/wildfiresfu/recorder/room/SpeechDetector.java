package io.github.wildfiresfu.recorder.room;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Finds when someone spoke from audio levels in -dBov (0 loudest, 127 silence), the unit of the RFC
 * 6464 audio-level header extension (§3) and, as RMS dBFS negated, of decoded energy.
 *
 * <p>Levels are averaged in {@value #WINDOW_MICROS} µs windows on the wall clock; a window with no
 * level (DTX: the sender stopped sending during silence) is silent. A window whose mean level is at
 * most the threshold is speech; speech windows separated by less than {@value #BRIDGE_MICROS} µs of
 * silence are joined, so the pauses between words do not split a turn. Janus's VideoRoom averages over
 * {@code audio_active_packets} (100 packets, 2 s) against {@code audio_level_average} (25) to send
 * {@code talking} events; a timeline wants finer turns, hence short windows, and a threshold that
 * ordinary speech after a browser's gain control reaches (default {@value #DEFAULT_THRESHOLD_DBOV}).
 */
public final class SpeechDetector {

    /** Averaging window. */
    public static final long WINDOW_MICROS = 100_000;
    /** Silences shorter than this inside speech are bridged. */
    public static final long BRIDGE_MICROS = 300_000;
    /** Default threshold: a window at -40 dBov or louder is speech. */
    public static final int DEFAULT_THRESHOLD_DBOV = 40;

    /**
     * One level.
     *
     * @param micros real time of the audio it describes (µs since the epoch)
     * @param dbov   level in -dBov, 0..127
     */
    public record Level(long micros, int dbov) {
    }

    /**
     * A time span on the wall clock.
     *
     * @param startMicros start, µs since the epoch
     * @param endMicros   end
     */
    public record Interval(long startMicros, long endMicros) {
    }

    private final int thresholdDbov;

    /** @param thresholdDbov windows with a mean level at most this (-dBov) are speech; 0..127 */
    public SpeechDetector(int thresholdDbov) {
        if (thresholdDbov < 0 || thresholdDbov > 127) {
            throw new IllegalArgumentException("speech threshold must be 0..127 -dBov, got " + thresholdDbov);
        }
        this.thresholdDbov = thresholdDbov;
    }

    /** The threshold in -dBov. */
    public int thresholdDbov() {
        return thresholdDbov;
    }

    /** The speech intervals in {@code levels} (any order), in order of time. */
    public List<Interval> speaking(List<Level> levels) {
        // window index -> {sum, count}
        Map<Long, long[]> windows = new TreeMap<>();
        for (Level l : levels) {
            long[] w = windows.computeIfAbsent(Math.floorDiv(l.micros(), WINDOW_MICROS), k -> new long[2]);
            w[0] += Math.max(0, Math.min(127, l.dbov()));
            w[1]++;
        }
        List<Interval> out = new ArrayList<>();
        long start = Long.MIN_VALUE;
        long end = Long.MIN_VALUE;
        for (Map.Entry<Long, long[]> e : windows.entrySet()) {
            long[] w = e.getValue();
            // Mean level <= threshold, without rounding: sum <= threshold * count.
            if (w[0] > (long) thresholdDbov * w[1]) {
                continue;
            }
            long ws = e.getKey() * WINDOW_MICROS;
            if (start != Long.MIN_VALUE && ws - end < BRIDGE_MICROS) {
                end = ws + WINDOW_MICROS;
                continue;
            }
            if (start != Long.MIN_VALUE) {
                out.add(new Interval(start, end));
            }
            start = ws;
            end = ws + WINDOW_MICROS;
        }
        if (start != Long.MIN_VALUE) {
            out.add(new Interval(start, end));
        }
        return out;
    }
}
