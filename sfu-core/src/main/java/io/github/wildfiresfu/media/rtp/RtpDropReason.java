package io.github.wildfiresfu.media.rtp;

/**
 * Why an RTP packet was not forwarded: returned by {@link RtpPacket#wrap} for malformed packets and
 * by {@link RtpStreamRewriter#rewrite} for packets that cannot be renumbered, and counted in a
 * {@link DropCounters}. Every dropped packet has one of these names.
 */
public enum RtpDropReason {
    /** Shorter than the 12-byte fixed header (RFC 3550 §5.1). */
    TOO_SHORT,
    /** Version field is not 2. */
    BAD_VERSION,
    /** The CSRC list the CC field announces runs past the end of the packet. */
    CSRC_OVERFLOW,
    /** The X bit is set but the extension header or its data run past the end of the packet. */
    EXTENSION_OVERFLOW,
    /** The P bit is set but the padding count is 0 or larger than what follows the header. */
    BAD_PADDING,
    /**
     * Rewriter: older than the first packet forwarded after a source switch; its outgoing sequence
     * number would collide with one already sent for the previous source.
     */
    OLDER_THAN_SOURCE_SWITCH,
    /**
     * Rewriter: the caller reported this sequence number dropped earlier, and the packets after it
     * were already renumbered to close that gap.
     */
    DROPPED_EARLIER,
    /**
     * Rewriter: so late that the drop history needed to renumber it was already forgotten
     * (more than {@link RtpStreamRewriter#DROP_HISTORY} drops ago).
     */
    TOO_OLD
}
