package io.github.wildfiresfu.media.sdp;

/** The {@code t=} line (RFC 8866 §5.9); WebRTC always uses {@code t=0 0}. Values are unsigned 64-bit. */
public record Timing(long start, long stop) {

    /** {@code t=0 0}: an unbounded session, written when a description had no {@code t=} line. */
    public static final Timing UNBOUNDED = new Timing(0, 0);

    /** Parses the value of a {@code t=} line. */
    public static Timing parse(String value) {
        var f = SdpSyntax.fields(value);
        if (f.size() != 2) {
            throw new IllegalArgumentException("t= needs 2 fields, found " + f.size());
        }
        return new Timing(unsigned(f.get(0)), unsigned(f.get(1)));
    }

    private static long unsigned(String s) {
        if (s.isEmpty() || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("t= time \"" + s + "\" is not a number");
        }
        try {
            return Long.parseUnsignedLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("t= time \"" + s + "\" is too large", e);
        }
    }

    /** The value of the {@code t=} line. */
    public String toSdp() {
        return Long.toUnsignedString(start) + " " + Long.toUnsignedString(stop);
    }
}
