package io.github.wildfiresfu.media.rtp;

/**
 * Arithmetic on 16-bit RTP sequence numbers, which wrap from 65535 to 0 (RFC 3550 §5.1).
 * "Newer" means ahead by less than half the number space (serial-number arithmetic, RFC 1982);
 * the ambiguous distance of exactly 32768 counts the larger value as newer, the convention of
 * libwebrtc's {@code IsNewerSequenceNumber} so that comparison stays antisymmetric.
 *
 * <p>To map a stream of 16-bit values onto a 64-bit line use {@link SequenceUnwrapper}; for RFC 3550
 * §A.1 receiver statistics use {@link RtpSequenceTracker}.
 */
public final class SequenceNumbers {

    /** Number of distinct sequence numbers. */
    public static final int MODULUS = 1 << 16;

    private SequenceNumbers() {
    }

    /** Whether {@code a} is newer than {@code b} (both taken modulo 2^16). */
    public static boolean isNewer(int a, int b) {
        int d = (a - b) & 0xFFFF;
        if (d == 0x8000) {
            return (a & 0xFFFF) > (b & 0xFFFF);
        }
        return d != 0 && d < 0x8000;
    }

    /** Whether {@code a} is newer than or equal to {@code b}. */
    public static boolean isNewerOrEqual(int a, int b) {
        return ((a ^ b) & 0xFFFF) == 0 || isNewer(a, b);
    }

    /**
     * The signed distance from {@code b} forward to {@code a}, in -32768..32767: positive when
     * {@code a} is newer. {@code diff(2, 65534) == 4}; {@code diff(65534, 2) == -4}.
     */
    public static int diff(int a, int b) {
        return (short) (a - b);
    }

    /** {@code seq + delta} modulo 2^16 ({@code delta} may be negative). */
    public static int add(int seq, int delta) {
        return (seq + delta) & 0xFFFF;
    }

    /** The newer of {@code a} and {@code b}. */
    public static int latest(int a, int b) {
        return isNewer(a, b) ? a & 0xFFFF : b & 0xFFFF;
    }

    /** A comparator result in wrap order: negative if {@code a} is older than {@code b}. */
    public static int compare(int a, int b) {
        if (((a ^ b) & 0xFFFF) == 0) {
            return 0;
        }
        return isNewer(a, b) ? 1 : -1;
    }
}
