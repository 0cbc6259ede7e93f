package io.github.wildfiresfu.media.ice;

import java.security.SecureRandom;
import java.util.Random;

/**
 * Our ICE username fragment and password, advertised as {@code a=ice-ufrag} / {@code a=ice-pwd}
 * (RFC 8839 §5.4): ufrag 4..256 and pwd 22..256 characters from the ice-char set
 * {@code ALPHA / DIGIT / "+" / "/"}. The password is the short-term credential that keys
 * MESSAGE-INTEGRITY of the checks we receive and the responses we send.
 *
 * @param ufrag username fragment
 * @param pwd   password
 */
public record IceCredentials(String ufrag, String pwd) {

    /** Length of generated usernames (48 random bits; RFC 8445 §5.3 asks for at least 24). */
    public static final int GENERATED_UFRAG_LENGTH = 8;
    /** Length of generated passwords (144 random bits; RFC 8445 §5.3 asks for at least 128). */
    public static final int GENERATED_PWD_LENGTH = 24;

    private static final String ICE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Checks both values against the RFC 8839 grammar. */
    public IceCredentials {
        check("ice-ufrag", ufrag, 4);
        check("ice-pwd", pwd, 22);
    }

    private static void check(String what, String value, int min) {
        if (value == null || value.length() < min || value.length() > 256) {
            throw new IllegalArgumentException(what + " must have " + min + "..256 characters, got "
                    + (value == null ? "null" : value.length()));
        }
        if (!isIceChars(value)) {
            throw new IllegalArgumentException(what + " may only contain A-Z a-z 0-9 + /");
        }
    }

    /** Whether every character of {@code s} is an ice-char. */
    public static boolean isIceChars(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (ICE_CHARS.indexOf(s.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Fresh random credentials from a {@link SecureRandom}. */
    public static IceCredentials random() {
        return random(RANDOM);
    }

    /** Fresh credentials from {@code random} (tests pass a seeded one). */
    public static IceCredentials random(Random random) {
        return new IceCredentials(randomChars(random, GENERATED_UFRAG_LENGTH), randomChars(random, GENERATED_PWD_LENGTH));
    }

    private static String randomChars(Random random, int n) {
        char[] c = new char[n];
        for (int i = 0; i < n; i++) {
            c[i] = ICE_CHARS.charAt(random.nextInt(ICE_CHARS.length()));
        }
        return new String(c);
    }

    /** Hides the password, which is a credential. */
    @Override
    public String toString() {
        return "IceCredentials[ufrag=" + ufrag + ", pwd=(" + pwd.length() + " chars)]";
    }
}
