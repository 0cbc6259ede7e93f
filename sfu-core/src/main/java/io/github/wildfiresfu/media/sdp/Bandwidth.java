package io.github.wildfiresfu.media.sdp;

/** A {@code b=<bwtype>:<bandwidth>} line (RFC 8866 §5.8), e.g. {@code AS} (kbit/s) or {@code TIAS} (bit/s). */
public record Bandwidth(String type, long value) {

    public Bandwidth {
        SdpSyntax.requireToken(type, "b= type");
        if (value < 0) {
            throw new IllegalArgumentException("b= bandwidth " + value + " is negative");
        }
    }

    /** Parses the value of a {@code b=} line. */
    public static Bandwidth parse(String value) {
        int colon = value.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("b= must be <type>:<bandwidth>");
        }
        return new Bandwidth(value.substring(0, colon),
                SdpSyntax.number(value.substring(colon + 1), 0, Long.MAX_VALUE, "b= bandwidth"));
    }

    /** The value of the {@code b=} line. */
    public String toSdp() {
        return type + ":" + value;
    }
}
