package io.github.wildfiresfu.media.transport;

/**
 * What the router sends through: one PeerConnection's protected RTP and RTCP output. Implemented
 * by {@link WebRtcTransport}; tests implement it to capture what a router sends.
 *
 * <p>Buffer contract: the caller owns {@code buf}; the sender protects {@code buf[off, off + len)}
 * in place, which appends up to {@link io.github.wildfiresfu.media.srtp.SrtpSession#MAX_TRAILER_LENGTH}
 * bytes, so that much room must follow the packet. The bytes are handed to the socket before the
 * call returns; the caller may reuse {@code buf} right after. Confined to the room's event loop.
 */
public interface MediaSender {

    /**
     * Protects and sends one RTP packet.
     *
     * @return false if it was dropped (not connected yet, closed, SRTP refused it); the sender
     *     counted why
     */
    boolean sendRtp(byte[] buf, int off, int len);

    /**
     * Protects and sends one (compound) RTCP packet.
     *
     * @return false if it was dropped; the sender counted why
     */
    boolean sendRtcp(byte[] buf, int off, int len);
}
