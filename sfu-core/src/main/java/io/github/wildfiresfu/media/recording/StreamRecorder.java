package io.github.wildfiresfu.media.recording;

/**
 * Records publisher streams to files: the port through which the media side asks for a recording
 * (implemented outside core; the launcher adapts {@code sfu-recorder}'s MJR writer). Called on the
 * signalling thread; must not block on the disk (files are created elsewhere).
 */
@FunctionalInterface
public interface StreamRecorder {

    /** A recorder that cannot record: every {@link #start} is refused. */
    StreamRecorder NONE = stream -> {
        throw new IllegalStateException("this server has no recorder");
    };

    /**
     * Starts recording one stream and returns at once. A file that cannot be created or written later
     * (unwritable {@code rec_dir}, full disk) is reported by the implementation (one log line) and costs
     * the recording, never the call: the returned recording then drops what it is offered.
     *
     * @throws IllegalArgumentException when the stream cannot be recorded at all (a codec the recording
     *                                  format has no name for)
     * @throws IllegalStateException    when the recorder is shut down
     */
    StreamRecording start(RecordedStream stream);
}
