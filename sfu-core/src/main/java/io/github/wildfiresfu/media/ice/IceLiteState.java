package io.github.wildfiresfu.media.ice;

/**
 * The ICE state of an {@link IceLiteResponder} at a given time, in the vocabulary of RFC 8445 and the
 * WebRTC {@code RTCIceConnectionState}.
 */
public enum IceLiteState {
    /** No valid check yet, and the failure timeout has not passed. */
    NEW,
    /** At least one valid check, nothing nominated yet. */
    CONNECTED,
    /** A pair was nominated (USE-CANDIDATE) and its consent is fresh. */
    COMPLETED,
    /** Consent on the selected pair expired (RFC 7675): no valid check for the consent timeout. */
    DISCONNECTED,
    /** No valid check arrived within the failure timeout. */
    FAILED
}
