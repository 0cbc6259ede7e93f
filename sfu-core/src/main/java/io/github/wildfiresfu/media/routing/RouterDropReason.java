package io.github.wildfiresfu.media.routing;

/**
 * Why the router did not forward a packet (or did not answer a request for one). Counted per
 * publisher stream or per subscriber stream in a {@link io.github.wildfiresfu.media.rtp.DropCounters};
 * malformed packets and renumbering refusals have their own
 * {@link io.github.wildfiresfu.media.rtp.RtpDropReason}. Nothing is logged per packet.
 */
public enum RouterDropReason {
    /** RTP whose SSRC no published stream declares, and that no header extension or payload type ties to one. */
    UNKNOWN_SSRC,
    /** An RTX packet without an original sequence number: bandwidth probing padding (RFC 4588 §4). */
    RTX_PADDING,
    /** A media packet with no payload: padding the browser sends to probe bandwidth. */
    PADDING_ONLY,
    /**
     * A packet older than the newest one seen that was not missing: a retransmission the publisher
     * sent again (or as a bandwidth probe); the subscriber already has it.
     */
    DUPLICATE,
    /**
     * A packet of a simulcast substream other than the one this subscriber stream gets now
     * (counted per subscriber stream; every subscriber gets one substream of the three).
     */
    SIMULCAST_LAYER_NOT_RELAYED,
    /**
     * A simulcast subscriber stream relayed nothing yet and this packet does not start a key frame:
     * a decoder can only start on one (the router has asked the publisher for it).
     */
    WAITING_FOR_KEYFRAME,
    /** A VP8 temporal layer (TID) above the one this subscriber stream gets ({@code configure temporal}). */
    TEMPORAL_LAYER_ABOVE_TARGET,
    /** A packet whose rid (or repaired rid) names no simulcast layer the publisher offered. */
    UNKNOWN_RID,
    /** The publisher stream is switched off ({@code configure send:false}) or moderated. */
    STREAM_INACTIVE,
    /** The subscriber's answer has not accepted this m-line (yet). */
    NOT_NEGOTIATED,
    /** The subscriber switched this stream off ({@code configure send:false}). */
    SEND_OFF,
    /** The subscription is paused ({@code pause}, or not started yet). */
    PAUSED,
    /** The subscriber's PeerConnection is not up. */
    SUBSCRIBER_NOT_CONNECTED,
    /** A NACKed packet is no longer (or was never) in the retransmission buffer. */
    RETRANSMISSION_MISSING,
    /** Feedback (NACK, PLI, FIR) for an SSRC we do not send on this PeerConnection. */
    FEEDBACK_UNKNOWN_SSRC,
    /** TEST ONLY ({@link TestFaults}): a packet to a subscriber dropped to simulate network loss. */
    TEST_LOSS,
    /** TEST ONLY ({@link TestFaults}): a subscriber NACK ignored because NACK answers are switched off. */
    NACK_ANSWERS_DISABLED
}
