package io.github.wildfiresfu.media.rtp;

/**
 * What a datagram on a WebRTC transport is, as decided by {@link PacketClassifier} from its first
 * bytes (RFC 7983). The first four constants are the protocols we handle; every other constant is
 * a named reason to drop the datagram, counted like any other drop (see {@link DropCounters}).
 */
public enum PacketKind {
    /** STUN (first byte 0..3): an ICE connectivity check, consent check or keepalive. */
    STUN,
    /** DTLS record (first byte 20..63): handshake, alert or application data (SCTP). */
    DTLS,
    /** RTP (first byte 128..191, second byte outside 192..223), SRTP-protected on WebRTC. */
    RTP,
    /** RTCP (first byte 128..191, packet type 192..223, RFC 5761 §4), SRTCP-protected on WebRTC. */
    RTCP,
    /** Drop: an empty datagram, or one shorter than the smallest valid packet of its protocol. */
    TRUNCATED,
    /** Drop: ZRTP (first byte 16..19); WebRTC does not negotiate ZRTP. */
    ZRTP,
    /** Drop: TURN ChannelData (first byte 64..79); we are no TURN server or client. */
    TURN_CHANNEL,
    /** Drop: a first byte no protocol of RFC 7983 claims (4..15, 80..127, 192..255). */
    UNKNOWN;

    /** Whether this kind is a reason to drop the datagram rather than a protocol to handle. */
    public boolean isDropped() {
        return ordinal() > RTCP.ordinal();
    }
}
