package io.github.wildfiresfu.transport.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * What both transport servers need from Netty: an event-loop group (owned, epoll when the
 * native transport is available and NIO otherwise, or shared with the caller), one listening
 * socket, the set of open connections, and an orderly close that frees the port, the
 * connections and, for an owned group, every thread.
 *
 * <p>Lifecycle: new → {@link #bind} → {@link #close}; it cannot be bound twice or reused after close.
 */
final class NettyServerRuntime {

    private static final System.Logger LOG = System.getLogger(NettyServerRuntime.class.getName());

    private final String name;
    private final EventLoopGroup group;
    private final boolean ownsGroup;
    private final List<Thread> ownThreads = new CopyOnWriteArrayList<>();
    private final Set<Channel> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger openConnections = new AtomicInteger();
    private final Object lifecycleLock = new Object();
    // Guarded by lifecycleLock.
    private Channel listener;
    // Guarded by lifecycleLock.
    private boolean bound;
    // Guarded by lifecycleLock.
    private boolean closed;

    /**
     * @param name         for messages, e.g. {@code HTTP transport}
     * @param threadPrefix names of owned threads, e.g. {@code sfu-http}
     * @param ioThreads    size of an owned group
     * @param sharedGroup  a group to use instead of creating one (not shut down by {@link #close}), or null
     */
    NettyServerRuntime(String name, String threadPrefix, int ioThreads, EventLoopGroup sharedGroup) {
        this.name = name;
        if (sharedGroup != null) {
            this.group = sharedGroup;
            this.ownsGroup = false;
        } else {
            this.group = new MultiThreadIoEventLoopGroup(ioThreads, new DefaultThreadFactory(threadPrefix, false) {
                @Override
                protected Thread newThread(Runnable r, String threadName) {
                    Thread t = super.newThread(r, threadName);
                    ownThreads.add(t);
                    return t;
                }
            }, ioHandlerFactory());
            this.ownsGroup = true;
        }
    }

    /** Epoll when its native library loads (Linux), else NIO. */
    static IoHandlerFactory ioHandlerFactory() {
        return Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    }

    EventLoopGroup group() {
        return group;
    }

    /**
     * Binds {@code listen} and serves each accepted connection with {@code initializer}.
     *
     * @return the bound address (with the actual port when {@code listen.port()} is 0)
     * @throws TransportStartException naming the address if it cannot be bound; an owned group is
     *                                 then shut down, so nothing leaks
     */
    InetSocketAddress bind(ListenAddress listen, ChannelInitializer<SocketChannel> initializer) {
        synchronized (lifecycleLock) {
            if (closed) {
                throw new IllegalStateException(name + " was closed; create a new server");
            }
            if (bound) {
                throw new IllegalStateException(name + " is already started");
            }
            bound = true;
            InetSocketAddress address;
            try {
                address = listen.resolve();
            } catch (UnknownHostException e) {
                shutdownOwnedGroup();
                throw new TransportStartException(name + ": cannot listen on " + listen.describe() + ": "
                        + e.getMessage(), e);
            }
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(group)
                    .channel(serverChannelType())
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(initializer);
            ChannelFuture f = bootstrap.bind(address).awaitUninterruptibly();
            if (!f.isSuccess()) {
                shutdownOwnedGroup();
                Throwable cause = f.cause();
                String text = String.valueOf(cause.getMessage());
                String where = describe(address);
                throw new TransportStartException(text.contains("in use")
                        ? name + ": " + where + " is already in use"
                        : name + ": cannot listen on " + where + ": " + text, cause);
            }
            listener = f.channel();
            return (InetSocketAddress) listener.localAddress();
        }
    }

    /**
     * Admits a new connection: registers it for {@link #close} and checks the access list and
     * the connection limit. A refused connection is closed and false returned.
     */
    boolean admit(SocketChannel ch, AccessList acl, int connectionLimit) {
        String ip = ch.remoteAddress() == null ? null : ch.remoteAddress().getAddress().getHostAddress();
        if (!acl.allows(ip)) {
            LOG.log(System.Logger.Level.WARNING, "{0}: {1} is not in the access list, connection refused", name, ip);
            ch.close();
            return false;
        }
        // Channels are initialized on several event loops at once: count atomically.
        int open;
        do {
            open = openConnections.get();
            if (open >= connectionLimit) {
                LOG.log(System.Logger.Level.WARNING, "{0}: {1} open connections (the limit), refusing {2}",
                        name, open, ip);
                ch.close();
                return false;
            }
        } while (!openConnections.compareAndSet(open, open + 1));
        connections.add(ch);
        ch.closeFuture().addListener(f -> {
            connections.remove(ch);
            openConnections.decrementAndGet();
        });
        return true;
    }

    /** Open connections right now (for tests and logs). */
    int connectionCount() {
        return openConnections.get();
    }

    /**
     * Stops listening (the port is free when this returns), lets {@code farewell} say goodbye
     * on each open connection, closes them, and shuts an owned group down, waiting for its threads.
     * Idempotent.
     */
    void close(Consumer<Channel> farewell) {
        Channel l;
        synchronized (lifecycleLock) {
            if (closed) {
                return;
            }
            closed = true;
            l = listener;
        }
        if (l != null) {
            l.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        List<ChannelFuture> closing = new ArrayList<>();
        for (Channel ch : List.copyOf(connections)) {
            try {
                farewell.accept(ch);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "farewell failed on " + ch, e);
            }
            closing.add(ch.close());
        }
        for (ChannelFuture f : closing) {
            f.awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        shutdownOwnedGroup();
    }

    private void shutdownOwnedGroup() {
        if (!ownsGroup) {
            return;
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        // The termination future completes just before the threads exit; wait so that a caller
        // (or a leak check) sees no thread of ours after close().
        for (Thread t : ownThreads) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private Class<? extends ServerChannel> serverChannelType() {
        if (group instanceof IoEventLoopGroup io && io.isIoType(EpollIoHandler.class)) {
            return EpollServerSocketChannel.class;
        }
        return NioServerSocketChannel.class;
    }

    static String describe(InetSocketAddress a) {
        String host = a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }
}
