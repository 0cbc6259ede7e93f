package io.github.wildfiresfu.recorder;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * One stream being recorded. Lifecycle: open (from {@link RecordingTap#open}) → closing (after
 * {@link #close()}) → closed, or failed when the file cannot be created or written; a handle cannot
 * be reopened.
 *
 * <p>Thread-safe: {@link #offer} may be called from any thread (normally the room's event loop) and
 * never blocks; statistics can be read from anywhere.
 */
public interface RecordingHandle {

    /** What is recorded. */
    StreamInfo info();

    /**
     * Queues a copy of one packet for the writer thread and returns at once. For audio and video the
     * bytes are a decrypted RTP packet (header rewriting for continuity happens on the writer thread;
     * the caller's bytes are never modified); for data they are one data-channel message.
     *
     * @param arrivalMicros monotonic arrival time in µs (e.g. {@code System.nanoTime() / 1000} of the
     *                      engine's clock), giving the record's time in the file
     * @return whether the packet was queued; false when it was dropped (queue full, closed, failed, bad
     *         length), which is counted in {@link #stats()}
     */
    boolean offer(byte[] packet, int off, int len, long arrivalMicros);

    /**
     * Tells the recorder that the packets that follow come from a restarted source even if their SSRC is
     * unchanged (a publisher that renegotiated), so numbering restarts from the last packet written
     * instead of jumping. A change of SSRC is noticed without this call. Never blocks.
     */
    void sourceChanged();

    /**
     * Stops recording: packets queued before this call are still written, then the file is flushed,
     * forced to disk and renamed from its temporary name. Idempotent: every call returns the same future.
     *
     * @return completes (never exceptionally) on the writer thread when the file is closed
     */
    CompletableFuture<RecordingResult> close();

    /** The file being written (with the temporary extension while open). */
    Path writingPath();

    /** The name the file has once closed. */
    Path finalPath();

    /** Counters so far. */
    RecordingStats stats();
}
