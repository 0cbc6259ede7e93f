package io.github.wildfiresfu.recorder.post;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * Keeps one sender's audio in step with its video over a long recording, from the MJR arrival times.
 *
 * <p><b>Why.</b> A browser stamps video with its capture clock, but audio with a sample count: when the
 * audio pipeline glitches under load (we recorded Chromium losing 50 ms of WebAudio samples 75 s into
 * a call on a busy machine) or the sound card's crystal drifts (tens of ppm: tens of ms per 10 minutes),
 * the audio RTP timeline slips against the video's for good. Receivers correct this with RTCP sender
 * reports; MJR files do not keep those. What they keep is each packet's arrival time.
 *
 * <p><b>How.</b> For every packet, its delay = arrival time − the time its RTP timestamp puts it at,
 * both on the recorder's wall clock. Network queueing only ever adds delay, so the smallest delay in a
 * second of packets is the path's base delay plus how far the sender's clock has slipped. Network
 * changes move audio's and video's base delay together; a slip of the audio clock moves only audio's.
 * So the audio-minus-video base delay per 1 s window is tracked, and when it stays at least
 * {@value #STEP_MS} ms away from the level in force for {@value #CONFIRM_WINDOWS} windows in a row, the
 * level follows it: audio from that window on is moved by the change, rounded to {@value #STEP_MS} ms
 * steps (one Opus packet: {@link OpusFrameSource} then inserts silence, or drops a packet). Short
 * disturbances (a burst of jitter, a keyframe) change one or two windows and are ignored.
 *
 * <p>Recordings without arrival times (MJR00001, legacy) are left as they are. ({@code janus-pp-rec} has
 * opt-in {@code --restamp}/{@code --audioskew} heuristics on the arrival times of one file; comparing
 * with the video of the same sender is what lets this one tell clock slips from network delay.)
 */
public final class AudioSkew {

    /** Window over which the smallest delay is taken. */
    static final long WINDOW_MICROS = 1_000_000;
    /** Windows a new level must hold before it is followed. */
    static final int CONFIRM_WINDOWS = 3;
    /** Smallest correction, and its unit: one 20 ms Opus packet. */
    static final int STEP_MS = 20;

    private AudioSkew() {
    }

    /**
     * Corrections for each packet of {@code audio} (same index as its ordered packets), in 48 kHz RTP
     * ticks to add to the packet's timestamp offset; null when there is nothing to correct (no arrival
     * times, too short, or no slip).
     */
    public static long[] corrections(Recording audio, Recording video) {
        if (audio.startMicros() < 0 || video.startMicros() < 0) {
            return null;
        }
        TreeMap<Long, Long> a = baseDelays(audio);
        TreeMap<Long, Long> v = baseDelays(video);
        if (a == null || v == null) {
            return null;
        }
        List<long[]> relative = new ArrayList<>(); // {window, audio - video base delay (µs)}
        a.forEach((w, d) -> {
            Long dv = v.get(w);
            if (dv != null) {
                relative.add(new long[] {w, d - dv});
            }
        });
        if (relative.size() < CONFIRM_WINDOWS + 1) {
            return null;
        }
        // The reference: the median of the first windows, so a disturbed first second does not set it.
        long[] first = new long[CONFIRM_WINDOWS];
        for (int i = 0; i < CONFIRM_WINDOWS; i++) {
            first[i] = relative.get(i)[1];
        }
        Arrays.sort(first);
        long reference = first[CONFIRM_WINDOWS / 2];
        long level = reference;
        long step = STEP_MS * 1000L;
        List<long[]> changes = new ArrayList<>(); // {window, level before, level after, correction after} (µs)
        for (int i = 0; i + CONFIRM_WINDOWS <= relative.size(); i++) {
            long lo = Long.MAX_VALUE;
            long hi = Long.MIN_VALUE;
            for (int j = i; j < i + CONFIRM_WINDOWS; j++) {
                lo = Math.min(lo, relative.get(j)[1]);
                hi = Math.max(hi, relative.get(j)[1]);
            }
            long next;
            if (lo >= level + step) {
                next = lo;
            } else if (hi <= level - step) {
                next = hi;
            } else {
                continue;
            }
            long before = Math.round((level - reference) / (double) step) * step;
            long after = Math.round((next - reference) / (double) step) * step;
            if (after != before) {
                changes.add(new long[] {relative.get(i)[0], level, next, after});
            }
            level = next;
        }
        if (changes.isEmpty()) {
            return null;
        }
        // Where each change starts: the slip happened after the last packet still nearer the old level than
        // the new one, in the window before the confirming ones or the first of them (whose minimum was
        // already past the step).
        List<IndexedPacket> packets = audio.ordered().packets();
        long[] window = new long[packets.size()];
        long[] relativeDelay = new long[packets.size()];
        long u = audio.header().firstWriteMicros();
        long start = audio.startMicros();
        long base = packets.get(0).extendedTs();
        for (int i = 0; i < packets.size(); i++) {
            IndexedPacket p = packets.get(i);
            long arrival = u + p.arrivalMillis() * 1000;
            window[i] = Math.floorDiv(arrival, WINDOW_MICROS);
            var videoWindow = v.floorEntry(window[i]);
            long videoBase = videoWindow != null ? videoWindow.getValue() : v.firstEntry().getValue();
            long placed = start + Math.floorDiv((p.extendedTs() - base) * 1_000_000L, audio.ordered().clockRate());
            relativeDelay[i] = arrival - placed
                    - videoBase;
        }
        long[] out = new long[packets.size()];
        int from = 0;
        long current = 0;
        for (long[] change : changes) {
            boolean rise = change[2] > change[1];
            long middle = (change[1] + change[2]) / 2;
            int boundary = -1;
            int firstOfWindow = -1;
            for (int i = from; i < packets.size() && window[i] <= change[0]; i++) {
                if (window[i] >= change[0] - 1 && (rise ? relativeDelay[i] < middle : relativeDelay[i] > middle)) {
                    boundary = i + 1;
                }
                if (firstOfWindow < 0 && window[i] == change[0]) {
                    firstOfWindow = i;
                }
            }
            if (boundary < 0) {
                boundary = firstOfWindow >= 0 ? firstOfWindow : from;
            }
            boundary = Math.max(boundary, from);
            for (int i = from; i < boundary; i++) {
                out[i] = current * 48 / 1000;
            }
            from = boundary;
            current = change[3];
        }
        for (int i = from; i < packets.size(); i++) {
            out[i] = current * 48 / 1000;
        }
        return out;
    }

    /**
     * The smallest delay (arrival − RTP-placed time, µs) per 1 s window of arrival wall time, or null when
     * the recording has no arrival times.
     */
    static TreeMap<Long, Long> baseDelays(Recording r) {
        OrderedPackets o = r.ordered();
        if (o.packets().isEmpty() || o.clockRate() <= 0) {
            return null;
        }
        long u = r.header().firstWriteMicros();
        long start = r.startMicros();
        long base = o.packets().get(0).extendedTs();
        TreeMap<Long, Long> min = new TreeMap<>();
        for (IndexedPacket p : o.packets()) {
            if (p.arrivalMillis() < 0) {
                return null;
            }
            long arrival = u + p.arrivalMillis() * 1000;
            long placed = start + Math.floorDiv((p.extendedTs() - base) * 1_000_000L, o.clockRate());
            min.merge(Math.floorDiv(arrival, WINDOW_MICROS), arrival - placed, Math::min);
        }
        return min;
    }
}
