package io.github.wildfiresfu.media.engine;

import java.io.IOException;
import java.net.BindException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Hands out UDP ports from janus.jcfg's {@code media.rtp_port_range}, one per WebRTC transport
 * (design.md §3: the Wildfire firewall rules open exactly that range, so nothing may be bound
 * outside it).
 *
 * <p>{@link #allocate} walks the range from a cursor and asks the caller's {@link Binder} to bind
 * each port we do not hold ourselves; a port another process holds ("address already in use") is
 * skipped and the next one tried, so the allocator never has to know what else runs on the
 * machine. When every port of the range is ours or taken, allocation fails with a one-line
 * reason. The cursor keeps moving forward (and starts at a random place), so a port that was just
 * released is the last one handed out again: late datagrams for a closed PeerConnection do not
 * reach the next one (they would be refused by ICE and SRTP anyway, but would be counted as
 * attacks).
 *
 * <p>Thread-safe: allocation happens on the signalling thread and release on the room's event
 * loop when the socket is closed.
 */
public final class UdpPortAllocator {

    /** Binds one port; the engine binds a UDP socket, tests bind what they like. */
    @FunctionalInterface
    public interface Binder<T> {

        /**
         * Binds {@code port}.
         *
         * @throws BindException or any {@link IOException} whose message says the address is in
         *     use, when another socket holds the port: the allocator tries the next one
         * @throws IOException for any other failure, which ends the allocation
         */
        T bind(int port) throws IOException;
    }

    /** A bound port and what the binder returned for it. */
    public record Allocation<T>(int port, T socket) {
    }

    /** No port of the range could be bound. */
    public static final class PortUnavailableException extends Exception {
        private static final long serialVersionUID = 1L;

        PortUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final int min;
    private final int max;
    // Guarded by this.
    private final BitSet ours;
    // Guarded by this: offset (0-based) of the next port to try.
    private int cursor;

    /**
     * @param min    lowest port of the range, 1..65535
     * @param max    highest port, {@code min}..65535
     * @param random picks where in the range the first allocation starts
     */
    public UdpPortAllocator(int min, int max, RandomGenerator random) {
        if (min < 1 || max > 65535 || min > max) {
            throw new IllegalArgumentException("UDP port range " + min + "-" + max + " must satisfy 1 <= min <= max <= 65535");
        }
        this.min = min;
        this.max = max;
        this.ours = new BitSet(max - min + 1);
        this.cursor = random.nextInt(max - min + 1);
    }

    /** Lowest port of the range. */
    public int min() {
        return min;
    }

    /** Highest port of the range. */
    public int max() {
        return max;
    }

    /**
     * Binds the next free port of the range.
     *
     * @throws PortUnavailableException when no port of the range could be bound, or the binder
     *     failed for another reason than "in use"; the message names the range and the cause
     */
    public synchronized <T> Allocation<T> allocate(Binder<T> binder) throws PortUnavailableException {
        Objects.requireNonNull(binder, "binder");
        int size = max - min + 1;
        int taken = 0;
        IOException lastInUse = null;
        for (int i = 0; i < size; i++) {
            int offset = cursor;
            cursor = (cursor + 1) % size;
            if (ours.get(offset)) {
                continue;
            }
            int port = min + offset;
            try {
                T socket = binder.bind(port);
                ours.set(offset);
                return new Allocation<>(port, socket);
            } catch (IOException e) {
                if (!isInUse(e)) {
                    throw new PortUnavailableException("cannot bind UDP port " + port + " of rtp_port_range " + min + "-"
                            + max + ": " + e.getMessage(), e);
                }
                taken++;
                lastInUse = e;
            }
        }
        int held = ours.cardinality();
        throw new PortUnavailableException("no free UDP port in rtp_port_range " + min + "-" + max + ": " + held
                + " held by this server, " + taken + " in use by other sockets", lastInUse);
    }

    private static boolean isInUse(IOException e) {
        if (e instanceof BindException) {
            return true;
        }
        String message = e.getMessage();
        // Netty's native transport reports EADDRINUSE as "bind(..) failed: Address already in use".
        return message != null && message.toLowerCase(java.util.Locale.ROOT).contains("in use");
    }

    /** Gives a port back; releasing a port that is not held is ignored. */
    public synchronized void release(int port) {
        if (port >= min && port <= max) {
            ours.clear(port - min);
        }
    }

    /** Ports held right now, ascending. */
    public synchronized List<Integer> portsInUse() {
        List<Integer> out = new ArrayList<>();
        for (int i = ours.nextSetBit(0); i >= 0; i = ours.nextSetBit(i + 1)) {
            out.add(min + i);
        }
        return out;
    }

    @Override
    public synchronized String toString() {
        return "UdpPortAllocator[" + min + "-" + max + ", " + ours.cardinality() + " in use]";
    }
}
