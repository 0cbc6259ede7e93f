package io.github.wildfiresfu.launcher;

import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/** Routes {@code System.Logger} (JUL underneath) to one-line records on stderr. */
final class LogSetup {

    private LogSetup() {
    }

    static void install(Level level) {
        if (System.getProperty("java.util.logging.config.file") != null) {
            return; // The operator brought their own logging configuration.
        }
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        Handler console = new ConsoleHandler();
        console.setFormatter(new OneLineLogFormatter());
        console.setLevel(Level.ALL);
        root.addHandler(console);
        root.setLevel(level);
        // Library chatter at INFO is noise for operators.
        Logger.getLogger("io.netty").setLevel(Level.WARNING);
        if (LogManager.getLogManager() instanceof RetainingLogManager retaining) {
            retaining.freeze();
        }
    }
}
