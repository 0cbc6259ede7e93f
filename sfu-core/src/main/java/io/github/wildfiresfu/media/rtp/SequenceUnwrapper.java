package io.github.wildfiresfu.media.rtp;

/**
 * Maps 16-bit sequence numbers onto a 64-bit line by choosing, for each input, the value nearest to
 * the highest value unwrapped so far: {@code 65535, 0, 1} become {@code 65535, 65536, 65537}, and a
 * late {@code 65534} after them becomes {@code 65534}, not {@code 131070}. The first value is taken
 * as is; values older than it come out below it (possibly negative).
 *
 * <p>Tracking the highest (rather than the last) value keeps one late packet from dragging the
 * reference backwards, as RFC 3550 §A.1 tracks {@code max_seq}. Not thread-safe.
 */
public final class SequenceUnwrapper {

    private boolean started;
    private long highest;

    /** Unwraps {@code seq} (low 16 bits used) and returns its extended value. */
    public long unwrap(int seq) {
        if (!started) {
            started = true;
            highest = seq & 0xFFFF;
            return highest;
        }
        long ext = highest + SequenceNumbers.diff(seq, (int) highest);
        if (ext > highest) {
            highest = ext;
        }
        return ext;
    }

    /** The extended value {@code seq} would unwrap to, without updating the state. */
    public long peek(int seq) {
        if (!started) {
            return seq & 0xFFFF;
        }
        return highest + SequenceNumbers.diff(seq, (int) highest);
    }

    /** Whether any value was unwrapped since construction or {@link #reset()}. */
    public boolean isStarted() {
        return started;
    }

    /** The highest extended value so far (undefined before the first {@link #unwrap}). */
    public long highest() {
        return highest;
    }

    /** Forgets everything; the next value is taken as is. */
    public void reset() {
        started = false;
        highest = 0;
    }
}
