package io.github.wildfiresfu.media.rtp;

/**
 * Demultiplexes the datagrams that share one WebRTC 5-tuple by their first byte, following the
 * table of RFC 7983 §7 (which updates RFC 5764 §5.1.2):
 *
 * <pre>
 *                  +----------------+
 *                  |        [0..3] -+--&gt; forward to STUN
 *                  |                |
 *                  |      [16..19] -+--&gt; forward to ZRTP        (dropped here)
 *                  |                |
 *      packet --&gt;  |      [20..63] -+--&gt; forward to DTLS
 *                  |                |
 *                  |      [64..79] -+--&gt; forward to TURN Channel (dropped here)
 *                  |                |
 *                  |    [128..191] -+--&gt; forward to RTP/RTCP
 *                  +----------------+
 * </pre>
 *
 * RTP and RTCP share the 128..191 range; RFC 5761 §4 separates them by the second byte: RTCP packet
 * types 192..223 (SR 200, RR 201, SDES 202, BYE 203, APP 204, RTPFB 205, PSFB 206, XR 207) are never
 * used as RTP payload types with the marker bit set, because payload types 64..95 are reserved for
 * exactly that reason.
 *
 * <p>Each protocol also has a minimum size (STUN header 20 bytes, DTLS record header 13, RTP fixed
 * header 12, RTCP header plus sender SSRC 8); shorter datagrams are {@link PacketKind#TRUNCATED}.
 * Deeper validation is the job of each protocol's parser.
 *
 * <p>Pure static range checks: no allocation, no state, safe from any thread. The same table is in
 * pion/webrtc {@code internal/mux/muxfunc.go} and mediasoup {@code WebRtcTransport::OnPacketReceived}.
 */
public final class PacketClassifier {

    /** Smallest STUN message: the 20-byte header (RFC 8489 §5). */
    public static final int MIN_STUN_LENGTH = 20;
    /** Smallest DTLS record: the 13-byte record header (RFC 6347 §4.1). */
    public static final int MIN_DTLS_LENGTH = 13;
    /** Smallest RTP packet: the 12-byte fixed header (RFC 3550 §5.1). */
    public static final int MIN_RTP_LENGTH = 12;
    /** Smallest useful RTCP packet: the 4-byte header plus the sender SSRC (RFC 3550 §6.4). */
    public static final int MIN_RTCP_LENGTH = 8;

    private PacketClassifier() {
    }

    /**
     * Classifies {@code len} bytes at {@code buf[off]}. Never throws for any {@code len >= 0} within
     * the array, and never reads beyond {@code off + len}.
     */
    public static PacketKind classify(byte[] buf, int off, int len) {
        if (len < 1) {
            return PacketKind.TRUNCATED;
        }
        int b = buf[off] & 0xFF;
        if (b <= 3) {
            return len >= MIN_STUN_LENGTH ? PacketKind.STUN : PacketKind.TRUNCATED;
        }
        if (b >= 20 && b <= 63) {
            return len >= MIN_DTLS_LENGTH ? PacketKind.DTLS : PacketKind.TRUNCATED;
        }
        if (b >= 128 && b <= 191) {
            if (len < 2) {
                return PacketKind.TRUNCATED;
            }
            int pt = buf[off + 1] & 0xFF;
            if (pt >= 192 && pt <= 223) {
                return len >= MIN_RTCP_LENGTH ? PacketKind.RTCP : PacketKind.TRUNCATED;
            }
            return len >= MIN_RTP_LENGTH ? PacketKind.RTP : PacketKind.TRUNCATED;
        }
        if (b >= 16 && b <= 19) {
            return PacketKind.ZRTP;
        }
        if (b >= 64 && b <= 79) {
            return PacketKind.TURN_CHANNEL;
        }
        return PacketKind.UNKNOWN;
    }
}
