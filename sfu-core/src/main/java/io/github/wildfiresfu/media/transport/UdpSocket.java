package io.github.wildfiresfu.media.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.LinuxSocket;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.util.Objects;

/**
 * The UDP socket of one WebRTC transport, on Netty (epoll when its native library loads, NIO
 * otherwise; design.md §3).
 *
 * <p><b>Binding without waiting for the loop.</b> {@link #bind} binds the port on the calling
 * thread with one plain {@code bind(2)} (an epoll {@link LinuxSocket} or a JDK
 * {@link java.nio.channels.DatagramChannel}) and only then wraps the bound socket in a Netty
 * channel, so the signalling thread learns at once whether the port is free (the port allocator
 * then tries the next one) without blocking on an event loop. {@link #register} attaches the
 * channel to the room's event loop asynchronously.
 *
 * <p><b>Buffer ownership.</b> Netty reads each datagram into a pooled buffer; the inbound handler
 * copies it into the room's receive buffer ({@code byte[]}, reused for every datagram of every
 * socket of the room, which is safe because they all run on the room's loop), releases Netty's
 * buffer at once and calls the {@link Receiver}, which borrows the room buffer for the duration
 * of the call. {@link #send} copies the caller's bytes into a pooled direct buffer that Netty
 * releases after the write; the caller keeps its array. Datagrams larger than the room buffer
 * minus the SRTP headroom are dropped and counted. Per datagram, Netty itself still creates a
 * {@code DatagramPacket} envelope (and, when receiving, the sender's {@code InetSocketAddress});
 * its pooled buffers are recycled.
 *
 * <p>Threading: {@link #bind} and {@link #close} on any thread; {@link #send} on the room's loop
 * (in single-port mode, {@link SharedUdpPort}, on the loop of any room sharing the socket: Netty's
 * write path is thread-safe and the drop counters are only statistics).
 */
public final class UdpSocket implements PeerSocket {

    /** What the socket hands received datagrams to, on the room's loop. */
    @FunctionalInterface
    public interface Receiver {
        void onDatagram(byte[] buf, int off, int len, InetSocketAddress from);
    }

    /** Largest datagram read; WebRTC peers stay under the path MTU, about 1200-1500 bytes. */
    public static final int MAX_DATAGRAM = 2048;

    /** Socket buffer sizes asked of the kernel (it caps them at net.core.[rw]mem_max). */
    static final int SOCKET_BUFFER = 1 << 20;

    private static final System.Logger LOG = System.getLogger(UdpSocket.class.getName());

    private final int port;
    private final Runnable onClosed;
    private final java.util.concurrent.atomic.AtomicBoolean closedReported = new java.util.concurrent.atomic.AtomicBoolean();
    // Exactly one of the two raw sockets is set until register() wraps it into the channel.
    private LinuxSocket rawEpoll;
    private java.nio.channels.DatagramChannel rawNio;
    private volatile Channel channel;
    private EventLoop loop;
    private boolean closeRequested;
    private long oversized;
    private long unwritable;
    private long handlerFailures;

    private UdpSocket(int port, LinuxSocket rawEpoll, java.nio.channels.DatagramChannel rawNio, Runnable onClosed) {
        this.port = port;
        this.rawEpoll = rawEpoll;
        this.rawNio = rawNio;
        this.onClosed = onClosed;
    }

