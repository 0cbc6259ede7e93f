package io.github.wildfiresfu.media.routing;

import io.github.wildfiresfu.media.rtp.RtpPacket;

/**
 * The RTP retransmission payload format of RFC 4588 §4, in place: an RTX packet is the original
 * packet with its own SSRC, payload type and sequence number, whose payload starts with the
 * original sequence number (OSN, 2 bytes) followed by the original payload. Timestamp, marker, CSRCs
 * and header extensions are the original's (§4.1). Janus writes the same when it answers a NACK on a
 * subscriber's RTX SSRC ({@code src/ice.c}); mediasoup's {@code RtpPacket::RtxEncode} likewise.
 */
final class RtxPayload {

    /** Bytes the OSN adds in front of the payload. */
    static final int OSN_LENGTH = 2;

    private RtxPayload() {
    }

    /**
     * Turns the valid packet {@code rtp} is wrapped on into its RTX form, in its buffer, and re-wraps
     * {@code rtp} on the result. The buffer must have {@link #OSN_LENGTH} bytes of room after the packet.
     *
     * @return the RTX packet's length
     */
    static int wrap(RtpPacket rtp, long rtxSsrc, int rtxPayloadType, int rtxSequence) {
        byte[] b = rtp.buffer();
        int off = rtp.offset();
        int len = rtp.length();
        int p = rtp.payloadOffset();
        int osn = rtp.sequenceNumber();
        // Payload and padding move up by two bytes; the padding count stays the last byte.
        System.arraycopy(b, p, b, p + OSN_LENGTH, off + len - p);
        b[p] = (byte) (osn >> 8);
        b[p + 1] = (byte) osn;
        rtp.wrap(b, off, len + OSN_LENGTH);
        rtp.setSsrc(rtxSsrc);
        rtp.setPayloadType(rtxPayloadType);
        rtp.setSequenceNumber(rtxSequence);
        return len + OSN_LENGTH;
    }

    /**
     * Turns the RTX packet {@code rtp} is wrapped on back into the original, in its buffer, and
     * re-wraps {@code rtp} on it.
     *
     * @return the original's length, or -1 when the payload is too short for an OSN (RTX padding
     *     that only probes bandwidth, §4) or the result is not a valid packet
     */
    static int unwrap(RtpPacket rtp, long mediaSsrc, int mediaPayloadType) {
        if (rtp.payloadLength() < OSN_LENGTH) {
            return -1;
        }
        byte[] b = rtp.buffer();
        int off = rtp.offset();
        int len = rtp.length();
        int p = rtp.payloadOffset();
        int osn = ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
        System.arraycopy(b, p + OSN_LENGTH, b, p, off + len - p - OSN_LENGTH);
        if (rtp.wrap(b, off, len - OSN_LENGTH) != null) {
            return -1;
        }
        rtp.setSequenceNumber(osn);
        rtp.setSsrc(mediaSsrc);
        rtp.setPayloadType(mediaPayloadType);
        return len - OSN_LENGTH;
    }
}
