package io.github.wildfiresfu.recorder;

/**
 * Where the media engine hands packets it wants recorded: one {@link RecordingHandle} per recorded
 * stream. Implemented by {@link MjrRecorder}. Independent of the Janus layer: the VideoRoom decides
 * what to record and translates its settings into a {@link StreamInfo}.
 *
 * <p>Design (design.md §5): the recorder is a tap. Handing a packet over copies it into a bounded
 * queue and returns; a writer thread does all disk work. Forwarding never waits for the disk, and a
 * full queue or a failed disk costs the recording packets, never the call.
 *
 * <p>What to hand over (the media engine's side of the contract):
 * <ul>
 *   <li>audio and video: decrypted RTP packets as received from the publisher, header extensions
 *       included; for a simulcast publisher only the layer to record (Janus records the top one,
 *       {@code rec_simctx.substream_target = 2} in {@code janus_videoroom.c}); switching layers is a
 *       source change and numbering stays continuous;</li>
 *   <li>data: one data-channel message per call;</li>
 *   <li>{@code arrivalMicros}: the engine's monotonic clock in µs when the packet arrived;</li>
 *   <li>{@link RecordingHandle#close()} when the publisher unpublishes or leaves, or recording is
 *       disabled; the tap's own {@code close()} at shutdown.</li>
 * </ul>
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
