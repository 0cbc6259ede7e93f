package io.github.wildfiresfu.janus.videoroom;

/** The media port could not negotiate; the plugin answers the client with a VideoRoom error. */
public class MediaException extends Exception {

    public MediaException(String message) {
        super(message);
    }

    public MediaException(String message, Throwable cause) {
        super(message, cause);
    }

    /** WebRTC media is not available in this build or right now: answered with error 499. */
    public static final class Unavailable extends MediaException {
        public Unavailable(String message) {
            super(message);
        }
    }

    /** The SDP could not be parsed or used: answered with error 437 ("Error parsing offer: ..."). */
    public static final class InvalidSdp extends MediaException {
        public InvalidSdp(String message) {
            super(message);
        }
    }
}
