package io.github.wildfiresfu.media.routing;

import io.github.wildfiresfu.media.rtp.DropCounters;
import io.github.wildfiresfu.media.rtp.RtpDropReason;
import io.github.wildfiresfu.media.rtp.RtpStreamRewriter;
import io.github.wildfiresfu.media.rtp.Vp8PayloadRewriter;
import io.github.wildfiresfu.media.sdp.HeaderExtensionPolicy;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * One subscribed m-line on the router: the stable SSRC, payload type and extension ids the
 * subscriber negotiated, the {@link RtpStreamRewriter} that keeps its sequence numbers and
 * timestamps continuous whatever feeds it, the retransmission buffer that answers its NACKs, and
 * the counters its sender reports carry. With a simulcast source, its {@link SimulcastLayerSelector}
 * picks the substream and temporal layer it gets, and its {@link Vp8PayloadRewriter} keeps VP8
 * PictureID and TL0PICIDX continuous across substream switches. Confined to the room's loop.
 */
final class OutgoingStream {

    /**
     * Header extensions never relayed: the publisher's mid and rids describe the publisher's
     * m-lines, and transport-wide sequence numbers the publisher's transport (we write our own).
     */
    static final Set<String> NOT_RELAYED = Set.of(HeaderExtensionPolicy.MID, HeaderExtensionPolicy.RID,
            HeaderExtensionPolicy.REPAIRED_RID, HeaderExtensionPolicy.TRANSPORT_WIDE_CC);

    final RoomRouter.SubscriberPeer owner;
    SubscribedTrack track;
    final RtpStreamRewriter rewriter;
    final RetransmissionBuffer history;
    final byte[] extensionIds = new byte[ExtensionRewriter.MAP_SIZE];
    /** Our id of the transport-wide sequence number element on this m-line (1-14), 0 when not negotiated. */
    int transportCcExtensionId;
    IncomingStream source;
    /** Whether packets are relayed right now; see {@link RoomRouter.SubscriberPeer} for the conditions. */
    boolean forwarding;

    final DropCounters<RouterDropReason> drops = new DropCounters<>(RouterDropReason.class);
    final DropCounters<RtpDropReason> rewriteDrops = new DropCounters<>(RtpDropReason.class);
    long packetsSent;
    long octetsSent;
    long retransmitted;
    /** Of {@link #retransmitted}, those sent as RTX (RFC 4588) on the track's RTX SSRC. */
    long retransmittedAsRtx;
    /** Next sequence number on the RTX SSRC: RTX packets are numbered on their own (RFC 4588 §4). */
    int rtxSequence;
    /** Sequence numbers the subscriber NACKed (lost on the way from us), answered or not. */
    long nacked;
    /** {@link #nacked} at the last slowlink check. */
    long slowLinkNackedAtCheck;
    /** Outgoing minus incoming RTP timestamp of the last relayed packet, for sender reports. */
    long timestampOffset;
    /** SSRC of the source packet last relayed, -1 before any. */
    long lastSourceSsrc = -1;
    /** Simulcast layer choice (used while the source is simulcast). */
    final SimulcastLayerSelector layers = new SimulcastLayerSelector();
    /** VP8 descriptor renumbering (used while the source is simulcast VP8). */
    final Vp8PayloadRewriter vp8 = new Vp8PayloadRewriter();
    /** When a key frame was last asked for because nothing was relayed for a while (Janus: 1 s). */
    long lastStallKeyframeRequestNanos;

    OutgoingStream(RoomRouter.SubscriberPeer owner, SubscribedTrack track, RtpStreamRewriter rewriter,
            RetransmissionBuffer history, int firstRtxSequence) {
        this.owner = owner;
        this.track = track;
        this.rewriter = rewriter;
        this.history = history;
        this.rtxSequence = firstRtxSequence & 0xFFFF;
    }

    /**
     * Maps the source's extension ids to ours, leaving out what must not be relayed, and notes the
     * id under which we write our own transport-wide sequence numbers.
     */
    void rebuildExtensionMap() {
        int twcc = track.extensionIds().getOrDefault(HeaderExtensionPolicy.TRANSPORT_WIDE_CC, 0);
        transportCcExtensionId = twcc >= 1 && twcc <= 14 ? twcc : 0;
        Arrays.fill(extensionIds, (byte) 0);
        if (source == null) {
            return;
        }
        for (Map.Entry<String, Integer> e : source.track.extensionIds().entrySet()) {
            Integer ours = track.extensionIds().get(e.getKey());
            int theirs = e.getValue();
            if (ours != null && !NOT_RELAYED.contains(e.getKey()) && theirs > 0 && theirs < extensionIds.length) {
                extensionIds[theirs] = (byte) (int) ours;
            }
        }
    }
}
