package io.github.wildfiresfu.janus.videoroom;

/**
 * Callbacks from the VideoRoom plugin to the rest of the server, all on the signalling thread.
 * Every method has an empty default so callers implement only what they need.
 */
public interface VideoRoomListener {

    /** Ignores every callback. */
    VideoRoomListener NONE = new VideoRoomListener() {
    };

    /**
     * A {@code create} with {@code "pb_message": true} succeeded. The Wildfire fork calls
     * {@code use_pb()} here: a process-wide, one-way switch of the MQTT transport to protobuf
     * output (wildfire-protocol.md §2 item 3). Rooms from the config file do not trigger it.
     */
    default void onPbMessageRoomCreated(String roomId) {
    }

    /**
     * The recording state of a live room changed ({@code enable_recording}). The plugin has already
     * started or stopped its publishers' recordings through {@link VideoRoomMedia#startRecording} and
     * {@link VideoRoomMedia#stopRecording}; this is for observers.
     */
    default void onRoomRecordingChanged(String roomId, boolean record) {
    }

    /** A room is gone: destroyed, or removed because its last participant left (Wildfire). */
    default void onRoomRemoved(String roomId, boolean destroyed) {
    }
}
