package io.github.wildfiresfu.recorder;

/**
 * Hears about recordings from the writer thread. Implementations must be quick and must not block
 * (post to the room's loop if they need to do more); an exception they throw is logged and ignored.
 */
public interface RecordingListener {

    /** A listener that ignores everything. */
    RecordingListener NONE = new RecordingListener() {
    };

    /**
     * The recording could not be created or written (unwritable directory, disk full) and has stopped;
     * the call goes on without it. Called once per handle.
     *
     * @param reason one line naming the file and the cause
     */
    default void onRecordingFailed(RecordingHandle handle, String reason) {
    }

    /** The recording was closed (after {@link RecordingHandle#close()}), successfully or not. */
    default void onRecordingClosed(RecordingHandle handle, RecordingResult result) {
    }
}