    /**
     * Binds {@code address:port} now (not registered with a loop yet).
     *
     * @param epoll    use the epoll transport (the event loops must be epoll loops), else NIO
     * @param onClosed runs once when the socket is closed, whoever closes it: the engine gives the
     *                 port back there
     * @throws IOException if the port cannot be bound (for example, it is in use)
     */
    public static UdpSocket bind(InetAddress address, int port, boolean epoll, Runnable onClosed) throws IOException {
        Objects.requireNonNull(onClosed, "onClosed");
        InetSocketAddress local = new InetSocketAddress(address, port);
        boolean v6 = address instanceof Inet6Address;
        if (epoll) {
            LinuxSocket socket = LinuxSocket.newSocketDgram(v6 ? SocketProtocolFamily.INET6 : SocketProtocolFamily.INET);
            try {
                socket.bind(local);
            } catch (IOException | RuntimeException e) {
                socket.close();
                throw e;
            }
            return new UdpSocket(port, socket, null, onClosed);
        }
        java.nio.channels.DatagramChannel socket = java.nio.channels.DatagramChannel.open(
                v6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        try {
            socket.bind(local);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
        return new UdpSocket(port, null, socket, onClosed);
    }

    /** The bound port. */
    @Override
    public int port() {
        return port;
    }

    /**
     * Wraps the bound socket in a Netty channel and registers it with the room's loop (asynchronously);
     * datagrams then go to {@code receiver} through {@code roomBuffer} (see the class comment).
     *
     * @throws IllegalStateException if already registered or closed
     */
    public synchronized ChannelFuture register(EventLoop loop, byte[] roomBuffer, Receiver receiver) {
        Objects.requireNonNull(receiver, "receiver");
        if (channel != null || closeRequested) {
            throw new IllegalStateException("UDP port " + port + " is already registered or closed");
        }
        Channel ch = rawEpoll != null ? new EpollDatagramChannel(rawEpoll.intValue()) : new NioDatagramChannel(rawNio);
        rawEpoll = null;
        rawNio = null;
        ch.config().setOption(ChannelOption.SO_RCVBUF, SOCKET_BUFFER);
        ch.config().setOption(ChannelOption.SO_SNDBUF, SOCKET_BUFFER);
        ch.config().setRecvByteBufAllocator(new FixedRecvByteBufAllocator(MAX_DATAGRAM));
        ch.pipeline().addLast(new InboundHandler(roomBuffer, receiver));
        ch.closeFuture().addListener(f -> reportClosed());
        channel = ch;
        this.loop = loop;
        ChannelFuture registered = loop.register(ch);
        registered.addListener(f -> {
            if (!f.isSuccess()) {
                LOG.log(Level.WARNING, "UDP port " + port + " could not join its event loop: " + f.cause());
                ch.unsafe().closeForcibly();
                reportClosed();
            }
        });
        return registered;
    }

    @Override
    public void attach(EventLoop roomLoop, byte[] roomBuffer, Receiver receiver) {
        register(roomLoop, roomBuffer, receiver);
    }

    private void reportClosed() {
        if (closedReported.compareAndSet(false, true)) {
            onClosed.run();
        }
    }

    /** Sends one datagram (see the class comment); on the room's loop. */
    @Override
    public void send(byte[] buf, int off, int len, InetSocketAddress to) {
        Channel channel = this.channel;
        if (channel == null || !channel.isActive()) {
            return;
        }
        if (!channel.isWritable()) {
            // The kernel's send buffer and Netty's queue are full: drop rather than queue without bound.
            unwritable++;
            return;
        }
        ByteBuf data = channel.alloc().directBuffer(len, len);
        data.writeBytes(buf, off, len);
        channel.writeAndFlush(new DatagramPacket(data, to), channel.voidPromise());
    }

    /**
     * Closes the socket from any thread. A registered socket closes on its loop, after the tasks
     * already queued there (so a DTLS close_notify queued just before still goes out); the close
     * callback runs when the port is free. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closeRequested) {
            return;
        }
        closeRequested = true;
        Channel ch = channel;
        if (ch != null) {
            try {
                loop.execute(() -> ch.close());
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // The loop is gone (engine shutdown): nothing else runs on the channel any more.
                ch.unsafe().closeForcibly();
                reportClosed();
            }
            return;
        }
        try {
            if (rawEpoll != null) {
                rawEpoll.close();
            } else if (rawNio != null) {
                rawNio.close();
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> "closing unregistered UDP port " + port + ": " + e);
        }
        rawEpoll = null;
        rawNio = null;
        reportClosed();
    }

    /** Whether the socket is still open. */
    public boolean isOpen() {
        Channel ch = channel;
        return ch != null ? ch.isOpen() : !closeRequested;
    }

    /** Datagrams dropped because they were larger than the room buffer allows. */
    public long oversizedDrops() {
        return oversized;
    }

    /** Datagrams not sent because the socket's queue was full. */
    public long unwritableDrops() {
        return unwritable;
    }

    /** Datagrams whose handling threw (a bug; the first one was logged). */
    public long handlerFailures() {
        return handlerFailures;
    }

    @Override
    public String toString() {
        return "UdpSocket[" + port + "]";
    }

    private final class InboundHandler extends ChannelInboundHandlerAdapter {
        private final byte[] buffer;
        private final Receiver receiver;

        InboundHandler(byte[] buffer, Receiver receiver) {
            this.buffer = buffer;
            this.receiver = receiver;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof DatagramPacket packet)) {
                io.netty.util.ReferenceCountUtil.release(msg);
                return;
            }
            ByteBuf content = packet.content();
            int len = content.readableBytes();
            InetSocketAddress from = packet.sender();
            // Leave room after the packet for an SRTP trailer: the router protects copies, but a
            // packet is also answered in place (STUN is not, SRTP unprotect only shrinks).
            if (len > buffer.length - io.github.wildfiresfu.media.srtp.SrtpSession.MAX_TRAILER_LENGTH) {
                oversized++;
                packet.release();
                return;
            }
            content.getBytes(content.readerIndex(), buffer, 0, len);
            packet.release();
            try {
                receiver.onDatagram(buffer, 0, len, from);
            } catch (RuntimeException e) {
                // One bad packet must not take the socket down. The first stack trace is the bug
                // report; after that only a count, so a repeating failure cannot flood the log.
                if (handlerFailures++ == 0) {
                    LOG.log(Level.ERROR, "UDP port " + port + ": datagram handling failed (further failures are"
                            + " only counted)", e);
                }
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // ICMP errors and the like: the peer's problem, not a reason to close the socket.
            LOG.log(Level.DEBUG, () -> "UDP port " + port + ": " + cause);
        }
    }
}
