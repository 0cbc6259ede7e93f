package io.github.wildfiresfu.launcher;

import java.util.logging.LogManager;

/**
 * A LogManager whose {@link #reset()} is ignored once logging is set up. The JDK's own shutdown
 * hook resets logging while other hooks still run, so without this the lines our shutdown hook
 * logs ("sessions closed", "stopped") are lost exactly when an operator needs them.
 * Installed through {@code java.util.logging.manager} before any logger exists.
 */
public final class RetainingLogManager extends LogManager {

    private volatile boolean frozen;

    @Override
    public void reset() {
        if (!frozen) {
            super.reset();
        }
    }

    void freeze() {
        frozen = true;
    }
}
