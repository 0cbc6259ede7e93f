package io.github.wildfiresfu.media.dtls;

import java.util.Objects;

/**
 * Why a DTLS handshake (or a connected association) ended badly.
 *
 * @param kind the category, for counters and tests
 * @param reason a one-line explanation for logs and the Janus event, e.g.
 *     {@code "DTLS handshake timed out after 30000 ms"}
 */
public record DtlsFailure(Kind kind, String reason) {

    /** Failure categories. */
    public enum Kind {

        /** No complete handshake within the configured handshake timeout. */
        TIMEOUT,

        /** The peer's certificate matches none of the fingerprints its SDP announced (RFC 8122 §5). */
        FINGERPRINT_MISMATCH,

        /** The peer sent no certificate, so there is nothing to check against its SDP fingerprint. */
        NO_PEER_CERTIFICATE,

        /** The peer did not offer or accept any SRTP protection profile we support (RFC 5764 §4.1.1). */
        NO_COMMON_SRTP_PROFILE,

        /** The peer sent a fatal alert (for example because it rejected our certificate). */
        ALERT_RECEIVED,

        /** Anything else the DTLS stack refused: malformed messages, no common cipher suite, ... */
        PROTOCOL_ERROR,

        /** A failure on our side: the handshake executor refused the task, or an unexpected error. */
        INTERNAL_ERROR
    }

    public DtlsFailure {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return kind + ": " + reason;
    }
}
