package io.github.wildfiresfu.media.sdp;

/**
 * A well-formed session description that cannot be used for the negotiation asked of it: an
 * offer without ICE credentials or a DTLS fingerprint, an answer whose m-lines do not match the
 * offer, and the like. The message is one line saying what is missing or wrong; the Janus layer
 * turns it into {@code 437 INVALID_SDP} or {@code 465}-style errors as Janus does.
 */
public final class SdpNegotiationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SdpNegotiationException(String message) {
        super(message);
    }
}
