package io.github.wildfiresfu.bench.load;

import io.github.wildfiresfu.media.dtls.DtlsCertificate;
import io.github.wildfiresfu.media.dtls.DtlsTransport;
import io.github.wildfiresfu.media.srtp.SrtpSession;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The generator's side of the network: a few Netty event loops (epoll when its native library
 * loads, NIO otherwise) that carry every peer's UDP socket, ICE, SRTP and pacing, a small DTLS
 * handshake pool, and one DTLS certificate for all peers. Many peers per thread: each peer is
 * confined to the loop its socket was registered on, and each loop runs a {@link #TICK_NANOS}
 * timer that sends the media and STUN checks that are due for its peers.
 *
 * <p>On epoll the sockets read with {@code recvmmsg} (up to {@link #DATAGRAMS_PER_READ} datagrams
 * per call) and a flush of several queued datagrams goes out with {@code sendmmsg}, which keeps
 * the generator's own cost per packet low enough to drive one server core.
 */
final class PeerNetwork implements AutoCloseable {

    /** How often each loop sends what is due. */
    static final long TICK_NANOS = 2_000_000L;
    /** Largest datagram read; a packet must also leave room for the SRTP trailer in the scratch buffer. */
    static final int MAX_DATAGRAM = 2048;
    static final int DATAGRAMS_PER_READ = 32;
    /** Socket buffer sizes asked of the kernel (capped at net.core.[rw]mem_max). */
    private static final int SOCKET_BUFFER = 4 << 20;

    /**
     * One event loop's share: its peers (an array snapshot, replaced when a peer joins or
     * leaves) and the scratch buffer every peer on the loop builds and decrypts packets in.
     */
    static final class PeerLoop {
        final EventLoop loop;
        /** Scratch for one packet at a time; safe because every user runs on {@link #loop}. */
        final byte[] scratch = new byte[MAX_DATAGRAM + SrtpSession.MAX_TRAILER_LENGTH];
        private LoadPeer[] peers = new LoadPeer[0];
        private ScheduledFuture<?> ticker;

        PeerLoop(EventLoop loop) {
            this.loop = loop;
        }

        private void add(LoadPeer peer) {
            peers = Arrays.copyOf(peers, peers.length + 1);
            peers[peers.length - 1] = peer;
            if (ticker == null) {
                ticker = loop.scheduleAtFixedRate(this::tick, TICK_NANOS, TICK_NANOS, TimeUnit.NANOSECONDS);
            }
        }

        private void remove(LoadPeer peer) {
            peers = Arrays.stream(peers).filter(p -> p != peer).toArray(LoadPeer[]::new);
        }

        private void tick() {
            long now = System.nanoTime();
            LoadPeer[] snapshot = peers;
            for (LoadPeer p : snapshot) {
                p.tick(now);
            }
        }

        /** Runs {@code f} on every peer of this loop at one instant, on the loop. */
        <T> CompletableFuture<List<T>> collect(Function<LoadPeer, T> f) {
            CompletableFuture<List<T>> result = new CompletableFuture<>();
            loop.execute(() -> {
                List<T> out = new ArrayList<>(peers.length);
                for (LoadPeer p : peers) {
                    out.add(f.apply(p));
                }
                result.complete(out);
            });
            return result;
        }
    }

    private final EventLoopGroup group;
    private final boolean epoll;
    private final Map<EventLoop, PeerLoop> loops = new IdentityHashMap<>();
    private final List<PeerLoop> loopList = new ArrayList<>();
    private final ExecutorService handshakes;
    private final DtlsCertificate certificate = DtlsCertificate.generate("wildfire-load-generator",
            java.time.Instant.now());
    private final InetAddress bindAddress;
    private final AtomicInteger names = new AtomicInteger();

    /**
     * @param threads         event loops (1 is plenty for a few hundred peers)
     * @param bindAddress     where peer sockets bind (their host candidate)
     * @param handshakeThreads DTLS handshakes that may block at once (bctls is blocking)
     */
    PeerNetwork(int threads, InetAddress bindAddress, int handshakeThreads) {
        this.epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.group = new MultiThreadIoEventLoopGroup(threads, r -> {
            Thread t = new Thread(r, "load-loop-" + names.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, io);
        for (EventExecutor e : group) {
            PeerLoop l = new PeerLoop((EventLoop) e);
            loops.put((EventLoop) e, l);
            loopList.add(l);
        }
        this.bindAddress = bindAddress;
        this.handshakes = DtlsTransport.newHandshakeExecutor(handshakeThreads);
    }

    DtlsCertificate certificate() {
        return certificate;
    }

    ExecutorService handshakes() {
        return handshakes;
    }

    boolean usesEpoll() {
        return epoll;
    }

    List<PeerLoop> loops() {
        return loopList;
    }

    /**
     * Binds a UDP socket for {@code peer} on an ephemeral port of the bind address, registers it
     * on the next loop and hands it to the peer; returns the bound address.
     */
    InetSocketAddress open(LoadPeer peer) {
        Bootstrap b = new Bootstrap().group(group)
                .channel(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
                .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER)
                .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER)
                .handler(new Inbound(peer));
        if (epoll) {
            b.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, MAX_DATAGRAM)
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM * DATAGRAMS_PER_READ));
        } else {
            b.option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM));
        }
        Channel channel = b.bind(new InetSocketAddress(bindAddress, 0)).syncUninterruptibly().channel();
        PeerLoop loop = loops.get(channel.eventLoop());
        peer.attach(channel, loop);
        CompletableFuture<Void> added = new CompletableFuture<>();
        loop.loop.execute(() -> {
            loop.add(peer);
            added.complete(null);
        });
        added.join();
        return (InetSocketAddress) channel.localAddress();
    }

    /** Takes a closed peer off its loop's timer. */
    void forget(LoadPeer peer, PeerLoop loop) {
        loop.loop.execute(() -> loop.remove(peer));
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        handshakes.shutdownNow();
    }

    /** Hands datagrams to the peer on its loop and flushes what the peer queued in reply. */
    private static final class Inbound extends ChannelInboundHandlerAdapter {
        private final LoadPeer peer;

        Inbound(LoadPeer peer) {
            this.peer = peer;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            DatagramPacket packet = (DatagramPacket) msg;
            try {
                peer.onDatagram(packet.content(), packet.sender());
            } finally {
                packet.release();
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            peer.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            peer.onSocketError(cause);
        }
    }
}
