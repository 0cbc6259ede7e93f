package io.github.wildfiresfu.media.routing;

/**
 * Which simulcast substream (spatial layer, 0 lowest .. 2) and which temporal layer one receiver
 * of a simulcast publisher stream gets, packet by packet. It follows the behaviour of Janus's
 * {@code janus_rtp_simulcasting_context_process_rtp} ({@code src/rtp.c}) that subscribers see
 * (keyframe-gated switches, fallback when a substream stops, VP8 temporal layer capping, the
 * moments {@code substream}/{@code temporal} change), with the layer choice made from which
 * substreams are arriving. A subscriber, a recording or any other receiver runs one over the
 * publisher's packets of every layer.
 *
 * <p><b>Live layers.</b> The selector sees every packet of every substream and remembers when
 * each last arrived; a substream is <em>live</em> while its last packet is at most the fallback
 * time old (Janus {@code fallback}, default 250 ms). The <em>goal</em> is the highest live
 * substream up to the target (or, if none is live up there, the lowest live one above it).
 *
 * <p><b>Substream switches.</b> Nothing is relayed until a keyframe of the goal arrives (after a
 * second of waiting, a keyframe of any substream will do); then only that substream's packets are
 * relayed. When the goal changes (the receiver asked for another substream, the current one
 * stopped arriving so the goal fell back one that still arrives, or a higher one came back) the
 * selector asks for a keyframe on the new goal ({@link #keyframeNeeded()}) and switches on its
 * first keyframe, asking again every {@link #KEYFRAME_RETRY_NANOS} until it comes. So a decoder always restarts on a keyframe of the substream it gets next, and
 * never passes through an intermediate substream (Janus switches on a keyframe of any substream
 * in the right direction and may stop in between or overshoot).
 *
 * <p><b>Temporal layers</b> (VP8 with a TID in its payload descriptor; not H.264). Initially
 * every temporal layer is relayed. The current temporal layer becomes the target when a packet of
 * the target layer arrives (Janus); above the target, the selector moves up to the highest layer
 * it sees up to the target (Janus waits for exactly the target and so never moves up when the
 * publisher has fewer layers than the target, e.g. janus.js's {@code L1T2}). Packets above the
 * current temporal layer are not relayed: dropping higher temporal layers is safe because a frame
 * references only frames of its own or lower layers (RFC 7741 §4.2, TID).
 *
 * <p>{@link #process} resets and then sets the per-packet flags {@link #substreamChanged()},
 * {@link #temporalChanged()} and {@link #keyframeNeeded()}. Pure logic: no clock of its own
 * (time is an argument), no I/O, no allocation, no locks; confined to the owner's thread.
 */
public final class SimulcastLayerSelector {

    /** Janus's default {@code fallback}: 250 ms without packets on the current layer. */
    public static final long DEFAULT_FALLBACK_MICROS = 250_000;
    /** Highest substream and temporal layer index a receiver may ask for (Janus: 0, 1 or 2). */
    public static final int MAX_LAYER = 2;
    /** Waiting this long for a keyframe of the goal, a keyframe of any substream starts relaying. */
    public static final long ANY_KEYFRAME_AFTER_NANOS = 1_000_000_000L;
    /**
     * While the goal is not reached, the keyframe request is repeated this often: a browser may
     * ignore one (libwebrtc's encoder feedback drops keyframe requests that come less than 300 ms
     * after the previous one), and without a keyframe the switch never happens.
     */
    public static final long KEYFRAME_RETRY_NANOS = 500_000_000L;

    /** What to do with one packet. */
    public enum Verdict {
        /** Relay it. */
        RELAY,
        /** Nothing has been relayed yet and this packet does not start a keyframe of the goal. */
        WAITING_FOR_KEYFRAME,
        /** It belongs to a substream other than the one relayed now. */
        OTHER_SUBSTREAM,
        /** Its temporal layer is above the one relayed now. */
        TEMPORAL_LAYER_ABOVE_TARGET
    }

