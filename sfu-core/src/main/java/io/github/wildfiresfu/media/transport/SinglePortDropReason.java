package io.github.wildfiresfu.media.transport;

/** Why the single-port demultiplexer ({@link SingleSocketDemux}) dropped a datagram. */
public enum SinglePortDropReason {
    /** A STUN message too short or malformed to carry a USERNAME (or without one). */
    STUN_WITHOUT_USERNAME,
    /** A STUN check whose USERNAME names a local ufrag no transport owns (closed, restarted or forged). */
    UNKNOWN_UFRAG,
    /** A non-STUN datagram from an address no STUN check has come from yet. */
    UNKNOWN_ADDRESS,
    /** A transport already learnt its maximum of remote addresses; a new one is not learnt. */
    TOO_MANY_ADDRESSES,
    /** The PeerConnection has not attached to its room loop yet, or has closed. */
    NOT_ATTACHED,
    /** The owning transport's loop refused the datagram (the engine is shutting down). */
    LOOP_REJECTED
}
