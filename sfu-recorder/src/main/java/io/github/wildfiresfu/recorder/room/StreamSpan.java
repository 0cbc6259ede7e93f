package io.github.wildfiresfu.recorder.room;

import io.github.wildfiresfu.recorder.mjr.MjrMediaType;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One recorded stream placed on the wall clock: who published it, what it is, and when its media
 * starts and ends (µs since the epoch, from the MJR timing: {@link
 * io.github.wildfiresfu.recorder.post.Recording#startMicros()} plus the media's duration).
 *
 * @param participant   publisher id
 * @param kind          audio, video or data
 * @param mindex        m-line index, or -1 when the name has none (Janus 0.x)
 * @param codec         codec from the MJR header
 * @param createdMicros when the recorder was created (header {@code s}): the publish moment
 * @param startMicros   real time of the first media
 * @param endMicros     real time the media ends ({@code >= startMicros})
 * @param source        the MJR file
 */
public record StreamSpan(String participant, MjrMediaType kind, int mindex, String codec, long createdMicros,
                         long startMicros, long endMicros, Path source) {

    /** Checks the fields. */
    public StreamSpan {
        Objects.requireNonNull(participant, "participant");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(codec, "codec");
        if (endMicros < startMicros) {
            throw new IllegalArgumentException("stream ends (" + endMicros + ") before it starts (" + startMicros + ")");
        }
    }

    /** The same stream with other media times (once a conversion knows them exactly). */
    public StreamSpan withTimes(long start, long end) {
        return new StreamSpan(participant, kind, mindex, codec, createdMicros, start, end, source);
    }

    /** {@code audio-0}, {@code video-1}, {@code video} (no mindex): how the stream is named in files. */
    public String label() {
        return kind.word() + (mindex >= 0 ? "-" + mindex : "");
    }
}
