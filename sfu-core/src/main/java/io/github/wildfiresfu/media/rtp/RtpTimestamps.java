package io.github.wildfiresfu.media.rtp;

/**
 * Arithmetic on 32-bit RTP timestamps, which wrap from 2^32-1 to 0 (RFC 3550 §5.1). Timestamps are
 * carried in {@code long}s holding the unsigned value. "Newer" means ahead by less than 2^31, as for
 * {@link SequenceNumbers}.
 */
public final class RtpTimestamps {

    /** Number of distinct timestamps (2^32). */
    public static final long MODULUS = 1L << 32;
    private static final long MASK = MODULUS - 1;

    private RtpTimestamps() {
    }

    /** Whether {@code a} is newer than {@code b} (both taken modulo 2^32). */
    public static boolean isNewer(long a, long b) {
        long d = (a - b) & MASK;
        if (d == 0x8000_0000L) {
            return (a & MASK) > (b & MASK);
        }
        return d != 0 && d < 0x8000_0000L;
    }

    /** The signed distance from {@code b} forward to {@code a}, in -2^31..2^31-1. */
    public static long diff(long a, long b) {
        return (int) (a - b);
    }

    /** {@code ts + delta} modulo 2^32 ({@code delta} may be negative). */
    public static long add(long ts, long delta) {
        return (ts + delta) & MASK;
    }

    /**
     * How many ticks of a {@code clockRate} Hz clock fit in {@code nanos} nanoseconds (rounded down).
     * Safe from overflow for any duration below ~3 years at 90 kHz.
     */
    public static long ticks(long nanos, int clockRate) {
        return nanos / 1_000L * clockRate / 1_000_000L;
    }
}
