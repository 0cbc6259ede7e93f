package io.github.wildfiresfu.media.sdp;

/**
 * A line of a type this package does not model ({@code i=}, {@code u=}, {@code e=}, {@code p=},
 * {@code r=}, {@code z=}, {@code k=}), kept as written. Its position among the modelled lines is
 * not kept; the writer puts these lines where RFC 8866 §5 allows them.
 */
public record SdpLine(char type, String value) {

    public SdpLine {
        if (type < 'a' || type > 'z') {
            throw new IllegalArgumentException("line type '" + type + "' is not a lowercase letter");
        }
        SdpSyntax.requireText(value, type + "= value");
    }

    /** {@code type=value}. */
    public String toSdp() {
        return type + "=" + value;
    }
}
