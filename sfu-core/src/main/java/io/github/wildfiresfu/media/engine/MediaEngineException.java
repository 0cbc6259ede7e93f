package io.github.wildfiresfu.media.engine;

/**
 * A negotiation the media engine could not do: no free port, an unknown handle, an engine that is
 * closed. The message is one line for the client's error reply.
 */
public class MediaEngineException extends Exception {

    private static final long serialVersionUID = 1L;

    public MediaEngineException(String message) {
        super(message);
    }

    public MediaEngineException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The SDP could not be parsed, or could not be answered (no usable m-line, no BUNDLE, ...). */
    public static final class SdpRejected extends MediaEngineException {
        private static final long serialVersionUID = 1L;

        public SdpRejected(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
