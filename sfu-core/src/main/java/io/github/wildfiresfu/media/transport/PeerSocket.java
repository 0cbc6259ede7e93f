package io.github.wildfiresfu.media.transport;

import io.netty.channel.EventLoop;

/**
 * The UDP endpoint of one PeerConnection as the engine sees it: its own port ({@link UdpSocket})
 * or a share of the single port ({@link SharedUdpPort.Lease}).
 */
public interface PeerSocket extends WebRtcTransport.DatagramSender {

    /** The local port, advertised in the candidates. */
    int port();

    /**
     * Starts delivering datagrams to {@code receiver} on the room's loop; {@code roomBuffer} is the
     * room's receive buffer (see {@link UdpSocket}). Called once, on the signalling thread.
     */
    void attach(EventLoop roomLoop, byte[] roomBuffer, UdpSocket.Receiver receiver);

    /** The PeerConnection's local ICE ufrag changed (ICE restart). A socket of its own ignores it. */
    default void localUfragChanged(String ufrag) {
    }

    /** Stops receiving and gives the port (or the share) back; any thread, idempotent. */
    void close();
}
