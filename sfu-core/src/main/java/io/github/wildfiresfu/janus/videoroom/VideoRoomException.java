package io.github.wildfiresfu.janus.videoroom;

/**
 * A VideoRoom request failed; rendered as {@code {"videoroom":"event","error_code","error"}}
 * with Janus's reason text.
 */
public final class VideoRoomException extends Exception {

    private final VideoRoomError error;

    public VideoRoomException(VideoRoomError error, String reason) {
        super(reason, null, false, false);
        this.error = error;
    }

    public VideoRoomError error() {
        return error;
    }

    /** Janus's reason text, e.g. {@code No such room (abc)}. */
    public String reason() {
        return getMessage();
    }
}
