package io.github.wildfiresfu.media.ice;

/**
 * What {@link IceLiteResponder#handle} did with a STUN datagram, and so what the caller must do.
 */
public enum IceOutcome {
    /** A valid connectivity or consent check: a success response is ready to send back to the sender. */
    SUCCESS_RESPONSE,
    /**
     * A valid check with USE-CANDIDATE that nominated a new remote address (see
     * {@link IceLiteResponder#nominatedAddress()}): a success response is ready, and media should now
     * go to that address.
     */
    NOMINATED,
    /** The request was refused with an error response, which is ready to send; see the drop reason. */
    ERROR_RESPONSE,
    /** A Binding indication (keepalive, RFC 8445 §11): nothing to send. */
    KEEPALIVE,
    /** Dropped without answer; see {@link IceLiteResponder#lastDropReason()}. */
    DROPPED;

    /** Whether a response is waiting in the responder's output. */
    public boolean hasResponse() {
        return this == SUCCESS_RESPONSE || this == NOMINATED || this == ERROR_RESPONSE;
    }
}
