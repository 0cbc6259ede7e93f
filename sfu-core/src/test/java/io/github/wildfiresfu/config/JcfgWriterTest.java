package io.github.wildfiresfu.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JcfgWriterTest {

    @TempDir
    Path dir;

    @Test
    void writesJanusLikeLayout() {
        JcfgGroup root = JcfgGroup.of("janus.plugin.videoroom.jcfg", orderedMap(
                "general", orderedMap("string_ids", true),
                "room-1234", orderedMap(
                        "description", "Demo \"Room\"\n",
                        "publishers", 6,
                        "bitrate", 4_000_000_000L,
                        "audiolevel_average", 25.5,
                        "allowed", List.of("a", "b"),
                        "nested", List.of(orderedMap("x", 1), "y"),
                        "empty", orderedMap())));
        assertThat(JcfgWriter.write(root, List.of("File automatically generated on Sun May 19 01:20:43 2024")))
                .isEqualTo("""
                        #
                        # File automatically generated on Sun May 19 01:20:43 2024
                        #

                        general: {
                          string_ids = true;
                        }

                        room-1234: {
                          description = "Demo \\"Room\\"\\n";
                          publishers = 6;
                          bitrate = 4000000000L;
                          audiolevel_average = 25.5;
                          allowed = ( "a", "b" );
                          nested = (
                            {
                              x = 1;
                            },
                            "y"
                          );
                          empty: {
                          }
                        }
                        """);
    }

    @Test
    void stringsEscapeEverythingLibconfigNeeds() {
        JcfgGroup root = JcfgGroup.of("t.jcfg", Map.of("s", "q\"b\\c\n\r\t\f\u0000\u001b\u007f é😀"));
        assertThat(JcfgWriter.write(root)).isEqualTo("s = \"q\\\"b\\\\c\\n\\r\\t\\f\\x00\\x1b\\x7f é😀\";\n");
        assertThat(JcfgParser.parse("t.jcfg", JcfgWriter.write(root)).getString("s", null))
                .isEqualTo("q\"b\\c\n\r\t\f\u0000\u001b\u007f é😀");
    }

    @Test
    void arraysStayArrays() {
        JcfgGroup root = JcfgGroup.of("t.jcfg", Map.of("a", new JcfgList(
                List.of(JcfgScalar.of("/bin"), JcfgScalar.of("/usr")), true, JcfgPosition.BUILT_IN)));
        assertThat(JcfgWriter.write(root)).isEqualTo("a = [ \"/bin\", \"/usr\" ];\n");
    }

    @Test
    void integerArraysNeedingSixtyFourBitsAreAllSuffixed() {
        // libconfig 1.5 rejects [ 1, 5000000000L ] as "mismatched element type in array".
        JcfgList ints = new JcfgList(List.of(JcfgScalar.of(1), JcfgScalar.of(5_000_000_000L)), true,
                JcfgPosition.BUILT_IN);
        JcfgList small = new JcfgList(List.of(JcfgScalar.of(1), JcfgScalar.of(2)), true, JcfgPosition.BUILT_IN);
        JcfgList list = new JcfgList(List.of(JcfgScalar.of(1), JcfgScalar.of(5_000_000_000L)), false,
                JcfgPosition.BUILT_IN);
        assertThat(JcfgWriter.write(JcfgGroup.of("t.jcfg", orderedMap("a", ints, "b", small, "c", list))))
                .isEqualTo("a = [ 1L, 5000000000L ];\nb = [ 1, 2 ];\nc = ( 1, 5000000000L );\n");
    }

    /** Property: for random trees, parse(write(tree)) equals tree, and writing is stable. */
    @Test
    void roundTripsRandomTrees() {
        for (long seed = 1; seed <= 300; seed++) {
            Random random = new Random(seed);
            JcfgGroup tree = new JcfgGroup("t.jcfg", "", randomEntries(random, 0), JcfgPosition.BUILT_IN);
            String text = JcfgWriter.write(tree);
            JcfgGroup back;
            try {
                back = JcfgParser.parse("t.jcfg", text);
            } catch (ConfigException e) {
                throw new AssertionError("seed " + seed + ": " + e.getMessage() + "\n" + text, e);
            }
            assertThat(plain(back)).as("seed %d:\n%s", seed, text).isEqualTo(plain(tree));
            assertThat(JcfgWriter.write(back)).as("seed %d", seed).isEqualTo(text);
        }
    }

    /** Janus's own sample files survive parse → write → parse unchanged (when installed). */
    @Test
    void roundTripsJanusSampleFiles() throws IOException {
        List<Path> samples = JanusSampleFiles.listOrSkip();
        int parsed = 0;
        for (Path sample : samples) {
            JcfgGroup original;
            try {
                original = JcfgParser.parseFile(sample);
            } catch (ConfigException e) {
                continue; // JanusSampleFilesTest covers the known-broken sample.
            }
            JcfgGroup back = JcfgParser.parse(sample.getFileName().toString(), JcfgWriter.write(original));
            assertThat(plain(back)).as(sample.toString()).isEqualTo(plain(original));
            parsed++;
        }
        assertThat(parsed).isGreaterThan(10);
    }

    @Test
    void roundTripsWildfireFixtures() throws IOException {
        for (String name : List.of(ConfigFolder.JANUS, ConfigFolder.VIDEOROOM, ConfigFolder.MQTT)) {
            JcfgGroup original = JcfgParser.parseFile(WildfireFixtures.folder().resolve(name));
            JcfgGroup back = JcfgParser.parse(name, JcfgWriter.write(original));
            assertThat(plain(back)).as(name).isEqualTo(plain(original));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1abc", "-x", "room 12", "room.12", "a=b", "true", "FALSE", "é"})
    void refusesKeysLibconfigCannotRead(String key) {
        assertThat(JcfgWriter.isValidName(key)).isFalse();
        JcfgGroup root = JcfgGroup.of("t.jcfg", Map.of("g", Map.of(key, 1)));
        assertThatThrownBy(() -> JcfgWriter.write(root))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot write key \"" + key + "\" in group \"g\"");
    }

    @Test
    void acceptsRoomGroupNames() {
        assertThat(JcfgWriter.isValidName("room-1234")).isTrue();
        assertThat(JcfgWriter.isValidName("room-c0ffee-42_x")).isTrue();
        assertThat(JcfgWriter.isValidName("*")).isTrue();
    }

    @Test
    void refusesWhatCannotBeReadBack() {
        assertThatThrownBy(() -> JcfgWriter.write(JcfgGroup.of("t.jcfg", orderedMap("ab", 1, "AB", 2))))
                .hasMessageContaining("they differ only in case");
        JcfgList mixed = new JcfgList(List.of(JcfgScalar.of(1), JcfgScalar.of("x")), true, JcfgPosition.BUILT_IN);
        assertThatThrownBy(() -> JcfgWriter.write(JcfgGroup.of("t.jcfg", Map.of("a", mixed))))
                .hasMessageContaining("cannot write array \"a\": it mixes an integer and a string");
        JcfgList nested = new JcfgList(List.of(JcfgGroup.of("x", Map.of())), true, JcfgPosition.BUILT_IN);
        assertThatThrownBy(() -> JcfgWriter.write(JcfgGroup.of("t.jcfg", Map.of("a", nested))))
                .hasMessageContaining("an array [ ] holds only scalars");
        assertThatThrownBy(() -> JcfgWriter.write(JcfgGroup.of("t.jcfg", Map.of("f", Double.NaN))))
                .hasMessageContaining("cannot write \"f\": NaN has no jcfg form");
        assertThatThrownBy(() -> JcfgWriter.write(JcfgGroup.of("t.jcfg", Map.of("s", "a\ud800b"))))
                .hasMessageContaining("unpaired surrogate");
    }

    @Test
    void writesAtomicallyReplacingTheOldFileAndKeepingItsMode() throws IOException {
        Path target = dir.resolve("janus.plugin.videoroom.jcfg");
        Files.writeString(target, "general: { string_ids = true }\n");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r-----"));
        JcfgGroup rooms = JcfgParser.parseFile(target)
                .with("room-42", JcfgGroup.of("room-42", orderedMap("description", "Forty-two", "publishers", 3)));

        JcfgWriter.writeAtomically(rooms, target, List.of("File automatically generated"));

        JcfgGroup back = JcfgParser.parseFile(target);
        assertThat(back.keys()).containsExactly("general", "room-42");
        assertThat(back.group("room-42").getInt("publishers", 0, 0, 100)).isEqualTo(3);
        assertThat(Files.getPosixFilePermissions(target)).isEqualTo(PosixFilePermissions.fromString("rw-r-----"));
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(target); // No temporary file left behind.
        }
    }

    @Test
    void createsTheFolderAndANewFileReadableByOthers() throws IOException {
        Path target = dir.resolve("sub/folder/janus.plugin.videoroom.jcfg");
        JcfgWriter.writeAtomically(JcfgGroup.of("x", Map.of("a", 1)), target, List.of());
        assertThat(Files.readString(target)).isEqualTo("a = 1;\n");
        assertThat(Files.getPosixFilePermissions(target)).isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
    }

    @Test
    void failedWriteLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path target = dir.resolve("janus.plugin.videoroom.jcfg");
        Files.writeString(target, "old = 1;\n");
        JcfgGroup bad = JcfgGroup.of("x", Map.of("bad key", 1));
        assertThatThrownBy(() -> JcfgWriter.writeAtomically(bad, target, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        // A target that is a non-empty folder cannot be replaced: the rename fails.
        Path folderTarget = dir.resolve("taken");
        Files.createDirectories(folderTarget.resolve("inside"));
        assertThatThrownBy(() -> JcfgWriter.writeAtomically(JcfgGroup.of("x", Map.of("a", 1)), folderTarget, List.of()))
                .isInstanceOf(IOException.class);
        assertThat(Files.readString(target)).isEqualTo("old = 1;\n");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactlyInAnyOrder(target, folderTarget);
        }
    }

    @Test
    void withAndWithoutEditGroupsIgnoringCase() {
        JcfgGroup root = JcfgGroup.of("t.jcfg", orderedMap("a", 1, "Room-1", Map.of("x", 1), "c", 3));
        JcfgGroup replaced = root.with("room-1", JcfgGroup.of("room-1", Map.of("x", 2)));
        assertThat(replaced.keys()).containsExactly("a", "room-1", "c");
        assertThat(replaced.group("room-1").getInt("x", 0, 0, 9)).isEqualTo(2);
        assertThat(replaced.without("ROOM-1").keys()).containsExactly("a", "c");
        assertThat(root.without("absent")).isSameAs(root);
        assertThat(root.with("d", JcfgScalar.of(4)).keys()).containsExactly("a", "Room-1", "c", "d");
    }

    // ------------------------------------------------------------------ helpers

    private static final String NAME_START = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz*";
    private static final String NAME_CHARS = NAME_START + "0123456789-_";

    private static Map<String, JcfgValue> randomEntries(Random random, int depth) {
        Map<String, JcfgValue> entries = new LinkedHashMap<>();
        Set<String> lower = new HashSet<>();
        int n = random.nextInt(depth == 0 ? 8 : 5);
        while (entries.size() < n) {
            String name = randomName(random);
            if (!JcfgWriter.isValidName(name) || !lower.add(name.toLowerCase(Locale.ROOT))) {
                continue;
            }
            entries.put(name, randomValue(random, name, depth));
        }
        return entries;
    }

    private static JcfgValue randomValue(Random random, String name, int depth) {
        int kind = random.nextInt(depth >= 4 ? 4 : 7);
        return switch (kind) {
            case 4 -> new JcfgGroup(name, name, randomEntries(random, depth + 1), JcfgPosition.BUILT_IN);
            case 5 -> {
                List<JcfgValue> items = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    items.add(randomValue(random, name, depth + 1));
                }
                yield new JcfgList(items, false, JcfgPosition.BUILT_IN);
            }
            case 6 -> {
                List<JcfgValue> items = new ArrayList<>();
                int type = random.nextInt(4);
                for (int i = random.nextInt(4); i > 0; i--) {
                    items.add(randomScalar(random, type));
                }
                yield new JcfgList(items, true, JcfgPosition.BUILT_IN);
            }
            default -> randomScalar(random, kind);
        };
    }

    private static JcfgScalar randomScalar(Random random, int type) {
        Object v = switch (type) {
            case 0 -> switch (random.nextInt(4)) {
                case 0 -> (long) random.nextInt();
                case 1 -> random.nextLong();
                case 2 -> random.nextBoolean() ? Long.MIN_VALUE : Long.MAX_VALUE;
                default -> (long) random.nextInt(100);
            };
            case 1 -> switch (random.nextInt(5)) {
                case 0 -> Double.longBitsToDouble(random.nextLong() & 0x7fefffffffffffffL) * (random.nextBoolean() ? 1 : -1);
                case 1 -> random.nextDouble() * 1e-300;
                case 2 -> (double) random.nextInt(1000);
                case 3 -> -0.0;
                default -> random.nextGaussian();
            };
            case 2 -> random.nextBoolean();
            default -> randomString(random);
        };
        return new JcfgScalar(v, JcfgPosition.BUILT_IN);
    }

    private static String randomName(Random random) {
        StringBuilder sb = new StringBuilder();
        sb.append(NAME_START.charAt(random.nextInt(NAME_START.length())));
        for (int i = random.nextInt(10); i > 0; i--) {
            sb.append(NAME_CHARS.charAt(random.nextInt(NAME_CHARS.length())));
        }
        return sb.toString();
    }

    private static String randomString(Random random) {
        StringBuilder sb = new StringBuilder();
        String specials = "\"\\\n\r\t\f\u0000\u0001\u001f\u007f#/*;,{}()[]= ";
        for (int i = random.nextInt(20); i > 0; i--) {
            switch (random.nextInt(4)) {
                case 0 -> sb.append(specials.charAt(random.nextInt(specials.length())));
                case 1 -> sb.appendCodePoint(0x20 + random.nextInt(0x5f));
                case 2 -> sb.appendCodePoint(0xa0 + random.nextInt(0xd000));
                default -> sb.appendCodePoint(0x10000 + random.nextInt(0x1000));
            }
        }
        return sb.toString();
    }

    /** Plain Java form, without positions; lists carry their kind so ( ) and [ ] differ. */
    static Object plain(JcfgValue v) {
        if (v instanceof JcfgScalar s) {
            return s.value();
        }
        if (v instanceof JcfgList l) {
            List<Object> out = new ArrayList<>();
            out.add(l.array() ? "[]" : "()");
            l.items().forEach(i -> out.add(plain(i)));
            return out;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        ((JcfgGroup) v).entries().forEach((k, x) -> out.put(k, plain(x)));
        return out;
    }

    static Map<String, Object> orderedMap(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}
