package io.github.wildfiresfu.config;

import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The Janus configuration folder ({@code janus -F DIR}, default {@code /etc/janus}): the files
 * an operator already has for Janus, read by name. A file that is absent, or every file when
 * no folder is given, reads as an empty group, so the server runs on its embedded defaults
 * (Janus likewise starts without most of its files).
 *
 * <p>The {@linkplain #STANDARD_FILES standard files} are read when the folder is opened, so a
 * syntax error in any of them stops the start-up with a {@link ConfigException} that names
 * file, line and column. Other names are read on first use. Janus also accepts the legacy INI
 * format ({@code X.cfg}, used only when {@code X.jcfg} is missing, see {@code janus.c}); we read
 * only jcfg and warn when an INI file would have been used.
 *
 * <p>Instances are immutable apart from that cache of lazily read files, and thread-safe.
 */
public final class ConfigFolder {

    /** The core configuration. */
    public static final String JANUS = "janus.jcfg";
    /** The VideoRoom plugin, whose {@code room-<id>} groups are the rooms created at start-up. */
    public static final String VIDEOROOM = "janus.plugin.videoroom.jcfg";
    /** The HTTP (long-poll) transport and the HTTP admin API. */
    public static final String HTTP = "janus.transport.http.jcfg";
    /** The WebSocket transport. */
    public static final String WEBSOCKETS = "janus.transport.websockets.jcfg";
    /** The MQTT transport, which Wildfire uses to talk to its IM server. */
    public static final String MQTT = "janus.transport.mqtt.jcfg";

    /** Files read when the folder is opened. */
    public static final List<String> STANDARD_FILES = List.of(JANUS, VIDEOROOM, HTTP, WEBSOCKETS, MQTT);

    private static final System.Logger LOG = System.getLogger(ConfigFolder.class.getName());

    private final Path folder;
    private final Consumer<String> warnings;
    private final Map<String, JcfgGroup> files = new ConcurrentHashMap<>();

    private ConfigFolder(Path folder, Consumer<String> warnings) {
        this.folder = folder;
        this.warnings = warnings;
    }

    /**
     * Opens {@code dirOrNull} (null: no folder, embedded defaults only) and reads the standard
     * files, logging warnings through {@link System.Logger}.
     *
     * @throws ConfigException if the folder is given but missing or not a folder, or a file in
     *     it cannot be read or parsed
     */
    public static ConfigFolder open(Path dirOrNull) {
        return open(dirOrNull, message -> LOG.log(Level.WARNING, message));
    }

    /** As {@link #open(Path)}, sending each warning line (legacy {@code .cfg} files) to {@code warnings}. */
    public static ConfigFolder open(Path dirOrNull, Consumer<String> warnings) {
        Objects.requireNonNull(warnings, "warnings");
        if (dirOrNull != null) {
            if (!Files.exists(dirOrNull)) {
                throw new ConfigException("configs folder " + dirOrNull + " does not exist");
            }
            if (!Files.isDirectory(dirOrNull)) {
                throw new ConfigException("configs folder " + dirOrNull + " is not a folder");
            }
        }
        ConfigFolder opened = new ConfigFolder(dirOrNull, warnings);
        for (String name : STANDARD_FILES) {
            opened.file(name);
        }
        return opened;
    }

    /** The folder, if one was given. */
    public Optional<Path> folder() {
        return Optional.ofNullable(folder);
    }

    /**
     * The parsed file {@code name} (e.g. {@link #JANUS}), or {@link JcfgGroup#empty} when there
     * is no folder or no such file in it.
     *
     * @throws ConfigException if the file exists but cannot be read or parsed
     */
    public JcfgGroup file(String name) {
        checkName(name);
        JcfgGroup cached = files.get(name);
        if (cached != null) {
            return cached;
        }
        JcfgGroup read = read(name);
        JcfgGroup raced = files.putIfAbsent(name, read);
        return raced != null ? raced : read;
    }

    /** True if the folder holds the file {@code name}. */
    public boolean exists(String name) {
        checkName(name);
        return folder != null && Files.exists(folder.resolve(name));
    }

    /**
     * Where the file {@code name} lives in the folder, whether or not it exists yet (VideoRoom
     * creates {@link #VIDEOROOM} there to save permanent rooms); empty without a folder.
     */
    public Optional<Path> pathOf(String name) {
        checkName(name);
        return folder == null ? Optional.empty() : Optional.of(folder.resolve(name));
    }

    private JcfgGroup read(String name) {
        if (folder == null) {
            return JcfgGroup.empty(name);
        }
        Path path = folder.resolve(name);
        if (Files.exists(path)) {
            return JcfgParser.parse(name, ConfigFiles.readBounded(path, JcfgParser.MAX_FILE_BYTES));
        }
        if (name.endsWith(".jcfg")) {
            Path legacy = folder.resolve(name.substring(0, name.length() - ".jcfg".length()) + ".cfg");
            if (Files.exists(legacy)) {
                warnings.accept(legacy + " is in the legacy INI format, which Wildfire SFU does not read; "
                        + "convert it to " + name + " (Janus ships janus-cfgconv for that). Using defaults for "
                        + name);
            }
        }
        return JcfgGroup.empty(name);
    }

    /** A bare file name; anything else could read outside the folder. */
    private static void checkName(String name) {
        if (name == null || name.isEmpty() || name.contains("/") || name.contains("\\")
                || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("not a configuration file name: " + name);
        }
    }

    @Override
    public String toString() {
        return "ConfigFolder[" + (folder == null ? "embedded defaults" : folder) + "]";
    }
}
