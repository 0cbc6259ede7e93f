package io.github.wildfiresfu.media.transport;

/**
 * Why a {@link WebRtcTransport} dropped a datagram it received or a packet it was asked to send.
 * Classifier verdicts ({@link io.github.wildfiresfu.media.rtp.PacketKind}), STUN refusals
 * ({@link io.github.wildfiresfu.media.ice.IceDropReason}) and SRTP failures
 * ({@link io.github.wildfiresfu.media.srtp.SrtpStatus}) have their own counters; these are the
 * transport's own decisions. Every one is counted, none is logged per packet.
 */
public enum TransportDropReason {
    /** DTLS, RTP or RTCP from an address that never sent a valid ICE check (RFC 8445 §7.3.1.4). */
    UNVALIDATED_SOURCE,
    /** DTLS arrived before the remote description, and the early-datagram queue was full. */
    EARLY_DTLS_QUEUE_FULL,
    /**
     * SRTP or SRTCP arrived before the DTLS handshake produced keys, and could not wait for them: no
     * handshake was running, or {@link WebRtcTransport#EARLY_SRTP_QUEUE} packets already waited.
     */
    NOT_CONNECTED,
    /** The SRTP layer refused the packet (see the session's per-status counters). */
    SRTP_FAILED,
    /** DTLS application data (SCTP for data channels), which this server does not terminate yet. */
    DATA_CHANNEL_UNSUPPORTED,
    /** Something to send, but the transport is not connected or has no selected remote address. */
    SEND_NOT_READY,
    /** Something arrived or was to be sent after the transport was closed. */
    CLOSED
}
