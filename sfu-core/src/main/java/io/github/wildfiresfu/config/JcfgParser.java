package io.github.wildfiresfu.config;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses Janus configuration files ({@code .jcfg}), which Janus reads with libconfig
 * ({@code src/config.c}, {@code janus_config_parse} → {@code config_read}). The grammar is
 * libconfig 1.5's, the version Debian's Janus 1.1.2 links:
 * <pre>
 * file     := setting*
 * setting  := NAME ('=' | ':') value (';' | ',')?
 * value    := STRING+ | INTEGER | FLOAT | BOOLEAN | group | list | array
 * group    := '{' setting* '}'
 * list     := '(' [value (',' value)*] ')'
 * array    := '[' [scalar (',' scalar)*] ']'      (scalars of one type)
 * NAME     := [A-Za-z*][-A-Za-z0-9_*]*            (not true/false)
 * </pre>
 * Strings take the escapes {@code \" \\ \n \t \r \f \xNN} ({@code \xNN} is a byte, so
 * {@code "\xc3\xa9"} is "é"); other backslash pairs stay as written, as in libconfig.
 * Adjacent string literals are concatenated. Integers are decimal or {@code 0x} hex with an
 * optional {@code L}/{@code LL} suffix; floats have a {@code .} or an exponent; booleans
 * are {@code true}/{@code false} in any case. Comments are {@code #}, {@code //} and
 * {@code /* *}{@code /}.
 *
 * <p>Where we differ from libconfig, we are stricter or clearer, never silently different:
 * integers that do not fit 64 bits and floats that overflow are errors (libconfig wraps or
 * clamps them); an unterminated block comment is an error (libconfig ends the file there);
 * duplicate keys are detected ignoring case, because Janus looks keys up with
 * {@code strcasecmp} and would otherwise silently keep only one; {@code @include} is refused;
 * a UTF-8 byte order mark is skipped; integers with and without {@code L} may share an array.
 *
 * <p>The root group is named after the file and has an empty path; a nested group is named
 * after its key and has the dotted path from the root ({@code media}, {@code room-1234},
 * {@code a.b}); a group inside a list is named after the list's key with path {@code key[i]}.
 * A setting's value carries the position of its key (where an operator looks for it); list and
 * array items carry their own.
 *
 * <p>Every error is a {@link ConfigException} whose one-line message starts with
 * {@code file:line:column} (1-based, tabs count as one column) and says what was expected.
 * Parsing is linear in the input, and nesting deeper than {@value #MAX_DEPTH} levels is refused,
 * so malformed input can neither hang the parser nor overflow its stack.
 */
public final class JcfgParser {

    /** Deepest nesting of groups, lists and arrays accepted. */
    public static final int MAX_DEPTH = 64;

    /** Largest file {@link #parseFile} reads; real Janus configs are a few tens of KiB. */
    public static final long MAX_FILE_BYTES = 16L * 1024 * 1024;

    private JcfgParser() {
    }

    /**
     * Parses a whole file's text. The root group is named {@code fileName}, has an empty path,
     * and every position names {@code fileName}.
     */
    public static JcfgGroup parse(String fileName, String text) {
        return new Parser(fileName, new Lexer(fileName, text)).parseFile();
    }

    /** Parses a file's bytes, which must be UTF-8 (a leading byte order mark is skipped). */
    public static JcfgGroup parse(String fileName, byte[] bytes) {
        return parse(fileName, decodeUtf8(fileName, bytes));
    }

    /**
     * Reads and parses {@code path}; positions name the file by its file name only, as Janus
     * logs do. An unreadable or oversized file is a {@link ConfigException}.
     */
    public static JcfgGroup parseFile(Path path) {
        String name = path.getFileName() == null ? path.toString() : path.getFileName().toString();
        return parse(name, ConfigFiles.readBounded(path, MAX_FILE_BYTES));
    }

    /** Strict UTF-8 decoding that names the line and column of the first malformed byte. */
    static String decodeUtf8(String fileName, byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isUnderflow()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            out.flip();
            int[] lineCol = lineAndColumn(out, out.limit());
            throw new ConfigException(new JcfgPosition(fileName, lineCol[0], lineCol[1])
                    + ": invalid UTF-8 byte 0x" + String.format("%02x", bytes[in.position()] & 0xff)
                    + " (configuration files must be UTF-8 text)");
        }
        out.flip();
        return out.toString();
    }

    private static int[] lineAndColumn(CharSequence text, int end) {
        int line = 1;
        int col = 1;
        for (int i = 0; i < end; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                col = 1;
            } else if (!(i == 0 && text.charAt(i) == '\uFEFF')) {
                col++;
            }
        }
        return new int[] {line, col};
    }

    // ---------------------------------------------------------------- tokens

    private enum Kind {
        NAME, STRING, INTEGER, FLOAT, BOOLEAN,
        EQUALS, COLON, SEMICOLON, COMMA,
        LBRACE, RBRACE, LPAREN, RPAREN, LBRACKET, RBRACKET,
        /** A character that starts no token; the parser reports it in context. */
        UNEXPECTED,
        EOF
    }

    /** One token; {@code value} is the decoded String/Long/Double/Boolean, or the name. */
    private record Token(Kind kind, Object value, String text, int line, int column) {
    }

    // ---------------------------------------------------------------- lexer

    /** Splits text into tokens; skips blanks and comments. Never looks back, so it is linear. */
    private static final class Lexer {
        private final String file;
        private final String s;
        private int pos;
        private int line = 1;
        private int col = 1;

        Lexer(String file, String text) {
            this.file = file;
            this.s = text;
            // A byte order mark is not part of the text (libconfig rejects it; editors add it).
            if (s.startsWith("\uFEFF")) {
                pos = 1;
            }
        }

        ConfigException error(int atLine, int atCol, String message) {
            return new ConfigException(new JcfgPosition(file, atLine, atCol) + ": " + message);
        }

        private char peek(int ahead) {
            int i = pos + ahead;
            return i < s.length() ? s.charAt(i) : '\0';
        }

        private boolean more(int ahead) {
            return pos + ahead < s.length();
        }

        private void advance() {
            if (s.charAt(pos) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
            pos++;
        }

        private void skipBlanksAndComments() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000B') {
                    advance();
                } else if (c == '#' || (c == '/' && peek(1) == '/')) {
                    while (pos < s.length() && s.charAt(pos) != '\n') {
                        advance();
                    }
                } else if (c == '/' && peek(1) == '*') {
                    int startLine = line;
                    int startCol = col;
                    advance();
                    advance();
                    while (true) {
                        if (pos >= s.length()) {
                            throw error(startLine, startCol, "unterminated comment: '/*' has no closing '*/'");
                        }
                        if (s.charAt(pos) == '*' && peek(1) == '/') {
                            advance();
                            advance();
                            break;
                        }
                        advance();
                    }
                } else {
                    return;
                }
            }
        }

        Token next() {
            skipBlanksAndComments();
            int l = line;
            int c = col;
            if (pos >= s.length()) {
                return new Token(Kind.EOF, null, "", l, c);
            }
            char ch = s.charAt(pos);
            Kind punct = switch (ch) {
                case '=' -> Kind.EQUALS;
                case ':' -> Kind.COLON;
                case ';' -> Kind.SEMICOLON;
                case ',' -> Kind.COMMA;
                case '{' -> Kind.LBRACE;
                case '}' -> Kind.RBRACE;
                case '(' -> Kind.LPAREN;
                case ')' -> Kind.RPAREN;
                case '[' -> Kind.LBRACKET;
                case ']' -> Kind.RBRACKET;
                default -> null;
            };
            if (punct != null) {
                advance();
                return new Token(punct, null, String.valueOf(ch), l, c);
            }
            if (ch == '"') {
                return string(l, c);
            }
            if (isNameStart(ch)) {
                return word(l, c);
            }
            if ((ch >= '0' && ch <= '9') || ch == '.' || ch == '-' || ch == '+') {
                return number(l, c);
            }
            if (ch == '@') {
                throw error(l, c, "'@include' and other '@' directives are not supported; "
                        + "put the settings in this file");
            }
            advance();
            return new Token(Kind.UNEXPECTED, null, String.valueOf(ch), l, c);
        }

        private Token word(int l, int c) {
            int start = pos;
            while (pos < s.length() && isNameChar(s.charAt(pos))) {
                advance();
            }
            String w = s.substring(start, pos);
            String lower = w.toLowerCase(Locale.ROOT);
            if (lower.equals("true") || lower.equals("false")) {
                return new Token(Kind.BOOLEAN, lower.equals("true"), w, l, c);
            }
            return new Token(Kind.NAME, w, w, l, c);
        }

        /**
         * One string literal. Bytes are collected and decoded as UTF-8 at the end, because
         * libconfig's {@code \xNN} escape inserts a raw byte.
         */
        private Token string(int l, int c) {
            advance(); // opening quote
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            StringBuilder run = new StringBuilder();
            int start = pos;
            while (true) {
                if (pos >= s.length()) {
                    throw error(l, c, "unterminated string: no closing '\"' before end of file");
                }
                char ch = s.charAt(pos);
                if (ch == '"') {
                    advance();
                    break;
                }
                if (ch != '\\') {
                    run.append(ch);
                    advance();
                    continue;
                }
                char e = peek(1);
                char decoded = switch (e) {
                    case '"' -> '"';
                    case '\\' -> '\\';
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    case 'f' -> '\f';
                    default -> 0;
                };
                if (decoded != 0) {
                    run.append(decoded);
                    advance();
                    advance();
                } else if (e == 'x' && isHex(peek(2)) && isHex(peek(3)) && more(3)) {
                    flush(run, bytes);
                    bytes.write(Integer.parseInt(s.substring(pos + 2, pos + 4), 16));
                    for (int i = 0; i < 4; i++) {
                        advance();
                    }
                } else {
                    // libconfig keeps an unknown escape as written: backslash and character.
                    run.append('\\');
                    advance();
                }
            }
            flush(run, bytes);
            String value;
            try {
                value = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
            } catch (CharacterCodingException ex) {
                throw error(l, c, "string's \\x escapes do not form valid UTF-8");
            }
            return new Token(Kind.STRING, value, s.substring(start - 1, pos), l, c);
        }

        private static void flush(StringBuilder run, ByteArrayOutputStream bytes) {
            if (run.length() > 0) {
                byte[] b = run.toString().getBytes(StandardCharsets.UTF_8);
                bytes.write(b, 0, b.length);
                run.setLength(0);
            }
        }

        /** Numbers as libconfig's scanner reads them (see the class comment for the forms). */
        private Token number(int l, int c) {
            int start = pos;
            boolean signed = false;
            if (peek(0) == '-' || peek(0) == '+') {
                signed = true;
                advance();
            }
            if (!signed && peek(0) == '0' && (peek(1) == 'x' || peek(1) == 'X')) {
                advance();
                advance();
                int digits = pos;
                while (isHex(peek(0)) && more(0)) {
                    advance();
                }
                // Leading zeros do not count against the 16 hex digits of 64 bits.
                String hex = s.substring(digits, pos).replaceFirst("^0+(?=.)", "");
                skipLongSuffix();
                String text = checkNumberEnd(start, l, c);
                if (hex.isEmpty() || hex.length() > 16) {
                    throw error(l, c, hex.isEmpty() ? "invalid number " + quote(text) + ": no hex digits after 0x"
                            : "integer " + text + " does not fit in 64 bits");
                }
                return new Token(Kind.INTEGER, Long.parseUnsignedLong(hex, 16), text, l, c);
            }
            int intDigits = skipDigits();
            boolean isFloat = false;
            int fracDigits = 0;
            if (peek(0) == '.' && more(0)) {
                isFloat = true;
                advance();
                fracDigits = skipDigits();
            }
            if ((peek(0) == 'e' || peek(0) == 'E') && (intDigits + fracDigits) > 0) {
                int save = pos;
                int saveCol = col;
                advance();
                if (peek(0) == '-' || peek(0) == '+') {
                    advance();
                }
                if (skipDigits() > 0) {
                    isFloat = true;
                } else {
                    pos = save;
                    col = saveCol;
                }
            }
            if (intDigits + fracDigits == 0) {
                String text = checkNumberEnd(start, l, c);
                throw error(l, c, "invalid number " + quote(text));
            }
            if (isFloat) {
                String text = checkNumberEnd(start, l, c);
                double d = Double.parseDouble(text);
                if (Double.isInfinite(d)) {
                    throw error(l, c, "float " + text + " is out of range");
                }
                return new Token(Kind.FLOAT, d, text, l, c);
            }
            int digitsEnd = pos;
            skipLongSuffix();
            String text = checkNumberEnd(start, l, c);
            try {
                return new Token(Kind.INTEGER, Long.parseLong(s.substring(start, digitsEnd)), text, l, c);
            } catch (NumberFormatException ex) {
                throw error(l, c, "integer " + text + " does not fit in 64 bits");
            }
        }

        private void skipLongSuffix() {
            if (peek(0) == 'L' && more(0)) {
                advance();
                if (peek(0) == 'L' && more(0)) {
                    advance();
                }
            }
        }

        /** A number must not run into letters or more digits ({@code 12ab}, {@code 1.5L}, {@code 0x}). */
        private String checkNumberEnd(int start, int l, int c) {
            if (pos < s.length() && (isNameChar(s.charAt(pos)) || s.charAt(pos) == '.')) {
                while (pos < s.length() && (isNameChar(s.charAt(pos)) || s.charAt(pos) == '.')) {
                    advance();
                }
                throw error(l, c, "invalid number " + quote(s.substring(start, pos)));
            }
            return s.substring(start, pos);
        }

        private int skipDigits() {
            int n = 0;
            while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
                advance();
                n++;
            }
            return n;
        }

        private static boolean isHex(char ch) {
            return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F');
        }
    }

    static boolean isNameStart(char ch) {
        return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || ch == '*';
    }

    static boolean isNameChar(char ch) {
        return isNameStart(ch) || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_';
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }

    // ---------------------------------------------------------------- parser

    /** Recursive descent over the token stream with one token of look-ahead. */
    private static final class Parser {
        private final String file;
        private final Lexer lexer;
        private Token token;

        Parser(String file, Lexer lexer) {
            this.file = file;
            this.lexer = lexer;
            this.token = lexer.next();
        }

        private Token take() {
            Token t = token;
            token = lexer.next();
            return t;
        }

        private JcfgPosition at(Token t) {
            return new JcfgPosition(file, t.line(), t.column());
        }

        private ConfigException error(Token t, String message) {
            return new ConfigException(at(t) + ": " + message);
        }

        JcfgGroup parseFile() {
            Map<String, JcfgValue> entries = new LinkedHashMap<>();
            Map<String, Token> seen = new HashMap<>();
            while (token.kind() != Kind.EOF) {
                if (token.kind() != Kind.NAME) {
                    throw error(token, "expected a setting name, found " + describe(token)
                            + (token.kind() == Kind.RBRACE ? " (no group is open)" : ""));
                }
                setting("", entries, seen, 0);
            }
            return new JcfgGroup(file, "", entries, new JcfgPosition(file, 0, 0));
        }

        /** {@code NAME ('=' | ':') value (';' | ',')?} into {@code entries}. */
        private void setting(String parentPath, Map<String, JcfgValue> entries, Map<String, Token> seen, int depth) {
            Token name = take();
            String key = (String) name.value();
            Token previous = seen.get(key.toLowerCase(Locale.ROOT));
            if (previous != null) {
                String where = parentPath.isEmpty() ? "" : " in group \"" + parentPath + "\"";
                throw error(name, "duplicate key \"" + key + "\"" + where + " (first defined at "
                        + previous.line() + ":" + previous.column()
                        + (previous.value().equals(key) ? "" : " as \"" + previous.value() + "\"") + ")");
            }
            if (token.kind() != Kind.EQUALS && token.kind() != Kind.COLON) {
                throw error(token, "expected '=' or ':' after key \"" + key + "\", found " + describe(token));
            }
            take();
            String path = parentPath.isEmpty() ? key : parentPath + "." + key;
            JcfgValue value = value(key, path, at(name), "for \"" + key + "\"", depth);
            seen.put(key.toLowerCase(Locale.ROOT), name);
            entries.put(key, value);
            if (token.kind() == Kind.SEMICOLON || token.kind() == Kind.COMMA) {
                take();
            }
        }

        /**
         * A value. Named settings carry the position of their key (that is where an operator
         * looks); list and array items carry their own.
         */
        private JcfgValue value(String name, String path, JcfgPosition position, String context, int depth) {
            Token t = token;
            switch (t.kind()) {
                case STRING -> {
                    take();
                    StringBuilder sb = new StringBuilder((String) t.value());
                    while (token.kind() == Kind.STRING) {
                        sb.append((String) take().value());
                    }
                    return new JcfgScalar(sb.toString(), position);
                }
                case INTEGER, FLOAT, BOOLEAN -> {
                    take();
                    return new JcfgScalar(t.value(), position);
                }
                case LBRACE -> {
                    return group(name, path, position, depth + 1);
                }
                case LPAREN -> {
                    return list(path, position, depth + 1);
                }
                case LBRACKET -> {
                    return array(path, position, depth + 1);
                }
                default -> {
                    boolean looksUnquoted = t.kind() == Kind.NAME || t.kind() == Kind.UNEXPECTED;
                    throw error(t, "expected a value " + context + ", found " + describe(t)
                            + (looksUnquoted ? " (strings must be in double quotes)" : ""));
                }
            }
        }

        private void checkDepth(Token open, int depth) {
            if (depth > MAX_DEPTH) {
                throw error(open, "nesting deeper than " + MAX_DEPTH + " levels of groups, lists and arrays");
            }
        }

        private JcfgGroup group(String name, String path, JcfgPosition position, int depth) {
            Token open = take();
            checkDepth(open, depth);
            Map<String, JcfgValue> entries = new LinkedHashMap<>();
            Map<String, Token> seen = new HashMap<>();
            while (true) {
                switch (token.kind()) {
                    case RBRACE -> {
                        take();
                        return new JcfgGroup(name, path, entries, position);
                    }
                    case NAME -> setting(path, entries, seen, depth);
                    case EOF -> throw error(open, "unterminated group \"" + path
                            + "\": expected '}' before end of file");
                    default -> throw error(token, "expected a setting name or '}' to close group \"" + path
                            + "\" (opened at " + open.line() + ":" + open.column() + "), found " + describe(token));
                }
            }
        }

        private JcfgList list(String path, JcfgPosition position, int depth) {
            Token open = take();
            checkDepth(open, depth);
            List<JcfgValue> items = new ArrayList<>();
            if (token.kind() == Kind.RPAREN) {
                take();
                return new JcfgList(items, false, position);
            }
            String name = lastSegment(path);
            while (true) {
                if (token.kind() == Kind.EOF) {
                    throw error(open, "unterminated list \"" + path + "\": expected ')' before end of file");
                }
                String itemPath = path + "[" + items.size() + "]";
                items.add(value(name, itemPath, at(token),
                        items.isEmpty() ? "in list \"" + path + "\"" : "after ',' in list \"" + path + "\"", depth));
                if (token.kind() == Kind.COMMA) {
                    take();
                } else if (token.kind() == Kind.RPAREN) {
                    take();
                    return new JcfgList(items, false, position);
                } else if (token.kind() == Kind.EOF) {
                    throw error(open, "unterminated list \"" + path + "\": expected ')' before end of file");
                } else {
                    throw error(token, "expected ',' or ')' in list \"" + path + "\" (opened at "
                            + open.line() + ":" + open.column() + "), found " + describe(token));
                }
            }
        }

        private JcfgList array(String path, JcfgPosition position, int depth) {
            Token open = take();
            checkDepth(open, depth);
            List<JcfgValue> items = new ArrayList<>();
            if (token.kind() == Kind.RBRACKET) {
                take();
                return new JcfgList(items, true, position);
            }
            while (true) {
                Token t = token;
                if (t.kind() == Kind.EOF) {
                    throw error(open, "unterminated array \"" + path + "\": expected ']' before end of file");
                }
                if (t.kind() == Kind.LBRACE || t.kind() == Kind.LPAREN || t.kind() == Kind.LBRACKET) {
                    throw error(t, "array \"" + path + "\" may hold only scalars of one type; "
                            + "use a list ( ... ) for groups, lists or mixed items");
                }
                JcfgValue item = value(lastSegment(path), path, at(t),
                        items.isEmpty() ? "in array \"" + path + "\"" : "after ',' in array \"" + path + "\"", depth);
                if (!items.isEmpty()) {
                    String first = typeName(((JcfgScalar) items.get(0)).value());
                    String here = typeName(((JcfgScalar) item).value());
                    if (!first.equals(here)) {
                        throw error(t, "mixed types in array \"" + path + "\": item " + (items.size() + 1)
                                + " is " + here + " but item 1 is " + first
                                + "; use a list ( ... ) for mixed items");
                    }
                }
                items.add(item);
                if (token.kind() == Kind.COMMA) {
                    take();
                } else if (token.kind() == Kind.RBRACKET) {
                    take();
                    return new JcfgList(items, true, position);
                } else if (token.kind() == Kind.EOF) {
                    throw error(open, "unterminated array \"" + path + "\": expected ']' before end of file");
                } else {
                    throw error(token, "expected ',' or ']' in array \"" + path + "\" (opened at "
                            + open.line() + ":" + open.column() + "), found " + describe(token));
                }
            }
        }

        private static String lastSegment(String path) {
            int dot = path.lastIndexOf('.');
            String last = dot < 0 ? path : path.substring(dot + 1);
            int bracket = last.indexOf('[');
            return bracket < 0 ? last : last.substring(0, bracket);
        }
    }

    static String typeName(Object scalar) {
        if (scalar instanceof String) {
            return "a string";
        }
        if (scalar instanceof Long) {
            return "an integer";
        }
        if (scalar instanceof Double) {
            return "a float";
        }
        return "a boolean";
    }

    private static String describe(Token t) {
        return switch (t.kind()) {
            case EOF -> "end of file";
            case NAME -> "name " + t.text();
            case STRING -> "string " + abbreviate(t.text());
            case INTEGER, FLOAT -> "number " + abbreviate(t.text());
            case BOOLEAN -> t.text();
            case UNEXPECTED -> {
                char ch = t.text().charAt(0);
                yield ch < 0x20 || ch == 0x7f || Character.isSurrogate(ch) || ch == '\uFFFD' || ch == '\uFEFF'
                        ? String.format("character U+%04X", (int) ch)
                        : "'" + ch + "'";
            }
            default -> "'" + t.text() + "'";
        };
    }

    private static String abbreviate(String text) {
        String oneLine = text.replace("\n", "\\n").replace("\r", "\\r");
        return oneLine.length() <= 24 ? oneLine : oneLine.substring(0, 21) + "...";
    }
}
