package io.github.wildfiresfu.media.sdp;

import java.util.Optional;

/**
 * An attribute this package does not model ({@code a=rtcp:9 IN IP4 0.0.0.0}, {@code a=rtcp-xr},
 * {@code a=ptime}, ...), or a name/value pair inside one ({@code a=ssrc:1 cname:x}). It is kept
 * as written so a description survives a parse/write round trip.
 *
 * @param name the attribute name
 * @param value the text after the first colon; {@code null} for a flag attribute without one
 */
public record Attribute(String name, String value) {

    public Attribute {
        SdpSyntax.requireVisible(name, "attribute name");
        if (value != null) {
            SdpSyntax.requireText(value, "attribute " + name);
        }
    }

    /** A flag attribute without a value. */
    public static Attribute flag(String name) {
        return new Attribute(name, null);
    }

    /** The value, if there is one. */
    public Optional<String> optionalValue() {
        return Optional.ofNullable(value);
    }

    /** {@code name} or {@code name:value}. */
    public String toSdp() {
        return value == null ? name : name + ":" + value;
    }
}
