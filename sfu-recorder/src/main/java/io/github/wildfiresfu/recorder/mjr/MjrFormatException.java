package io.github.wildfiresfu.recorder.mjr;

import java.io.IOException;

/**
 * A recording that is not a valid MJR file, or not one we can use: bad magic, an unreadable or
 * incomplete info header, a damaged record. The message is a one-line description that names the
 * file offset where the problem is.
 */
public class MjrFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    /** @param message one line, saying what is wrong and where */
    public MjrFormatException(String message) {
        super(message);
    }

    /** @param message one line, saying what is wrong and where; {@code cause} gives details */
    public MjrFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
