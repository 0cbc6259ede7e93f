package io.github.wildfiresfu.media.sdp;

import java.util.Locale;
import java.util.Map;

/**
 * {@code a=fingerprint:<hash-func> <XX:XX:...>} (RFC 8122 §5): the hash of a DTLS certificate.
 * The value must be colon-separated hex byte pairs; for the hash functions of the IANA "Hash
 * Function Textual Names" registry the byte count must match (32 for sha-256). Unknown hash
 * names are accepted (RFC 8122 lets new ones appear) if the value is well-formed.
 */
public record Fingerprint(String hashFunction, String value) {

    private static final Map<String, Integer> DIGEST_BYTES = Map.of("md2", 16, "md5", 16, "sha-1", 20, "sha-224",
            28, "sha-256", 32, "sha-384", 48, "sha-512", 64);

    public Fingerprint {
        SdpSyntax.requireToken(hashFunction, "fingerprint hash function");
        SdpSyntax.nonNull(value, "fingerprint value");
        int bytes = hexPairs(value);
        Integer expected = DIGEST_BYTES.get(hashFunction.toLowerCase(Locale.ROOT));
        if (expected != null && bytes != expected) {
            throw new IllegalArgumentException("fingerprint " + hashFunction + " must have " + expected
                    + " bytes, found " + bytes);
        }
    }

    /** Parses {@code <hash-func> <value>}. */
    public static Fingerprint parse(String attributeValue) {
        var f = SdpSyntax.fields(attributeValue);
        if (f.size() != 2) {
            throw new IllegalArgumentException("fingerprint must be <hash-func> <XX:XX:...>");
        }
        return new Fingerprint(f.get(0), f.get(1));
    }

    /** The digest bytes. */
    public byte[] bytes() {
        String[] parts = value.split(":");
        byte[] out = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return out;
    }

    /** The attribute value. */
    public String toSdp() {
        return hashFunction + " " + value;
    }

    /** Counts the {@code XX} pairs of a {@code XX:XX:...} string, or throws. */
    private static int hexPairs(String v) {
        if (v.isEmpty() || (v.length() + 1) % 3 != 0) {
            throw new IllegalArgumentException("fingerprint \"" + shorten(v) + "\" is not XX:XX:... hex pairs");
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            boolean ok = i % 3 == 2 ? c == ':' : Character.digit(c, 16) >= 0 && c < 0x80;
            if (!ok) {
                throw new IllegalArgumentException("fingerprint \"" + shorten(v) + "\" is not XX:XX:... hex pairs");
            }
        }
        return (v.length() + 1) / 3;
    }

    private static String shorten(String v) {
        return v.length() > 40 ? v.substring(0, 40) + "..." : v;
    }
}
