package io.github.wildfiresfu.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The jcfg grammar, case by case. The expected values of the well-formed table were checked
 * against libconfig 1.5 (Debian's libconfig9, which Janus 1.1.2 links) by reading the same text
 * with {@code config_read_string} and printing it back with {@code config_write}; the rows
 * marked "stricter" are where we refuse what libconfig silently mangles.
 */
class JcfgParserTest {

    private static JcfgGroup parse(String text) {
        return JcfgParser.parse("t.jcfg", text);
    }

    private static Object scalar(String text, String key) {
        return ((JcfgScalar) parse(text).get(key).orElseThrow()).value();
    }

    static Stream<Arguments> scalars() {
        return Stream.of(
                // Settings: '=' or ':', optional ';' or ','.
                Arguments.of("a = 1;", 1L),
                Arguments.of("a: 1", 1L),
                Arguments.of("a = 1,", 1L),
                Arguments.of("a=1", 1L),
                // Integers.
                Arguments.of("a = -5", -5L),
                Arguments.of("a = +7", 7L),
                Arguments.of("a = 01", 1L),
                Arguments.of("a = 0x1F", 31L),
                Arguments.of("a = 0Xff", 255L),
                Arguments.of("a = 0xFFFFFFFF", 4294967295L),
                Arguments.of("a = 10L", 10L),
                Arguments.of("a = 10LL", 10L),
                Arguments.of("a = 2147483648", 2147483648L), // libconfig wraps this to -2147483648
                Arguments.of("a = 9223372036854775807L", Long.MAX_VALUE),
                Arguments.of("a = -9223372036854775808L", Long.MIN_VALUE),
                Arguments.of("a = 0x7FFFFFFFFFFFFFFFL", Long.MAX_VALUE),
                Arguments.of("a = 0xFFFFFFFFFFFFFFFFL", -1L), // 64-bit two's complement, as libconfig
                Arguments.of("a = 0x0000000000000000001L", 1L),
                // Floats.
                Arguments.of("a = 1.5", 1.5),
                Arguments.of("a = .5", 0.5),
                Arguments.of("a = -.5", -0.5),
                Arguments.of("a = 1.", 1.0),
                Arguments.of("a = 1e3", 1000.0),
                Arguments.of("a = 1.e5", 100000.0),
                Arguments.of("a = -2.5E-3", -0.0025),
                Arguments.of("a = +3.0", 3.0),
                // Booleans in any case.
                Arguments.of("a = true", true),
                Arguments.of("a = TRUE", true),
                Arguments.of("a = fAlSe", false),
                // Strings, escapes, concatenation.
                Arguments.of("a = \"x\"", "x"),
                Arguments.of("a = \"\"", ""),
                Arguments.of("a = \"q\\\"b\\\\c\"", "q\"b\\c"),
                Arguments.of("a = \"\\n\\t\\r\\f\"", "\n\t\r\f"),
                Arguments.of("a = \"\\x41\\x7a\"", "Az"),
                Arguments.of("a = \"\\xc3\\xa9\"", "é"), // \xNN is a byte: two bytes, one UTF-8 letter
                Arguments.of("a = \"a\\qb\"", "a\\qb"), // unknown escape kept, as libconfig
                Arguments.of("a = \"\\x4\"", "\\x4"), // incomplete \x kept, as libconfig
                Arguments.of("a = \"ab\" \"cd\"   \"ef\"", "abcdef"),
                Arguments.of("a = \"a\" /* c */ \"b\" # d\n \"c\"", "abc"),
                Arguments.of("a = \"multi\nline\"", "multi\nline"),
                Arguments.of("a = \"é中文 😀\"", "é中文 😀"),
                Arguments.of("a = \"[\\x1b[32mjanus\\x1b[0m] \"", "[\u001b[32mjanus\u001b[0m] "),
                // Comments of all kinds, also at the end of the file without a newline.
                Arguments.of("# c\na = 1 # c", 1L),
                Arguments.of("// c\na = 1 // c", 1L),
                Arguments.of("/* c\n c */ a /* c */ = /* c */ 1 /* c */ ;", 1L),
                Arguments.of("a = 1 /* a # b // c */", 1L),
                // Line endings and a byte order mark.
                Arguments.of("\r\na = 1;\r\n", 1L),
                Arguments.of("\uFEFFa = 1", 1L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scalars")
    void readsScalars(String text, Object expected) {
        assertThat(scalar(text, "a")).isEqualTo(expected);
    }

    @Test
    void settingsWithoutTerminatorsOneLineOrMany() {
        JcfgGroup root = parse("a = 1 b = \"x\"\nc: true, d = 2.5; e = 3");
        assertThat(root.keys()).containsExactly("a", "b", "c", "d", "e");
    }

    @Test
    void namesMayHoldDashesUnderscoresAndStars() {
        JcfgGroup root = parse("room-1234 = {}; c_d = 1; *e = 2; f* = 3; trueish = 4; falsey = 5");
        assertThat(root.keys()).containsExactly("room-1234", "c_d", "*e", "f*", "trueish", "falsey");
    }

    @Test
    void groupsNestWithPathsAndKeyPositions() {
        JcfgGroup root = parse("general: {\n\tdebug_level = 4\n\tsub = {\n\t\tx = \"y\";\n\t};\n}\nroom-1234: { }\n");
        assertThat(root.name()).isEqualTo("t.jcfg");
        assertThat(root.path()).isEmpty();
        assertThat(root.position()).hasToString("t.jcfg");
        JcfgGroup general = root.group("general");
        assertThat(general.name()).isEqualTo("general");
        assertThat(general.path()).isEqualTo("general");
        assertThat(general.position()).isEqualTo(new JcfgPosition("t.jcfg", 1, 1));
        assertThat(general.get("debug_level").orElseThrow().position()).isEqualTo(new JcfgPosition("t.jcfg", 2, 2));
        JcfgGroup sub = general.group("sub");
        assertThat(sub.name()).isEqualTo("sub");
        assertThat(sub.path()).isEqualTo("general.sub");
        assertThat(sub.getString("x", null)).isEqualTo("y");
        assertThat(sub.get("x").orElseThrow().position()).isEqualTo(new JcfgPosition("t.jcfg", 4, 3));
        assertThat(root.groups()).extracting(JcfgGroup::path).containsExactly("general", "room-1234");
        assertThat(root.group("room-1234").keys()).isEmpty();
    }

    @Test
    void listsHoldAnyItemsWithTheirOwnPositions() {
        JcfgList list = (JcfgList) parse("l = (1, \"a\",\n  {x = 1;}, (2), [3], ())").get("l").orElseThrow();
        assertThat(list.array()).isFalse();
        assertThat(list.position()).isEqualTo(new JcfgPosition("t.jcfg", 1, 1));
        assertThat(list.items()).hasSize(6);
        assertThat(list.items().get(1).position()).isEqualTo(new JcfgPosition("t.jcfg", 1, 9));
        JcfgGroup inList = (JcfgGroup) list.items().get(2);
        assertThat(inList.name()).isEqualTo("l");
        assertThat(inList.path()).isEqualTo("l[2]");
        assertThat(inList.position()).isEqualTo(new JcfgPosition("t.jcfg", 2, 3));
        assertThat(((JcfgList) list.items().get(3)).array()).isFalse();
        assertThat(((JcfgList) list.items().get(4)).array()).isTrue();
        assertThat(((JcfgList) list.items().get(5)).items()).isEmpty();
    }

    @Test
    void arraysHoldScalarsOfOneType() {
        JcfgGroup root = parse("a = [1, 2L, 0x3]; b = []; c = [ \"x\" \"y\", \"z\" ]; d = [true, FALSE]; e = [1.0, 2e1]");
        assertThat(root.getStringList("c")).containsExactly("xy", "z");
        JcfgList a = (JcfgList) root.get("a").orElseThrow();
        assertThat(a.array()).isTrue();
        assertThat(a.items()).extracting(v -> ((JcfgScalar) v).value()).containsExactly(1L, 2L, 3L);
        assertThat(((JcfgList) root.get("b").orElseThrow()).items()).isEmpty();
        assertThat(((JcfgList) root.get("e").orElseThrow()).items()).extracting(v -> ((JcfgScalar) v).value())
                .containsExactly(1.0, 20.0);
    }

    @Test
    void emptyAndCommentOnlyFilesAreEmptyRoots() {
        assertThat(parse("").keys()).isEmpty();
        assertThat(parse("\uFEFF").keys()).isEmpty();
        assertThat(parse("# nothing\n// here\n/* at all */\n\n").keys()).isEmpty();
    }

    @Test
    void deepestAllowedNestingParses() {
        int depth = JcfgParser.MAX_DEPTH;
        String text = "a = " + "(".repeat(depth) + ")".repeat(depth);
        assertThat(parse(text).has("a")).isTrue();
        String groups = "a = " + "{ b = ".repeat(depth - 1) + "{}" + " }".repeat(depth - 1);
        assertThat(parse(groups).has("a")).isTrue();
    }

    @Test
    void bytesAreDecodedAsUtf8() {
        JcfgGroup root = JcfgParser.parse("t.jcfg", "\uFEFFa = \"é\"".getBytes(StandardCharsets.UTF_8));
        assertThat(root.getString("a", null)).isEqualTo("é");
    }

    /** Malformed inputs: exact position and the words that tell the operator what to fix. */
    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("a 1", "1:3", "expected '=' or ':' after key \"a\", found number 1"),
                Arguments.of("general: {\n\tfoo 5\n}", "2:6", "expected '=' or ':' after key \"foo\""),
                Arguments.of("a = ;", "1:5", "expected a value for \"a\", found ';'"),
                Arguments.of("a =", "1:4", "expected a value for \"a\", found end of file"),
                Arguments.of("\tcertfile = /etc/ssl/x.pem", "1:13",
                        "expected a value for \"certfile\", found '/' (strings must be in double quotes)"),
                Arguments.of("a = yes", "1:5", "found name yes (strings must be in double quotes)"),
                Arguments.of("a = \"abc", "1:5", "unterminated string: no closing '\"' before end of file"),
                Arguments.of("a = \"abc\\\"", "1:5", "unterminated string"),
                Arguments.of("a = 1 /* x", "1:7", "unterminated comment: '/*' has no closing '*/'"), // stricter
                Arguments.of("g: {\n a = 1;\n", "1:4", "unterminated group \"g\": expected '}' before end of file"),
                Arguments.of("g: { h: { a = 1 }", "1:4", "unterminated group \"g\""),
                Arguments.of("g = { = 1 }", "1:7",
                        "expected a setting name or '}' to close group \"g\" (opened at 1:5), found '='"),
                Arguments.of("g = { a = 1 ] }", "1:13", "to close group \"g\" (opened at 1:5), found ']'"),
                Arguments.of("l = (1, 2", "1:5", "unterminated list \"l\": expected ')' before end of file"),
                Arguments.of("l = (1, 2,)", "1:11", "expected a value after ',' in list \"l\", found ')'"),
                Arguments.of("l = (1 2)", "1:8", "expected ',' or ')' in list \"l\" (opened at 1:5), found number 2"),
                Arguments.of("l = (", "1:5", "unterminated list \"l\""),
                Arguments.of("r = [1, \"a\"]", "1:9",
                        "mixed types in array \"r\": item 2 is a string but item 1 is an integer"),
                Arguments.of("r = [1, 2.0]", "1:9", "item 2 is a float but item 1 is an integer"),
                Arguments.of("r = [{a = 1}]", "1:6", "array \"r\" may hold only scalars of one type"),
                Arguments.of("r = [(1)]", "1:6", "use a list ( ... ) for groups, lists or mixed items"),
                Arguments.of("r = [1, 2", "1:5", "unterminated array \"r\": expected ']' before end of file"),
                Arguments.of("r = [1, ]", "1:9", "expected a value after ',' in array \"r\", found ']'"),
                Arguments.of("r = [1 2]", "1:8", "expected ',' or ']' in array \"r\""),
                Arguments.of("a = 1;\nb = 2;\na = 3;", "3:1", "duplicate key \"a\" (first defined at 1:1)"),
                Arguments.of("g: {\n x = 1;\n X = 2; }", "3:2",
                        "duplicate key \"X\" in group \"g\" (first defined at 2:2 as \"x\")"),
                Arguments.of("}", "1:1", "expected a setting name, found '}' (no group is open)"),
                Arguments.of("a = 1;;", "1:7", "expected a setting name, found ';'"),
                Arguments.of("a = \"x\" 5", "1:9", "expected a setting name, found number 5"),
                Arguments.of("{ a = 1 }", "1:1", "expected a setting name, found '{'"),
                Arguments.of("true = 1", "1:1", "expected a setting name, found true"),
                Arguments.of("1a = 5", "1:1", "invalid number \"1a\""),
                Arguments.of("a = 0x;", "1:5", "invalid number \"0x\": no hex digits after 0x"),
                Arguments.of("a = -0x10", "1:5", "invalid number \"-0x10\""),
                Arguments.of("a = 1.5L", "1:5", "invalid number \"1.5L\""),
                Arguments.of("a = 1e5L", "1:5", "invalid number \"1e5L\""),
                Arguments.of("a = 20000-40000", "1:5", "invalid number \"20000-40000\""),
                Arguments.of("a = -", "1:5", "invalid number \"-\""),
                Arguments.of("a = .", "1:5", "invalid number \".\""),
                Arguments.of("a = 99999999999999999999", "1:5", "integer 99999999999999999999 does not fit in 64 bits"),
                Arguments.of("a = 0x1FFFFFFFFFFFFFFFFL", "1:5", "does not fit in 64 bits"), // stricter
                Arguments.of("a = 1e400", "1:5", "float 1e400 is out of range"), // stricter
                Arguments.of("@include \"other.jcfg\"", "1:1", "'@include' and other '@' directives are not supported"),
                Arguments.of("a = \u0001", "1:5", "found character U+0001"),
                Arguments.of("a = 1\n\u0000", "2:1", "expected a setting name, found character U+0000"),
                Arguments.of("a = \"\\xff\"", "1:5", "string's \\x escapes do not form valid UTF-8"),
                Arguments.of("x = 1\r\ny = \r\n}", "3:1", "expected a value for \"y\", found '}'"),
                Arguments.of("a = " + "(".repeat(65), "1:69", "nesting deeper than 64 levels"),
                Arguments.of("a = " + "[".repeat(2), "1:6", "array \"a\" may hold only scalars"),
                Arguments.of("a = " + "{ b = ".repeat(65) + "1" + " }".repeat(65), "1:" + (5 + 64 * 6),
                        "nesting deeper than 64 levels"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedInputNamesPositionAndExpectation(String text, String lineColumn, String fragment) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(text));
        assertThat(e).as("no error for %s", text).isNotNull();
        assertThat(e.getMessage()).startsWith("t.jcfg:" + lineColumn + ": ").contains(fragment);
        assertThat(e.getMessage()).doesNotContain("\n");
    }

    @Test
    void invalidUtf8BytesAreNamedByLineAndColumn() {
        byte[] bytes = "a = 1\nb = \"x\u00ff\"".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> JcfgParser.parse("t.jcfg", bytes))
                .isInstanceOf(ConfigException.class)
                .hasMessage("t.jcfg:2:7: invalid UTF-8 byte 0xff (configuration files must be UTF-8 text)");
    }

    /**
     * Random bytes and mangled real text must end in a value or a ConfigException, quickly:
     * never another exception, a hang or a stack overflow.
     */
    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void garbageNeverHangsNorCrashes() {
        Random random = new Random(20240519);
        String alphabet = "{}()[]=:;,\"\\#/*-+.0123456789abcxLeE \t\n\r@\u0000\u00e9";
        String sample = "general: {\n\tdebug_level = 4\n\tprotected_folders = [ \"/bin\", \"/usr\" ]\n}\n"
                + "room-1234: { description = \"Demo \\\"Room\\\"\" publishers = 6 bitrate = 128000L }\n"
                + "l = ( { a = 1.5e3 }, ( 0x1F ), \"x\" \"y\" ) /* end */ # c\n";
        for (int round = 0; round < 3000; round++) {
            String text;
            if (round % 3 == 0) {
                byte[] bytes = new byte[random.nextInt(200)];
                random.nextBytes(bytes);
                assertParsesOrConfigException(() -> JcfgParser.parse("t.jcfg", bytes));
                continue;
            } else if (round % 3 == 1) {
                StringBuilder sb = new StringBuilder();
                int n = random.nextInt(300);
                for (int i = 0; i < n; i++) {
                    sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                text = sb.toString();
            } else {
                StringBuilder sb = new StringBuilder(sample);
                for (int edits = random.nextInt(4) + 1; edits > 0; edits--) {
                    int at = random.nextInt(sb.length());
                    if (random.nextBoolean()) {
                        sb.deleteCharAt(at);
                    } else {
                        sb.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    }
                }
                text = sb.toString();
            }
            String input = text;
            assertParsesOrConfigException(() -> parse(input));
        }
        // Pathological nesting far beyond the cap, and long runs, stay cheap.
        assertThatThrownBy(() -> parse("a = " + "(".repeat(1_000_000))).hasMessageContaining("nesting deeper");
        assertThatThrownBy(() -> parse("a = " + "{ b = ".repeat(200_000))).hasMessageContaining("nesting deeper");
        assertThatThrownBy(() -> parse("a = \"" + "x".repeat(1_000_000))).hasMessageContaining("unterminated string");
        assertThatThrownBy(() -> parse("/*" + "*".repeat(1_000_000))).hasMessageContaining("unterminated comment");
        assertThat(parse("a = [" + "1, ".repeat(100_000) + "1]").has("a")).isTrue();
    }

    private static void assertParsesOrConfigException(Runnable parse) {
        try {
            parse.run();
        } catch (ConfigException expected) {
            assertThat(expected.getMessage()).startsWith("t.jcfg:").doesNotContain("\n");
        }
    }

    @Test
    void keysAreLookedUpIgnoringCaseLikeJanus() {
        JcfgGroup root = parse("General: { Session_Timeout = 30 }");
        assertThat(root.has("general")).isTrue();
        assertThat(root.group("general").getInt("session_timeout", 60, 0, 100)).isEqualTo(30);
        assertThat(root.keys()).containsExactly("General");
        List<String> warnings = new java.util.ArrayList<>();
        root.group("general").reportUnknownKeys(java.util.Set.of("session_timeout"), warnings::add);
        assertThat(warnings).isEmpty();
    }
}
