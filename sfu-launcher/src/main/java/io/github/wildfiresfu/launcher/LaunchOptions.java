package io.github.wildfiresfu.launcher;

import java.nio.file.Path;
import java.util.List;

/**
 * Command-line options, spelled as Janus spells them so operators can keep their container
 * command lines: {@code -F DIR} / {@code --configs-folder DIR} (also {@code --configs-folder=DIR}),
 * {@code -h}/{@code --help}, {@code -V}/{@code --version}. Options Janus has that we do not
 * need ({@code -o}, {@code -d N}, {@code -b} ...) are rejected with a clear message rather
 * than silently ignored, except the harmless {@code -o/--disable-colors}.
 */
public record LaunchOptions(Path configsFolder, boolean help, boolean version) {

    /** Thrown for a bad command line; the message is printed as is. */
    public static final class UsageException extends Exception {
        public UsageException(String message) {
            super(message);
        }
    }

    public static final String USAGE = String.join("\n",
            "Usage: java -jar wildfire-sfu.jar [options]",
            "  -F, --configs-folder DIR  read the Janus configuration files (janus.jcfg, janus.plugin.videoroom.jcfg,",
            "                            janus.transport.http.jcfg, janus.transport.websockets.jcfg,",
            "                            janus.transport.mqtt.jcfg) from DIR; without it, embedded defaults are used",
            "  -h, --help                print this help and exit",
            "  -V, --version             print the version and exit",
            "Environment: DOCKER_IP overrides nat.nat_1_1_mapping (the public address announced in SDP).");

    public static LaunchOptions parse(List<String> args) throws UsageException {
        Path folder = null;
        boolean help = false;
        boolean version = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "-F", "--configs-folder" -> {
                    if (i + 1 >= args.size() || args.get(i + 1).isBlank()) {
                        throw new UsageException(a + " needs a folder");
                    }
                    folder = Path.of(args.get(++i));
                }
                case "-h", "--help" -> help = true;
                case "-V", "--version" -> version = true;
                case "-o", "--disable-colors" -> {
                    // Janus's flag to drop ANSI colours; our log never has colours.
                }
                default -> {
                    if (a.startsWith("--configs-folder=")) {
                        String v = a.substring("--configs-folder=".length());
                        if (v.isBlank()) {
                            throw new UsageException("--configs-folder needs a folder");
                        }
                        folder = Path.of(v);
                    } else {
                        throw new UsageException("unknown option '" + a + "'");
                    }
                }
            }
        }
        return new LaunchOptions(folder, help, version);
    }
}
