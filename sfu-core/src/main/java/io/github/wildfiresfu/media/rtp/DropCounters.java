package io.github.wildfiresfu.media.rtp;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * One {@code long} counter per drop reason of an enum, indexed by ordinal: no boxing and no map
 * lookups on the packet path.
 *
 * <p>The media rule (style-anchors Part B rule 5): <b>every dropped packet has a named reason and a
 * counter</b>. A component that drops a packet calls {@link #increment(Enum)} with the reason it got
 * from the parser or decision that refused the packet, and never logs per packet. Stats read the
 * counters with {@link #get(Enum)} or {@link #snapshot()}.
 *
 * <p>Not thread-safe: like the component that owns it, an instance is confined to one thread (the
 * room's event loop). A reader on another thread may see slightly stale values, never torn ones
 * on 64-bit JVMs.
 *
 * @param <E> the drop-reason enum, e.g. {@link RtpDropReason} or {@link PacketKind}
 */
public final class DropCounters<E extends Enum<E>> {

    private final Class<E> reasons;
    private final long[] counts;

    /** Counters for every constant of {@code reasons}, all zero. */
    public DropCounters(Class<E> reasons) {
        this.reasons = reasons;
        this.counts = new long[reasons.getEnumConstants().length];
    }

    /** Counts one drop for {@code reason}. */
    public void increment(E reason) {
        counts[reason.ordinal()]++;
    }

    /** Counts {@code n} drops for {@code reason}. */
    public void add(E reason, long n) {
        counts[reason.ordinal()] += n;
    }

    /** How many packets were dropped for {@code reason}. */
    public long get(E reason) {
        return counts[reason.ordinal()];
    }

    /** The sum over all reasons. */
    public long total() {
        long sum = 0;
        for (long c : counts) {
            sum += c;
        }
        return sum;
    }

    /** Sets every counter back to zero. */
    public void reset() {
        java.util.Arrays.fill(counts, 0);
    }

    /** A read-only copy of the non-zero counters, for stats (allocates; not for the packet path). */
    public Map<E, Long> snapshot() {
        EnumMap<E, Long> map = new EnumMap<>(reasons);
        for (E e : reasons.getEnumConstants()) {
            long c = counts[e.ordinal()];
            if (c != 0) {
                map.put(e, c);
            }
        }
        return Collections.unmodifiableMap(map);
    }

    @Override
    public String toString() {
        return "DropCounters" + snapshot();
    }
}
