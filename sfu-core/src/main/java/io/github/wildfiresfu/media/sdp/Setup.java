package io.github.wildfiresfu.media.sdp;

import java.util.Locale;
import java.util.Optional;

/** The DTLS role attribute {@code a=setup} (RFC 4145 §4, RFC 5763 §5, RFC 8842). */
public enum Setup {
    /** {@code active}: this side starts the DTLS handshake (client). */
    ACTIVE,
    /** {@code passive}: this side waits for the handshake (server). */
    PASSIVE,
    /** {@code actpass}: either; what an offerer must send (RFC 8842 §5.2). */
    ACTPASS,
    /** {@code holdconn}: no connection now; never valid for WebRTC media. */
    HOLDCONN;

    /** The attribute value, e.g. {@code actpass}. */
    public String sdpName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role named by an attribute value (case-insensitive), if it is one. */
    public static Optional<Setup> fromSdp(String value) {
        for (Setup s : values()) {
            if (s.sdpName().equalsIgnoreCase(value)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
