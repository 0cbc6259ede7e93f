package io.github.wildfiresfu.launcher;

import io.github.wildfiresfu.config.ConfigException;
import io.github.wildfiresfu.transport.http.TransportStartException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;

/**
 * {@code java -jar wildfire-sfu.jar [--configs-folder DIR]}: starts the server and runs until
 * SIGTERM/SIGINT, then closes sessions and releases ports. A server that cannot start (bad
 * config, port taken) prints one line saying why and exits with status 1; a bad command line
 * exits with status 2.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", RetainingLogManager.class.getName());
        }
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Runs until shutdown when the server started; otherwise returns the exit status. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        LaunchOptions options;
        try {
            options = LaunchOptions.parse(Arrays.asList(args));
        } catch (LaunchOptions.UsageException e) {
            err.println("wildfire-sfu: " + e.getMessage());
            err.println(LaunchOptions.USAGE);
            return 2;
        }
        if (options.help()) {
            out.println(LaunchOptions.USAGE);
            return 0;
        }
        if (options.version()) {
            out.println("Wildfire SFU " + Version.STRING);
            return 0;
        }
        LogSetup.install(Level.INFO);
        WildfireSfu server;
        try {
            server = WildfireSfu.start(options.configsFolder(), System.getenv());
        } catch (ConfigException | TransportStartException e) {
            err.println("wildfire-sfu: cannot start: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            err.println("wildfire-sfu: cannot start: " + e);
            e.printStackTrace(err);
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
