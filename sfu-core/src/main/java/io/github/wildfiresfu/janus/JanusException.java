package io.github.wildfiresfu.janus;

/** A request failed with a Janus core error; rendered as a Janus {@code error} reply. */
public class JanusException extends Exception {

    private final JanusErrorCode code;

    public JanusException(JanusErrorCode code, String reason) {
        super(reason, null, false, false);
        this.code = code;
    }

    public JanusErrorCode code() {
        return code;
    }

    public String reason() {
        return getMessage();
    }
}