    private int substream = -1;
    private int substreamTarget = MAX_LAYER;
    private int temporal = -1;
    private int temporalTarget = MAX_LAYER;
    private long fallbackNanos = DEFAULT_FALLBACK_MICROS * 1000;
    /** When a packet of each substream last arrived; valid where {@link #seen} is set. */
    private final long[] lastSeenNanos = new long[MAX_LAYER + 1];
    private final boolean[] seen = new boolean[MAX_LAYER + 1];
    /** The goal of the previous packet, -1 before the first. */
    private int lastGoal = -1;
    private boolean waiting;
    private long waitingSinceNanos;
    private boolean relayedAny;
    private long lastKeyframeAskNanos;
    private long lastRelayedNanos;
    private boolean substreamChanged;
    private boolean temporalChanged;
    private boolean keyframeNeeded;

    /**
     * Sets what the receiver wants (Janus {@code configure}: {@code substream}, {@code temporal},
     * {@code fallback}); values outside 0..2 are clamped, a non-positive fallback means the default.
     *
     * @return whether the substream target changed (the caller then asks for a keyframe on it)
     */
    public boolean setTargets(int substreamTarget, int temporalTarget, long fallbackMicros) {
        int s = clamp(substreamTarget);
        boolean changed = s != this.substreamTarget;
        this.substreamTarget = s;
        this.temporalTarget = clamp(temporalTarget);
        this.fallbackNanos = (fallbackMicros > 0 ? fallbackMicros : DEFAULT_FALLBACK_MICROS) * 1000;
        return changed;
    }

    /**
     * Forgets the layers relayed so far (a new source, or relaying starts again after a pause):
     * the next relayed packet must start a keyframe. The targets stay.
     */
    public void reset() {
        substream = -1;
        temporal = -1;
        lastGoal = -1;
        waiting = false;
        relayedAny = false;
        java.util.Arrays.fill(seen, false);
        substreamChanged = false;
        temporalChanged = false;
        keyframeNeeded = false;
    }

    /**
     * Tells the selector, before its first packet, that substream {@code layer} had a packet at
     * {@code atNanos}: a receiver that starts (or restarts) on a running publisher then knows at
     * once which substreams arrive, instead of locking onto whatever keyframe it sees first.
     */
    public void layerArrived(int layer, long atNanos) {
        if (layer >= 0 && layer <= MAX_LAYER && (!seen[layer] || atNanos - lastSeenNanos[layer] > 0)) {
            seen[layer] = true;
            lastSeenNanos[layer] = atNanos;
        }
    }

    /**
     * Decides about one packet of the publisher stream.
     *
     * @param layer         the packet's substream, 0 (lowest) .. 2; others are never relayed
     * @param keyframe      whether the packet starts a keyframe of its substream
     * @param temporalLayer the packet's temporal layer, or -1 when the codec does not say (H.264)
     * @param nowNanos      monotonic time
     */
    public Verdict process(int layer, boolean keyframe, int temporalLayer, long nowNanos) {
        substreamChanged = false;
        temporalChanged = false;
        keyframeNeeded = false;
        if (layer < 0 || layer > MAX_LAYER) {
            return Verdict.OTHER_SUBSTREAM;
        }
        seen[layer] = true;
        lastSeenNanos[layer] = nowNanos;
        int goal = goal(nowNanos);
        if (goal != lastGoal) {
            // The wanted substream changed while another one is relayed (a fallback, a layer back, a
            // new target): ask for its keyframe. While nothing is relayed yet, the caller asked every
            // substream for one already.
            keyframeNeeded = lastGoal >= 0 && substream >= 0 && goal != substream;
            lastGoal = goal;
        } else if (substream >= 0 && goal != substream && nowNanos - lastKeyframeAskNanos >= KEYFRAME_RETRY_NANOS) {
            keyframeNeeded = true;
        }
        if (keyframeNeeded) {
            lastKeyframeAskNanos = nowNanos;
        }
        if (substream < 0) {
            if (!waiting) {
                waiting = true;
                waitingSinceNanos = nowNanos;
            }
            boolean waitedLong = nowNanos - waitingSinceNanos >= ANY_KEYFRAME_AFTER_NANOS;
            if (!keyframe || (layer != goal && !waitedLong)) {
                return Verdict.WAITING_FOR_KEYFRAME;
            }
            switchTo(layer);
        } else if (layer != substream && layer == goal && keyframe) {
            switchTo(layer);
        }
        if (layer != substream) {
            return Verdict.OTHER_SUBSTREAM;
        }
        relayedAny = true;
        lastRelayedNanos = nowNanos;
        if (temporalLayer >= 0) {
            if (temporal < 0 || temporal > temporalTarget) {
                if (temporalLayer == temporalTarget) {
                    setTemporal(temporalLayer);
                }
            } else if (temporal < temporalTarget && temporalLayer > temporal && temporalLayer <= temporalTarget) {
                setTemporal(temporalLayer);
            }
            if (temporal >= 0 && temporalLayer > temporal) {
                return Verdict.TEMPORAL_LAYER_ABOVE_TARGET;
            }
        }
        return Verdict.RELAY;
    }

