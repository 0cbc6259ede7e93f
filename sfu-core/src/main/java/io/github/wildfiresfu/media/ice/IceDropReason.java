package io.github.wildfiresfu.media.ice;

/**
 * Why {@link IceLiteResponder} did not accept a STUN message, counted in its
 * {@code DropCounters<IceDropReason>} (every dropped packet has a named reason and a counter). The
 * doc of each constant says whether an error response is sent back.
 */
public enum IceDropReason {
    /**
     * Not a well-formed STUN message: too short, top bits not 00, length field not a multiple of 4 or
     * not matching the datagram, or an attribute (header, value or padding) running past the end, or a
     * fixed-size attribute of the wrong size. Dropped silently: it may not even be STUN.
     */
    MALFORMED,
    /** The magic cookie is not 0x2112A442 (an RFC 3489 message, which ICE never sends). Dropped. */
    BAD_MAGIC_COOKIE,
    /**
     * FINGERPRINT does not match the CRC-32 of the message xor 0x5354554e, or is not the last
     * attribute (RFC 8489 §14.7). Dropped silently, as for a message that is not STUN.
     */
    BAD_FINGERPRINT,
    /** A success or error response: an ICE-lite agent sends no requests, so expects none. Dropped. */
    NOT_A_REQUEST,
    /** A request or indication of another method than Binding. Requests get 400; indications dropped. */
    UNSUPPORTED_METHOD,
    /**
     * A Binding request without FINGERPRINT, USERNAME, MESSAGE-INTEGRITY or PRIORITY
     * (RFC 8489 §9.1.3, RFC 8445 §7.1.1). Answered with 400 Bad Request.
     */
    BAD_REQUEST,
    /**
     * USERNAME is not {@code <our ufrag>:<their ufrag>} (RFC 8445 §7.3). Answered with 401 Unauthorized,
     * without MESSAGE-INTEGRITY.
     */
    BAD_USERNAME,
    /**
     * MESSAGE-INTEGRITY does not match the HMAC-SHA1 keyed with our ice-pwd. Answered with 401
     * Unauthorized, without MESSAGE-INTEGRITY.
     */
    BAD_INTEGRITY,
    /**
     * An authenticated request carries a comprehension-required attribute we do not know
     * (RFC 8489 §6.3.1). Answered with 420 Unknown Attribute listing them.
     */
    UNKNOWN_ATTRIBUTE,
    /**
     * The request carries ICE-CONTROLLED: the peer believes it is controlled too, but a lite agent is
     * always controlled (RFC 8445 §6.1.1). Answered with 487 Role Conflict (RFC 8445 §7.3.1.1) so that
     * the full agent switches to controlling, unless the configuration accepts such checks.
     */
    ROLE_CONFLICT
}
