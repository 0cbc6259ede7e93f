package io.github.wildfiresfu.recorder;

/**
 * Where the media engine hands packets it wants recorded: one {@link RecordingHandle} per recorded
 * stream. Implemented by {@link MjrRecorder}. Independent of the Janus layer: the VideoRoom decides
 * what to record and translates its settings into a {@link StreamInfo}.
 *
 * <p>Design (design.md §5): the recorder is a tap. Handing a packet over copies it into a bounded
 * queue and returns; a writer thread does all disk work. Forwarding never waits for the disk, and a
 * full queue or a failed disk costs the recording packets, never the call.
 */
public interface RecordingTap {

    /**
     * Starts recording a stream. Returns at once: the file is created on the writer thread, and a
     * failure to create it is reported to the {@link RecordingListener} (the handle then drops what it
     * is offered).
     *
     * @throws IllegalStateException when the tap has been closed
     */
    RecordingHandle open(StreamInfo info);
}
