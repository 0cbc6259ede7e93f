package io.github.wildfiresfu.media.srtp;

/**
 * Why an SRTP or SRTCP packet was not protected or unprotected. The per-packet methods of
 * {@link SrtpSession} return a new length ({@code >= 0}) on success and {@link #code()} (always
 * negative) on failure, so the hot path neither throws nor allocates.
 */
public enum SrtpStatus {

    /** Shorter than its header plus trailer, a header field overruns it, or not version 2. */
    TOO_SHORT(-1),

    /** The authentication tag (HMAC-SHA1 or GCM) did not verify: tampered, wrong key, or not ours. */
    AUTH_FAILED(-2),

    /** This packet index was already accepted inside the replay window (RFC 3711 §3.3.2). */
    REPLAYED(-3),

    /** The packet index lies behind the 64-packet replay window, so it cannot be checked. */
    TOO_OLD(-4),

    /** The caller's buffer lacks room after the packet for the tag/trailer that protecting appends. */
    NO_HEADROOM(-5),

    /** A new SSRC arrived while the session already holds its maximum number of SSRC contexts. */
    UNKNOWN_SSRC(-6),

    /** The session was closed. */
    CLOSED(-7),

    /** The crypto provider failed unexpectedly (should not happen; counted so it is visible). */
    CRYPTO_ERROR(-8);

    private static final SrtpStatus[] BY_CODE = values();

    private final int code;

    SrtpStatus(int code) {
        this.code = code;
    }

    /** The negative value the per-packet methods return for this status. */
    public int code() {
        return code;
    }

    /** Whether a per-packet result is a failure code rather than a length. */
    public static boolean isFailure(int result) {
        return result < 0;
    }

    /**
     * The status behind a negative per-packet result.
     *
     * @throws IllegalArgumentException if {@code result} is a length or not one of our codes
     */
    public static SrtpStatus fromResult(int result) {
        int index = -result - 1;
        if (result >= 0 || index >= BY_CODE.length) {
            throw new IllegalArgumentException(result + " is not an SRTP failure code");
        }
        return BY_CODE[index];
    }
}
