package io.github.wildfiresfu.media.sdp;

import java.util.List;
import java.util.Optional;

/**
 * An SSRC and its source attributes, from the {@code a=ssrc:<ssrc> <attribute>[:<value>]}
 * lines that name it (RFC 5576 §4.1), in order: usually {@code cname} and {@code msid}.
 */
public record Ssrc(long ssrc, List<Attribute> attributes) {

    public Ssrc {
        requireSsrc(ssrc);
        attributes = List.copyOf(attributes);
    }

    /** An SSRC with a cname and, when given, an msid, in Chromium's order. */
    public static Ssrc of(long ssrc, String cname, Msid msid) {
        return msid == null ? new Ssrc(ssrc, List.of(new Attribute("cname", cname)))
                : new Ssrc(ssrc, List.of(new Attribute("cname", cname), new Attribute("msid", msid.toSdp())));
    }

    /** Checks an SSRC is a 32-bit unsigned value. */
    static long requireSsrc(long ssrc) {
        if (ssrc < 0 || ssrc > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("ssrc " + ssrc + " is out of range 0-4294967295");
        }
        return ssrc;
    }

    /** The first value of an attribute by name. */
    public Optional<String> attribute(String name) {
        return attributes.stream().filter(a -> a.name().equals(name)).map(Attribute::value).findFirst();
    }

    /** The {@code cname}, if given. */
    public Optional<String> cname() {
        return attribute("cname");
    }

    /** The {@code msid}, if given and well-formed. */
    public Optional<Msid> msid() {
        return attribute("msid").flatMap(v -> {
            try {
                return Optional.of(Msid.parse(v));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        });
    }
}
