package io.github.wildfiresfu.media.sdp;

import java.util.Locale;
import java.util.Optional;

/** A media direction attribute (RFC 8866 §6.7; RFC 3264 §6.1 for how answers reverse it). */
public enum Direction {
    /** {@code a=sendrecv}, the default when an m-line has none. */
    SENDRECV,
    /** {@code a=sendonly}. */
    SENDONLY,
    /** {@code a=recvonly}. */
    RECVONLY,
    /** {@code a=inactive}. */
    INACTIVE;

    /** The attribute name, e.g. {@code sendonly}. */
    public String sdpName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The direction named by an attribute name, if it is one. */
    public static Optional<Direction> fromSdp(String name) {
        switch (name) {
            case "sendrecv":
                return Optional.of(SENDRECV);
            case "sendonly":
                return Optional.of(SENDONLY);
            case "recvonly":
                return Optional.of(RECVONLY);
            case "inactive":
                return Optional.of(INACTIVE);
            default:
                return Optional.empty();
        }
    }

    /** True if the side that wrote this direction sends media. */
    public boolean sends() {
        return this == SENDRECV || this == SENDONLY;
    }

    /** True if the side that wrote this direction receives media. */
    public boolean receives() {
        return this == SENDRECV || this == RECVONLY;
    }

    /** The same direction seen from the other side: sendonly ↔ recvonly. */
    public Direction reversed() {
        switch (this) {
            case SENDONLY:
                return RECVONLY;
            case RECVONLY:
                return SENDONLY;
            default:
                return this;
        }
    }
}
