package io.github.wildfiresfu.media.dtls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A certificate fingerprint as SDP carries it in {@code a=fingerprint} (RFC 8122 §5): a hash
 * function name and the digest of the DER certificate, written {@code sha-256 AB:CD:...} with
 * upper-case hex.
 *
 * <p>We accept the hash functions of RFC 8122's registry that are still considered safe for this
 * use: sha-1 (browsers no longer send it, but RFC 8122 keeps it), sha-224, sha-256, sha-384 and
 * sha-512. md2 and md5 are refused ("MUST NOT", RFC 8122 §5). Immutable.
 */
public final class DtlsFingerprint {

    /** Hash function names we accept, lower case as SDP writes them. */
    public static final List<String> SUPPORTED_ALGORITHMS = List.of("sha-1", "sha-224", "sha-256", "sha-384", "sha-512");

    private static final Map<String, String> JCA_NAMES = Map.of(
            "sha-1", "SHA-1", "sha-224", "SHA-224", "sha-256", "SHA-256", "sha-384", "SHA-384", "sha-512", "SHA-512");
    private static final Map<String, Integer> DIGEST_LENGTHS = Map.of(
            "sha-1", 20, "sha-224", 28, "sha-256", 32, "sha-384", 48, "sha-512", 64);
    private static final HexFormat HEX = HexFormat.ofDelimiter(":").withUpperCase();

    private final String algorithm;
    private final byte[] digest;

    private DtlsFingerprint(String algorithm, byte[] digest) {
        this.algorithm = algorithm;
        this.digest = digest;
    }

    /**
     * Fingerprint of a DER-encoded certificate.
     *
     * @param algorithm one of {@link #SUPPORTED_ALGORITHMS}, case-insensitive
     * @throws IllegalArgumentException for any other hash function
     */
    public static DtlsFingerprint of(String algorithm, byte[] certificateDer) {
        String name = checkAlgorithm(algorithm);
        return new DtlsFingerprint(name, digest(name, certificateDer));
    }

    /**
     * Parses the value of an SDP {@code a=fingerprint} attribute, e.g.
     * {@code "sha-256 AB:CD:..."}. The hash name is case-insensitive (RFC 8122 §5); lower-case
     * hex digits are accepted too, since some endpoints send them.
     *
     * @throws IllegalArgumentException with a message saying what is wrong
     */
    public static DtlsFingerprint parse(String sdpValue) {
        Objects.requireNonNull(sdpValue, "sdpValue");
        String[] parts = sdpValue.trim().split("\\s+");
        if (parts.length != 2) {
            throw new IllegalArgumentException("fingerprint \"" + sdpValue
                    + "\" is not \"<hash-function> <hex pairs separated by colons>\"");
        }
        String name = checkAlgorithm(parts[0]);
        byte[] digest;
        try {
            digest = HEX.parseHex(parts[1].toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("fingerprint \"" + sdpValue + "\" has malformed hex: " + e.getMessage());
        }
        int expected = DIGEST_LENGTHS.get(name);
        if (digest.length != expected) {
            throw new IllegalArgumentException("fingerprint \"" + sdpValue + "\" has " + digest.length
                    + " bytes, but " + name + " digests are " + expected + " bytes");
        }
        return new DtlsFingerprint(name, digest);
    }

    /** The hash function name, lower case ({@code sha-256}). */
    public String algorithm() {
        return algorithm;
    }

    /** The digest bytes (a copy). */
    public byte[] digest() {
        return digest.clone();
    }

    /** Whether this is the fingerprint of {@code certificateDer} (constant-time comparison). */
    public boolean matches(byte[] certificateDer) {
        return MessageDigest.isEqual(digest, digest(algorithm, certificateDer));
    }

    /** The SDP attribute value: {@code sha-256 AB:CD:...}. */
    public String toSdp() {
        return algorithm + " " + HEX.formatHex(digest);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DtlsFingerprint that && algorithm.equals(that.algorithm)
                && Arrays.equals(digest, that.digest);
    }

    @Override
    public int hashCode() {
        return 31 * algorithm.hashCode() + Arrays.hashCode(digest);
    }

    @Override
    public String toString() {
        return toSdp();
    }

    private static String checkAlgorithm(String algorithm) {
        String name = Objects.requireNonNull(algorithm, "algorithm").toLowerCase(Locale.ROOT);
        if (!JCA_NAMES.containsKey(name)) {
            throw new IllegalArgumentException("unsupported fingerprint hash function \"" + algorithm
                    + "\"; expected one of " + SUPPORTED_ALGORITHMS);
        }
        return name;
    }

    private static byte[] digest(String name, byte[] data) {
        try {
            return MessageDigest.getInstance(JCA_NAMES.get(name)).digest(data);
        } catch (NoSuchAlgorithmException e) {
            // Every Java SE platform provides SHA-1 and the SHA-2 family.
            throw new IllegalStateException("JDK lacks " + name, e);
        }
    }
}
