package io.github.wildfiresfu.recorder.post;

import java.io.IOException;

/** The recording's codec cannot be converted to the requested output (or at all); one-line message. */
public class UnsupportedConversionException extends IOException {

    private static final long serialVersionUID = 1L;

    /** @param message what cannot be done and what can */
    public UnsupportedConversionException(String message) {
        super(message);
    }
}
