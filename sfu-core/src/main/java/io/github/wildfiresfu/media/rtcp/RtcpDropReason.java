package io.github.wildfiresfu.media.rtcp;

/**
 * Why an RTCP packet (or the rest of a compound packet) was refused by the parsers of this package.
 * Every parser returns one of these instead of throwing; callers count them in a
 * {@code DropCounters<RtcpDropReason>} (every dropped packet has a named reason and a counter).
 */
public enum RtcpDropReason {
    /** Fewer than 4 bytes left for a common header, or a packet shorter than its type's fixed part. */
    TOO_SHORT,
    /** Version field is not 2. */
    BAD_VERSION,
    /** The length field announces more bytes than the datagram has left. */
    LENGTH_OVERFLOW,
    /** The P bit is set but the padding count is 0 or larger than the packet body. */
    BAD_PADDING,
    /** A reader was given a packet of another packet type or feedback format. */
    WRONG_TYPE,
    /** The report blocks, SSRC list or FCI entries the header announces run past the packet. */
    TRUNCATED_BODY,
    /** An SDES chunk or item runs past the packet or lacks its terminating null item. */
    MALFORMED_SDES,
    /** A BYE reason runs past the packet. */
    MALFORMED_BYE,
    /** An application-layer feedback (PSFB FMT 15) that does not carry the "REMB" identifier. */
    NOT_REMB,
    /** A REMB bitrate whose mantissa shifted by its exponent does not fit 63 bits. */
    BAD_REMB_BITRATE,
    /** A transport-cc feedback whose status chunks or receive deltas run past the packet. */
    TRANSPORT_CC_TRUNCATED,
    /** A transport-cc status symbol with the reserved value 11. */
    TRANSPORT_CC_RESERVED_SYMBOL
}