    /** The highest live substream up to the target, else the lowest live one above it. */
    private int goal(long nowNanos) {
        for (int i = substreamTarget; i >= 0; i--) {
            if (isLive(i, nowNanos)) {
                return i;
            }
        }
        for (int i = substreamTarget + 1; i <= MAX_LAYER; i++) {
            if (isLive(i, nowNanos)) {
                return i;
            }
        }
        return substreamTarget;
    }

    private boolean isLive(int layer, long nowNanos) {
        return seen[layer] && nowNanos - lastSeenNanos[layer] <= fallbackNanos;
    }

    private void switchTo(int layer) {
        substream = layer;
        substreamChanged = true;
        waiting = false;
    }

    private void setTemporal(int layer) {
        temporal = layer;
        temporalChanged = true;
    }

    private static int clamp(int layer) {
        return Math.max(0, Math.min(MAX_LAYER, layer));
    }

    /** The substream the selector heads for as of the last packet (the target before any packet). */
    public int goal() {
        return lastGoal >= 0 ? lastGoal : substreamTarget;
    }

    /** The substream relayed now, -1 before the first keyframe. */
    public int substream() {
        return substream;
    }

    /** The temporal layer relayed now (and below), -1 while every temporal layer is relayed. */
    public int temporal() {
        return temporal;
    }

    /** The substream the receiver asked for. */
    public int substreamTarget() {
        return substreamTarget;
    }

    /** The temporal layer the receiver asked for. */
    public int temporalTarget() {
        return temporalTarget;
    }

    /** The fallback time in microseconds. */
    public long fallbackMicros() {
        return fallbackNanos / 1000;
    }

    /** The last {@link #process} switched the substream (Janus sends the {@code substream} event then). */
    public boolean substreamChanged() {
        return substreamChanged;
    }

    /** The last {@link #process} changed the temporal layer (Janus sends the {@code temporal} event). */
    public boolean temporalChanged() {
        return temporalChanged;
    }

    /** The last {@link #process} moved the goal away from the relayed substream: ask for a keyframe on {@link #goal()}. */
    public boolean keyframeNeeded() {
        return keyframeNeeded;
    }

    /**
     * Nanoseconds since a packet of the current substream was last relayed; {@link Long#MAX_VALUE}
     * while nothing was (Janus then asks for a keyframe at once).
     */
    public long nanosSinceRelayed(long nowNanos) {
        return relayedAny ? nowNanos - lastRelayedNanos : Long.MAX_VALUE;
    }

    @Override
    public String toString() {
        return "SimulcastLayerSelector[substream " + substream + " -> " + goal() + " (target " + substreamTarget
                + "), temporal " + temporal + " -> " + temporalTarget + "]";
    }
}
