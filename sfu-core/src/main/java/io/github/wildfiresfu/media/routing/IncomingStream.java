package io.github.wildfiresfu.media.routing;

import io.github.wildfiresfu.media.rtp.DropCounters;
import io.github.wildfiresfu.media.sdp.CodecName;
import io.github.wildfiresfu.media.sdp.HeaderExtensionPolicy;
import io.github.wildfiresfu.media.sdp.MediaKind;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * One published m-line on the router: where its packets come from (its {@link IncomingLayer}s:
 * one RTP stream, or one per simulcast substream), what they look like (payload types, codec,
 * extension ids) and who receives them ({@link #subscribers}, an immutable snapshot array rebuilt
 * on every change and read once per packet, style-anchors B6 rule 7). Per-SSRC receive state
 * (statistics, NACKs, keyframe requests, sender reports) is in the layers. Confined to the room's
 * loop.
 *
 * <p><b>Simulcast layers</b> are numbered as Janus numbers substreams ({@code src/rtp.c}
 * {@code janus_rtp_simulcasting_prepare}): with rids, the last rid offered is substream 0 (browsers
 * list the highest encoding first: janus.js offers {@code h;m;l}); with an {@code ssrc-group:SIM},
 * the group's first SSRC is substream 0. At most three layers are used, as in Janus.
 */
final class IncomingStream {

    private static final OutgoingStream[] NONE = new OutgoingStream[0];
    /** Janus relays at most three substreams ({@code ssrcs[3]}, {@code rids[3]}). */
    static final int MAX_LAYERS = 3;

    final RoomRouter.PublisherPeer owner;
    final String mid;
    final MediaKind kind;
    final byte[] midBytes;
    PublishedTrack track;
    /** The negotiated codec, null when the router does not know it (then no key frame detection). */
    CodecName codec;
    int midExtensionId;
    int ridExtensionId;
    int repairedRidExtensionId;
    /** Whether the layers are simulcast substreams, selected per subscriber. */
    boolean simulcast;
    /** Whether the layers are named by rids (learnt from the rid extensions), else by declared SSRCs. */
    boolean ridBased;
    /** Substream 0 first. One layer without simulcast. */
    IncomingLayer[] layers;
    /** RTX SSRC to media SSRC, from FID groups (parallel arrays; a handful of entries). */
    long[] rtxSsrcs = new long[0];
    long[] rtxMedia = new long[0];
    OutgoingStream[] subscribers = NONE;
    /** {@code false} while the publisher switched the stream off or a moderator muted it. */
    boolean active = true;
    /** Who else sees this stream's packets (the recorder), or null; set by {@link RoomRouter.PublisherPeer#setTap}. */
    PublisherTap tap;

    final DropCounters<RouterDropReason> drops = new DropCounters<>(RouterDropReason.class);
    long packets;
    long bytes;
    /** Whether packets arrive (Janus's {@code media} event state). */
    boolean receiving;
    long lastPacketNanos;
    /** Sum of the layers' lost packets at the last slowlink check. */
    long slowLinkLostAtCheck;

    /**
     * The recording view of a simulcast stream (Janus records the top layer through its own
     * simulcast context, {@code rec_simctx.substream_target = 2} in {@code janus_videoroom.c}): a
     * selector that targets the highest substream and switches only on key frames, run on every
     * packet before the fan-out. See {@link #isTopLayerPacket()}.
     */
    final SimulcastLayerSelector topLayer = new SimulcastLayerSelector();
    /** The verdict of {@link #topLayer} on the packet being routed. */
    boolean topLayerPacket = true;
    /** Whether the packet being routed switched {@link #topLayer} to another substream. */
    boolean topLayerSwitched;

    IncomingStream(RoomRouter.PublisherPeer owner, PublishedTrack track) {
        this.owner = owner;
        this.mid = track.mid();
        this.kind = track.kind();
        this.midBytes = mid.getBytes(StandardCharsets.US_ASCII);
        update(track);
    }

    /**
     * Takes a renegotiated description of the same m-line. Layers keep their learnt SSRCs and
     * receive state when the layer structure (count, rids, NACK) stays: browsers put the mid and
     * rid header extensions only on the first packets of an SSRC, so a learnt SSRC could not be
     * learnt again.
     *
     * @return whether the layers were rebuilt (their indexes may now name other RTP streams)
     */
    boolean update(PublishedTrack newTrack) {
        this.track = newTrack;
        this.codec = newTrack.codec();
        this.midExtensionId = newTrack.extensionIds().getOrDefault(HeaderExtensionPolicy.MID, 0);
        this.ridExtensionId = newTrack.extensionIds().getOrDefault(HeaderExtensionPolicy.RID, 0);
        this.repairedRidExtensionId = newTrack.extensionIds().getOrDefault(HeaderExtensionPolicy.REPAIRED_RID, 0);
        boolean nack = newTrack.nack() && kind == MediaKind.VIDEO;
        List<String> rids = newTrack.rids();
        List<Long> ssrcs = newTrack.ssrcs();
        ridBased = newTrack.simulcast() && !rids.isEmpty();
        boolean ssrcBased = !ridBased && newTrack.simulcast() && ssrcs.size() > 1;
        simulcast = ridBased || ssrcBased;
        int n = ridBased ? Math.min(MAX_LAYERS, rids.size()) : ssrcBased ? Math.min(MAX_LAYERS, ssrcs.size()) : 1;
        byte[][] ridBytes = new byte[n][];
        for (int i = 0; i < n && ridBased; i++) {
            // Janus reverses the rid order: the last rid offered is substream 0.
            ridBytes[i] = rids.get(rids.size() - 1 - i).getBytes(StandardCharsets.US_ASCII);
        }
        boolean rebuilt = !sameStructure(n, ridBytes, nack);
        if (rebuilt) {
            layers = new IncomingLayer[n];
            for (int i = 0; i < n; i++) {
                layers[i] = new IncomingLayer(this, i, ridBytes[i], nack);
            }
        }
        if (ssrcBased) {
            for (int i = 0; i < n; i++) {
                layers[i].ssrc = ssrcs.get(i);
            }
        } else if (!ridBased && !ssrcs.isEmpty()) {
            layers[0].ssrc = ssrcs.get(0);
        }
        int r = newTrack.rtxSsrcs().size();
        rtxSsrcs = new long[r];
        rtxMedia = new long[r];
        int i = 0;
        for (var e : newTrack.rtxSsrcs().entrySet()) {
            rtxMedia[i] = e.getKey();
            rtxSsrcs[i] = e.getValue();
            IncomingLayer l = layerOfMediaSsrc(e.getKey());
            if (l != null) {
                l.rtxSsrc = e.getValue();
            }
            i++;
        }
        return rebuilt;
    }

    private boolean sameStructure(int n, byte[][] ridBytes, boolean nack) {
        if (layers == null || layers.length != n || (layers[0].nacks != null) != nack) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (!Arrays.equals(layers[i].rid, ridBytes[i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * The layer a declared media SSRC belongs to: its SIM group position, layer 0 without
     * simulcast (every declared SSRC then feeds the one stream), null with rid simulcast (the rid
     * extension decides).
     */
    IncomingLayer layerOfMediaSsrc(long ssrc) {
        if (ridBased) {
            for (IncomingLayer l : layers) {
                if (l.ssrc == ssrc) {
                    return l;
                }
            }
            return null;
        }
        if (!simulcast) {
            return layers[0];
        }
        for (IncomingLayer l : layers) {
            if (l.ssrc == ssrc) {
                return l;
            }
        }
        return null;
    }

    /** The layer whose rid the extension value at {@code buf[p, p + len)} names, or null. */
    IncomingLayer layerOfRid(byte[] buf, int p, int len) {
        for (IncomingLayer l : layers) {
            if (l.ridMatches(buf, p, len)) {
                return l;
            }
        }
        return null;
    }

    /** The media SSRC an RTX SSRC repairs: from the FID groups, else the layer's media SSRC. */
    long mediaSsrcForRtx(long rtxSsrc, IncomingLayer layer) {
        for (int i = 0; i < rtxSsrcs.length; i++) {
            if (rtxSsrcs[i] == rtxSsrc) {
                return rtxMedia[i];
            }
        }
        return layer.ssrc;
    }

    /** Whether the mid extension value at {@code buf[p, p + len)} names this stream. */
    boolean midMatches(byte[] buf, int p, int len) {
        return len == midBytes.length && Arrays.equals(buf, p, p + len, midBytes, 0, len);
    }

    /** The highest layer whose SSRC is known, at most {@code layer}; null when none is known. */
    IncomingLayer knownLayerAtMost(int layer) {
        for (int i = Math.min(layer, layers.length - 1); i >= 0; i--) {
            if (layers[i].ssrc >= 0) {
                return layers[i];
            }
        }
        return null;
    }

    /**
     * The highest layer up to {@code layer} that had a packet in the last {@code liveNanos}, else
     * the highest known one up to it; null when no layer is known.
     */
    IncomingLayer liveLayerAtMost(int layer, long nowNanos, long liveNanos) {
        for (int i = Math.min(layer, layers.length - 1); i >= 0; i--) {
            IncomingLayer l = layers[i];
            if (l.ssrc >= 0 && l.packets > 0 && nowNanos - l.lastPacketNanos < liveNanos) {
                return l;
            }
        }
        return knownLayerAtMost(layer);
    }

    /** The SSRC stats show for the stream: its highest known layer's, -1 before any is known. */
    long mediaSsrc() {
        IncomingLayer l = knownLayerAtMost(MAX_LAYERS);
        return l == null ? -1 : l.ssrc;
    }

    /** Packets lost over all layers (RFC 3550 §A.3). */
    long lost() {
        long sum = 0;
        for (IncomingLayer l : layers) {
            sum += l.lost();
        }
        return sum;
    }

    /**
     * <b>Recording hook</b> (issue #4): whether the packet being routed belongs to what a recording
     * of this stream keeps. Always true without simulcast; with simulcast, true for the packets of
     * the top substream as {@link #topLayer} selects it (it starts and switches only on key frames,
     * falls back to a lower layer when the top one stops, and never drops temporal layers). Valid
     * from the moment {@link RoomRouter.PublisherPeer#onRtp} has identified the packet's layer
     * until it returns, i.e. for a tap placed in the fan-out of {@code onRtp}. Packets of a newly
     * selected substream carry another SSRC: a recording keeps one SSRC and a continuous sequence
     * with an {@link io.github.wildfiresfu.media.rtp.RtpStreamRewriter} of its own (and, for VP8,
     * a {@link io.github.wildfiresfu.media.rtp.Vp8PayloadRewriter}), as Janus does for its
     * recordings.
     */
    boolean isTopLayerPacket() {
        return topLayerPacket;
    }

    void addSubscriber(OutgoingStream out) {
        for (OutgoingStream o : subscribers) {
            if (o == out) {
                return;
            }
        }
        OutgoingStream[] next = Arrays.copyOf(subscribers, subscribers.length + 1);
        next[subscribers.length] = out;
        subscribers = next;
    }

    void removeSubscriber(OutgoingStream out) {
        int n = 0;
        OutgoingStream[] next = new OutgoingStream[subscribers.length];
        for (OutgoingStream o : subscribers) {
            if (o != out) {
                next[n++] = o;
            }
        }
        subscribers = n == 0 ? NONE : Arrays.copyOf(next, n);
    }
}
