package io.github.wildfiresfu.media.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * Small token checks shared by the value types. Each throws {@link IllegalArgumentException}
 * with a reason; {@link SdpParser} adds the line number.
 */
final class SdpSyntax {

    private SdpSyntax() {
    }

    /** Splits on runs of spaces (SDP separates fields with single spaces; browsers are lenient). */
    static List<String> fields(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            while (i < n && s.charAt(i) == ' ') {
                i++;
            }
            int start = i;
            while (i < n && s.charAt(i) != ' ') {
                i++;
            }
            if (i > start) {
                out.add(s.substring(start, i));
            }
        }
        return out;
    }

    /** A decimal integer in [min, max], else an IllegalArgumentException naming {@code what}. */
    static long number(String s, long min, long max, String what) {
        if (s.isEmpty() || s.length() > 20) {
            throw new IllegalArgumentException(what + " \"" + s + "\" is not a number");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException(what + " \"" + s + "\" is not a number");
            }
        }
        long v;
        try {
            v = Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " \"" + s + "\" is too large", e);
        }
        if (v < min || v > max) {
            throw new IllegalArgumentException(what + " " + v + " is out of range " + min + "-" + max);
        }
        return v;
    }

    static int intNumber(String s, int min, int max, String what) {
        return (int) number(s, min, max, what);
    }

    /** RFC 8866 token: visible ASCII except the separators. */
    static boolean isToken(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c == '!' || (c >= '#' && c <= '\'') || c == '*' || c == '+' || c == '-' || c == '.'
                    || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= '^' && c <= '~');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static String requireToken(String s, String what) {
        if (!isToken(s)) {
            throw new IllegalArgumentException(what + " \"" + s + "\" is not a token");
        }
        return s;
    }

    /** Visible ASCII without spaces (addresses, URIs, ids). */
    static boolean isVisible(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    static String requireVisible(String s, String what) {
        if (!isVisible(s)) {
            throw new IllegalArgumentException(what + " \"" + s + "\" is empty or has spaces or control characters");
        }
        return s;
    }

    /** Text allowed as an attribute or line value: no CR, LF or NUL (RFC 8866 §9 byte-string / text). */
    static String requireText(String s, String what) {
        if (s == null) {
            throw new IllegalArgumentException(what + " is missing");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                throw new IllegalArgumentException(what + " contains CR, LF or NUL");
            }
        }
        return s;
    }

    /** RFC 8839 §5.4 ice-char: ALPHA / DIGIT / "+" / "/". */
    static boolean isIceChars(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+'
                    || c == '/';
            if (!ok) {
                return false;
            }
        }
        return !s.isEmpty();
    }

    /** ICE username fragment: 4-256 ice-chars (RFC 8839 §5.4). */
    static String requireIceUfrag(String s) {
        if (s == null || s.length() < 4 || s.length() > 256 || !isIceChars(s)) {
            throw new IllegalArgumentException("ice-ufrag \"" + s + "\" must be 4-256 characters of A-Z a-z 0-9 + /");
        }
        return s;
    }

    /** ICE password: 22-256 ice-chars (RFC 8839 §5.4). */
    static String requireIcePwd(String s) {
        if (s == null || s.length() < 22 || s.length() > 256 || !isIceChars(s)) {
            throw new IllegalArgumentException("ice-pwd must be 22-256 characters of A-Z a-z 0-9 + /");
        }
        return s;
    }

    static <T> T nonNull(T value, String what) {
        if (value == null) {
            throw new IllegalArgumentException(what + " is missing");
        }
        return value;
    }
}
