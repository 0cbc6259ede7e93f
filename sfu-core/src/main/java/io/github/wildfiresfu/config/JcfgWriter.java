package io.github.wildfiresfu.config;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a {@link JcfgGroup} as jcfg text that both libconfig (so Janus) and {@link JcfgParser}
 * read back to the same values. Janus rewrites {@code janus.plugin.videoroom.jcfg} this way
 * when a {@code permanent} room is created, edited or destroyed ({@code janus_config_save} in
 * {@code src/config.c}, which prints a {@code # File automatically generated on ...} header and
 * lets libconfig format the settings).
 *
 * <p>Layout: one {@code key = value;} per line, groups as {@code name: { ... }} indented by two
 * spaces, lists {@code ( ... )} and arrays {@code [ ... ]} on one line when they hold only
 * scalars. Integers outside 32 bits get libconfig's {@code L} suffix; floats always carry a
 * {@code .} or exponent so they read back as floats; strings are escaped with
 * {@code \" \\ \n \r \t \f} and {@code \xNN} for other control characters.
 *
 * <p>Values that could not be read back are refused with {@link IllegalArgumentException}:
 * keys that are not libconfig names (see {@link #isValidName}), two keys of one group that
 * differ only in case, arrays of mixed or non-scalar items, non-finite floats and strings with
 * unpaired surrogates.
 */
public final class JcfgWriter {

    private static final String INDENT = "  ";

    private JcfgWriter() {
    }

    /**
     * True if {@code key} can be a setting name: {@code [A-Za-z*][-A-Za-z0-9_*]*} and not
     * {@code true}/{@code false} (libconfig's scanner would read those as booleans). A VideoRoom
     * room id becomes the group {@code room-<id>}, so ids with other characters cannot be saved.
     */
    public static boolean isValidName(String key) {
        if (key == null || key.isEmpty() || !JcfgParser.isNameStart(key.charAt(0))) {
            return false;
        }
        for (int i = 1; i < key.length(); i++) {
            if (!JcfgParser.isNameChar(key.charAt(i))) {
                return false;
            }
        }
        String lower = key.toLowerCase(Locale.ROOT);
        return !lower.equals("true") && !lower.equals("false");
    }

    /** The text of {@code root}'s settings, without a header. */
    public static String write(JcfgGroup root) {
        return write(root, List.of());
    }

    /**
     * The text of {@code root}, preceded by {@code headerLines} as {@code #} comments (Janus
     * writes {@code File automatically generated on <date>}; pass what you want, or nothing).
     */
    public static String write(JcfgGroup root, List<String> headerLines) {
        StringBuilder out = new StringBuilder();
        if (!headerLines.isEmpty()) {
            out.append("#\n");
            for (String header : headerLines) {
                for (String line : header.split("\r?\n|\r", -1)) {
                    out.append(line.isEmpty() ? "#" : "# " + line).append('\n');
                }
            }
            out.append("#\n\n");
        }
        writeSettings(out, root, 0, true);
        return out.toString();
    }

    /**
     * Writes {@code root} to {@code target} so that readers see either the old file or the new
     * one, never a partial write: the text goes to a temporary file in the same folder, is
     * forced to disk, and is renamed over {@code target}. The folder is created if missing (as
     * {@code janus_config_save} does); an existing file's POSIX permissions are kept.
     *
     * @throws IOException if the folder or file cannot be written; {@code target} is then unchanged
     * @throws IllegalArgumentException if {@code root} holds something jcfg cannot express
     */
    public static void writeAtomically(JcfgGroup root, Path target, List<String> headerLines) throws IOException {
        byte[] bytes = write(root, headerLines).getBytes(StandardCharsets.UTF_8);
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            copyPermissions(absolute, temp);
            try {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        syncDirectory(dir);
    }

    /** createTempFile makes the file owner-only; a config file keeps the mode it had (or 0644). */
    private static void copyPermissions(Path from, Path to) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(to, PosixFileAttributeView.class);
        if (view == null) {
            return;
        }
        if (Files.exists(from)) {
            view.setPermissions(Files.getPosixFilePermissions(from));
        } else {
            view.setPermissions(PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    /** Makes the rename durable; not every platform can open a folder, and that is fine. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Best effort: the data itself was forced before the rename.
        }
    }

    private static void writeSettings(StringBuilder out, JcfgGroup group, int level, boolean topLevel) {
        Map<String, String> seen = new HashMap<>();
        boolean first = true;
        for (Map.Entry<String, JcfgValue> e : group.entries().entrySet()) {
            String key = e.getKey();
            String where = group.path().isEmpty() ? "" : " in group \"" + group.path() + "\"";
            if (!isValidName(key)) {
                throw new IllegalArgumentException("cannot write key \"" + key + "\"" + where
                        + ": a jcfg name is [A-Za-z*][-A-Za-z0-9_*]* and not true/false");
            }
            String clash = seen.putIfAbsent(key.toLowerCase(Locale.ROOT), key);
            if (clash != null) {
                throw new IllegalArgumentException("cannot write keys \"" + clash + "\" and \"" + key + "\"" + where
                        + ": they differ only in case, and Janus reads keys ignoring case");
            }
            JcfgValue value = e.getValue();
            // A blank line between top-level groups, as in Janus's sample files.
            if (topLevel && !first && value instanceof JcfgGroup) {
                out.append('\n');
            }
            first = false;
            indent(out, level);
            if (value instanceof JcfgGroup g) {
                out.append(key).append(": ");
                writeGroupBody(out, g, level);
                out.append('\n');
            } else {
                out.append(key).append(" = ");
                writeValue(out, value, level, qualify(group, key));
                out.append(";\n");
            }
        }
    }

    private static void writeGroupBody(StringBuilder out, JcfgGroup g, int level) {
        out.append("{\n");
        writeSettings(out, g, level + 1, false);
        indent(out, level);
        out.append('}');
    }

    private static void writeValue(StringBuilder out, JcfgValue value, int level, String path) {
        if (value instanceof JcfgScalar s) {
            writeScalar(out, s.value(), path, false);
        } else if (value instanceof JcfgGroup g) {
            writeGroupBody(out, g, level);
        } else {
            writeList(out, (JcfgList) value, level, path);
        }
    }

    private static void writeList(StringBuilder out, JcfgList list, int level, String path) {
        char open = list.array() ? '[' : '(';
        char close = list.array() ? ']' : ')';
        if (list.array()) {
            String firstType = null;
            for (JcfgValue item : list.items()) {
                if (!(item instanceof JcfgScalar s)) {
                    throw new IllegalArgumentException("cannot write array \"" + path
                            + "\": an array [ ] holds only scalars; use a list ( ) instead");
                }
                String type = JcfgParser.typeName(s.value());
                if (firstType != null && !firstType.equals(type)) {
                    throw new IllegalArgumentException("cannot write array \"" + path + "\": it mixes "
                            + firstType + " and " + type + "; use a list ( ) instead");
                }
                firstType = type;
            }
        }
        if (list.items().isEmpty()) {
            out.append(open).append(' ').append(close);
            return;
        }
        boolean allScalars = list.items().stream().allMatch(v -> v instanceof JcfgScalar);
        if (allScalars) {
            // libconfig rejects an array mixing 32-bit and 64-bit (L) integers: if one needs L, all get it.
            boolean allLong = list.array() && list.items().stream()
                    .anyMatch(v -> ((JcfgScalar) v).value() instanceof Long l && !fitsInt(l));
            out.append(open).append(' ');
            for (int i = 0; i < list.items().size(); i++) {
                if (i > 0) {
                    out.append(", ");
                }
                writeScalar(out, ((JcfgScalar) list.items().get(i)).value(), path, allLong);
            }
            out.append(' ').append(close);
            return;
        }
        out.append(open).append('\n');
        for (int i = 0; i < list.items().size(); i++) {
            indent(out, level + 1);
            writeValue(out, list.items().get(i), level + 1, path + "[" + i + "]");
            out.append(i + 1 < list.items().size() ? ",\n" : "\n");
        }
        indent(out, level);
        out.append(close);
    }

    private static boolean fitsInt(long l) {
        return l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE;
    }

    private static void writeScalar(StringBuilder out, Object v, String path, boolean forceLong) {
        if (v instanceof String s) {
            writeString(out, s, path);
        } else if (v instanceof Long l) {
            out.append(l);
            // libconfig reads an integer without L as 32-bit and would wrap a larger one.
            if (forceLong || !fitsInt(l)) {
                out.append('L');
            }
        } else if (v instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                throw new IllegalArgumentException("cannot write \"" + path + "\": " + d
                        + " has no jcfg form; use a finite number");
            }
            // Double.toString always has a '.' or an exponent ("1.0", "1.0E10"), as libconfig needs.
            out.append(d);
        } else {
            out.append(v);
        }
    }

    private static void writeString(StringBuilder out, String s, String path) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        throw new IllegalArgumentException("cannot write \"" + path
                                + "\": the string has an unpaired surrogate, which UTF-8 cannot encode");
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static String qualify(JcfgGroup group, String key) {
        return group.path().isEmpty() ? key : group.path() + "." + key;
    }

    private static void indent(StringBuilder out, int level) {
        out.append(INDENT.repeat(level));
    }
}
