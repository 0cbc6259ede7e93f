package io.github.wildfiresfu.media.transport;

import io.github.wildfiresfu.media.ice.StunMessage;
import io.github.wildfiresfu.media.rtp.DropCounters;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the PeerConnection a datagram belongs to when every PeerConnection shares one UDP port
 * (single-port mode, design.md §3): first by ICE ufrag, then by remote address.
 *
 * <p>A browser's first datagram to us is always a STUN binding request (ICE, RFC 8445 §7.2.2)
 * whose USERNAME is {@code <our ufrag>:<its ufrag>} (RFC 8445 §7.2.2): the part before the colon
 * names the transport. The request's source address is then remembered for that transport, and
 * every later datagram (DTLS, SRTP, SRTCP, further STUN without a known ufrag) is routed by its
 * source address alone. The demultiplexer does not check MESSAGE-INTEGRITY: the transport's
 * ICE-lite responder does, and it still refuses DTLS and SRTP from addresses it has not validated,
 * so a forged check can at worst divert one peer's datagrams to a transport that drops them.
 * A transport learns at most {@link #MAX_ADDRESSES_PER_TARGET} addresses (a browser checks one per
 * candidate pair); more are dropped and counted, so the table cannot grow without bound.
 *
 * <p>Threading: {@link #route} runs on the single socket's loop; {@link #register},
 * {@link #changeUfrag} and {@link #unregister} on any thread. Lookups use concurrent maps, changes
 * are serialised on this object. The drop counters are written by the routing thread only.
 *
 * @param <T> what a datagram is routed to (the engine's per-PeerConnection lease)
 */
public final class SingleSocketDemux<T> {

    /** Remote addresses a transport may be reached from (candidate pairs of one browser). */
    public static final int MAX_ADDRESSES_PER_TARGET = 16;

    private final Map<String, T> byUfrag = new ConcurrentHashMap<>();
    private final Map<InetSocketAddress, T> byAddress = new ConcurrentHashMap<>();
    // Guarded by this: the ufrag and the addresses of each target, to undo them on unregister.
    private final Map<T, String> ufragOf = new HashMap<>();
    private final Map<T, List<InetSocketAddress>> addressesOf = new HashMap<>();
    private final DropCounters<SinglePortDropReason> drops = new DropCounters<>(SinglePortDropReason.class);

    /** Routes STUN checks naming {@code localUfrag} to {@code target}. */
    public synchronized void register(T target, String localUfrag) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(localUfrag, "localUfrag");
        T previous = byUfrag.putIfAbsent(localUfrag, target);
        if (previous != null && previous != target) {
            throw new IllegalStateException("ICE ufrag " + localUfrag + " is already in use on the single port");
        }
        ufragOf.put(target, localUfrag);
        addressesOf.putIfAbsent(target, new ArrayList<>());
    }

    /** After an ICE restart: checks name {@code newUfrag} now; learnt addresses stay. */
    public synchronized void changeUfrag(T target, String newUfrag) {
        String old = ufragOf.get(target);
        if (old == null) {
            return;
        }
        byUfrag.remove(old, target);
        byUfrag.put(newUfrag, target);
        ufragOf.put(target, newUfrag);
    }

    /** Forgets the target: its ufrag and every address learnt for it. Idempotent. */
    public synchronized void unregister(T target) {
        String ufrag = ufragOf.remove(target);
        if (ufrag != null) {
            byUfrag.remove(ufrag, target);
        }
        List<InetSocketAddress> addresses = addressesOf.remove(target);
        if (addresses != null) {
            for (InetSocketAddress a : addresses) {
                byAddress.remove(a, target);
            }
        }
    }

    /**
     * The target of one datagram, or null (the reason counted in {@link #drops()}); learns the
     * source address of a STUN check that names a registered ufrag.
     */
    public T route(byte[] buf, int off, int len, InetSocketAddress from) {
        int first = len > 0 ? buf[off] & 0xFF : -1;
        // RFC 7983 §7: 0..3 is STUN. Only a STUN request carries our ufrag.
        if (first >= 0 && first <= 3) {
            String ufrag = localUfrag(buf, off, len);
            if (ufrag != null) {
                T target = byUfrag.get(ufrag);
                if (target == null) {
                    drops.increment(SinglePortDropReason.UNKNOWN_UFRAG);
                    return null;
                }
                if (byAddress.get(from) != target) {
                    learn(target, from);
                }
                return target;
            }
            // A STUN message without USERNAME (an indication, a response): by address, if known.
            T target = byAddress.get(from);
            if (target == null) {
                drops.increment(SinglePortDropReason.STUN_WITHOUT_USERNAME);
            }
            return target;
        }
        T target = byAddress.get(from);
        if (target == null) {
            drops.increment(SinglePortDropReason.UNKNOWN_ADDRESS);
        }
        return target;
    }

    private synchronized void learn(T target, InetSocketAddress from) {
        List<InetSocketAddress> addresses = addressesOf.get(target);
        if (addresses == null) {
            return; // unregistered meanwhile
        }
        if (addresses.size() >= MAX_ADDRESSES_PER_TARGET) {
            drops.increment(SinglePortDropReason.TOO_MANY_ADDRESSES);
            return;
        }
        T previous = byAddress.put(from, target);
        if (previous != null && previous != target) {
            // The address moved to another PeerConnection (a browser reusing its port): the old owner forgets it.
            List<InetSocketAddress> old = addressesOf.get(previous);
            if (old != null) {
                old.remove(from);
            }
        }
        addresses.add(from);
    }

    /** Counts a datagram the caller could not deliver (on the routing thread). */
    public void countDrop(SinglePortDropReason reason) {
        drops.increment(reason);
    }

    /** Datagrams dropped, by reason. */
    public DropCounters<SinglePortDropReason> drops() {
        return drops;
    }

    /** Registered targets (zero once every PeerConnection is closed). */
    public synchronized int size() {
        return ufragOf.size();
    }

    /** Remote addresses learnt over all targets. */
    public int addressCount() {
        return byAddress.size();
    }

    /**
     * The local ufrag of a STUN message's USERNAME ({@code local:remote}), or null when the
     * message has none. Walks the attributes (RFC 8489 §14: type, length, value padded to 4).
     */
    static String localUfrag(byte[] buf, int off, int len) {
        if (len < StunMessage.HEADER_LENGTH) {
            return null;
        }
        int bodyLength = ((buf[off + 2] & 0xFF) << 8) | (buf[off + 3] & 0xFF);
        int end = Math.min(len, StunMessage.HEADER_LENGTH + bodyLength);
        int p = StunMessage.HEADER_LENGTH;
        while (p + 4 <= end) {
            int type = ((buf[off + p] & 0xFF) << 8) | (buf[off + p + 1] & 0xFF);
            int length = ((buf[off + p + 2] & 0xFF) << 8) | (buf[off + p + 3] & 0xFF);
            int value = p + 4;
            if (value + length > end) {
                return null;
            }
            if (type == StunMessage.USERNAME) {
                int colon = value;
                while (colon < value + length && buf[off + colon] != ':') {
                    colon++;
                }
                return colon == value ? null
                        : new String(buf, off + value, colon - value, StandardCharsets.UTF_8);
            }
            p = value + ((length + 3) & ~3);
        }
        return null;
    }
}
