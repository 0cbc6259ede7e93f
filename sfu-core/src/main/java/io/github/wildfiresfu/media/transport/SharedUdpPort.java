package io.github.wildfiresfu.media.transport;

import io.github.wildfiresfu.media.srtp.SrtpSession;
import io.netty.channel.EventLoop;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;

/**
 * Single-port mode (design.md §3, {@code media.single_port}): ONE UDP socket that every
 * PeerConnection of the engine shares, for operators whose firewall opens one port only.
 *
 * <p>The socket is registered on one media loop (its "home" loop). Each datagram is routed by the
 * {@link SingleSocketDemux} (ICE ufrag, then remote address) to a {@link Lease}, the share of one
 * PeerConnection, which delivers it on that PeerConnection's room loop, so room confinement holds
 * as with a port per PeerConnection.
 *
 * <p><b>The price of single-port mode.</b> A datagram for a room on another loop is copied into a
 * fresh array (with SRTP headroom) and posted to that loop as a task: one allocation and one
 * cross-thread hand-off per received datagram that the per-port mode does not have. Rooms on the
 * home loop are served in place from the socket's buffer, without copy. Sending is the same as
 * with a port per PeerConnection (Netty queues a write from another thread onto the home loop).
 * One socket also means one kernel receive queue for the whole server.
 *
 * <p>Threading: {@link #open}, {@link #lease} and {@link #close} on any thread; the receive path on
 * the home loop; {@link Lease#send} on the room's loop.
 */
public final class SharedUdpPort implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SharedUdpPort.class.getName());

    private final UdpSocket socket;
    private final EventLoop home;
    private final SingleSocketDemux<Lease> demux = new SingleSocketDemux<>();
    private final byte[] receiveBuffer = new byte[UdpSocket.MAX_DATAGRAM + SrtpSession.MAX_TRAILER_LENGTH];
    private long copied;

    private SharedUdpPort(UdpSocket socket, EventLoop home) {
        this.socket = socket;
        this.home = home;
    }

    /**
     * Binds {@code address:port} and registers the socket on {@code home}.
     *
     * @throws IOException if the port cannot be bound
     */
    public static SharedUdpPort open(InetAddress address, int port, boolean epoll, EventLoop home) throws IOException {
        UdpSocket socket = UdpSocket.bind(address, port, epoll, () -> LOG.log(System.Logger.Level.DEBUG,
                () -> "single UDP port " + port + " closed"));
        SharedUdpPort shared = new SharedUdpPort(socket, Objects.requireNonNull(home, "home"));
        socket.register(home, shared.receiveBuffer, shared::onDatagram);
        return shared;
    }

    /** The shared port. */
    public int port() {
        return socket.port();
    }

    /** A share for a new PeerConnection whose STUN checks will name {@code localUfrag}. */
    public Lease lease(String localUfrag) {
        Lease lease = new Lease();
        demux.register(lease, localUfrag);
        return lease;
    }

    /** The demultiplexer, for its counters. */
    public SingleSocketDemux<Lease> demux() {
        return demux;
    }

    /** Datagrams copied to another loop so far (see the class comment). */
    public long copiedDatagrams() {
        return copied;
    }

    private void onDatagram(byte[] buf, int off, int len, InetSocketAddress from) {
        Lease lease = demux.route(buf, off, len, from);
        if (lease != null) {
            lease.deliver(buf, off, len, from);
        }
    }

    /** Closes the socket (leases become inert). Idempotent. */
    @Override
    public void close() {
        socket.close();
    }

    @Override
    public String toString() {
        return "SharedUdpPort[" + port() + ", " + demux.size() + " PeerConnection(s)]";
    }

    /** One PeerConnection's share of the single port. */
    public final class Lease implements PeerSocket {
        private volatile EventLoop roomLoop;
        private volatile UdpSocket.Receiver receiver;
        private volatile boolean closed;

        private Lease() {
        }

        @Override
        public int port() {
            return socket.port();
        }

        @Override
        public void attach(EventLoop loop, byte[] roomBuffer, UdpSocket.Receiver r) {
            this.roomLoop = Objects.requireNonNull(loop, "loop");
            this.receiver = Objects.requireNonNull(r, "receiver");
        }

        @Override
        public void localUfragChanged(String ufrag) {
            if (!closed) {
                demux.changeUfrag(this, ufrag);
            }
        }

        /** On the home loop: hands the datagram to the room loop (see the class comment). */
        void deliver(byte[] buf, int off, int len, InetSocketAddress from) {
            EventLoop loop = roomLoop;
            UdpSocket.Receiver r = receiver;
            if (loop == null || r == null || closed) {
                demux.countDrop(SinglePortDropReason.NOT_ATTACHED);
                return;
            }
            if (loop == home) {
                r.onDatagram(buf, off, len, from);
                return;
            }
            byte[] copy = new byte[len + SrtpSession.MAX_TRAILER_LENGTH];
            System.arraycopy(buf, off, copy, 0, len);
            copied++;
            try {
                loop.execute(() -> {
                    if (!closed) {
                        r.onDatagram(copy, 0, len, from);
                    }
                });
            } catch (RejectedExecutionException e) {
                demux.countDrop(SinglePortDropReason.LOOP_REJECTED);
            }
        }

        @Override
        public void send(byte[] buf, int off, int len, InetSocketAddress to) {
            if (!closed) {
                socket.send(buf, off, len, to);
            }
        }

        @Override
        public void close() {
            closed = true;
            demux.unregister(this);
        }

        @Override
        public String toString() {
            return "SharedUdpPort.Lease[" + port() + "]";
        }
    }
}
