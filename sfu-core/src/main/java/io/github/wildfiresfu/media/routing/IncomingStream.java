package io.github.wildfiresfu.media.routing;

import io.github.wildfiresfu.media.rtp.DropCounters;
import io.github.wildfiresfu.media.rtp.RtpSequenceTracker;
import io.github.wildfiresfu.media.sdp.HeaderExtensionPolicy;
import io.github.wildfiresfu.media.sdp.MediaKind;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One published m-line on the router: where its packets come from (SSRCs), what they look like
 * (payload types, extension ids) and who receives them ({@link #subscribers}, an immutable
 * snapshot array rebuilt on every change and read once per packet, style-anchors B6 rule 7).
 * Also the per-stream receive state: RFC 3550 statistics for receiver reports, NACK generation,
 * keyframe request throttling and the last sender report. Confined to the room's loop.
 */
final class IncomingStream {

    private static final OutgoingStream[] NONE = new OutgoingStream[0];

    final RoomRouter.PublisherPeer owner;
    final String mid;
    final MediaKind kind;
    final byte[] midBytes;
    PublishedTrack track;
    int midExtensionId;
    int ridExtensionId;
    int repairedRidExtensionId;
    /** With rid simulcast, the one layer relayed (the first rid offered, the highest); else null. */
    byte[] relayedRid;
    /** The media SSRC feedback is about: the first declared one, or the first one learnt. -1 until known. */
    long mediaSsrc = -1;
    /** RTX SSRC to media SSRC, from FID groups (parallel arrays; a handful of entries). */
    long[] rtxSsrcs = new long[0];
    long[] rtxMedia = new long[0];
    OutgoingStream[] subscribers = NONE;
    /** {@code false} while the publisher switched the stream off or a moderator muted it. */
    boolean active = true;
    /** Who else sees this stream's packets (the recorder), or null; set by {@link RoomRouter.PublisherPeer#setTap}. */
    PublisherTap tap;
    /**
     * The SSRC of the top simulcast layer, the one recorded: the last of a {@code SIM} group, or the SSRC
     * learnt for the first rid offered; -1 without simulcast or before it is learnt.
     */
    long topLayerSsrc = -1;

    RtpSequenceTracker tracker = new RtpSequenceTracker(1);
    NackGenerator nacks;
    /** SSRC whose sequence numbers {@link #tracker} and {@link #nacks} follow, -1 before any packet. */
    long sequenceSsrc = -1;
    final DropCounters<RouterDropReason> drops = new DropCounters<>(RouterDropReason.class);
    long packets;
    long bytes;
    /** Whether packets arrive (Janus's {@code media} event state). */
    boolean receiving;
    long lastPacketNanos;
    long nacksSent;
    /** {@code tracker.cumulativeLost()} at the last slowlink check. */
    long slowLinkLostAtCheck;

    long lastKeyframeRequestNanos;
    boolean keyframeRequested;
    boolean keyframePending;
    long keyframeRequests;

    boolean senderReportKnown;
    long senderReportNtp;
    long senderReportRtp;
    long senderReportArrivalNanos;

    IncomingStream(RoomRouter.PublisherPeer owner, PublishedTrack track) {
        this.owner = owner;
        this.mid = track.mid();
        this.kind = track.kind();
        this.midBytes = mid.getBytes(StandardCharsets.US_ASCII);
        this.nacks = track.nack() && kind == MediaKind.VIDEO ? new NackGenerator() : null;
        update(track);
    }

    /** Takes a renegotiated description of the same m-line. */
    void update(PublishedTrack newTrack) {
        this.track = newTrack;
        this.midExtensionId = newTrack.extensionIds().getOrDefault(HeaderExtensionPolicy.MID, 0);
        this.ridExtensionId = newTrack.extensionIds().getOrDefault(HeaderExtensionPolicy.RID, 0);
        this.repairedRidExtensionId = newTrack.extensionIds().getOrDefault(HeaderExtensionPolicy.REPAIRED_RID, 0);
        this.relayedRid = newTrack.simulcast() && !newTrack.rids().isEmpty()
                ? newTrack.rids().get(0).getBytes(StandardCharsets.US_ASCII) : null;
        topLayerSsrc = newTrack.simulcast() && newTrack.ssrcs().size() > 1
                ? newTrack.ssrcs().get(newTrack.ssrcs().size() - 1) : -1;
        if (!newTrack.ssrcs().isEmpty()) {
            // A SIM group lists the layers low to high: until layer selection exists, relay the highest.
            mediaSsrc = newTrack.simulcast() ? newTrack.ssrcs().get(newTrack.ssrcs().size() - 1) : newTrack.ssrcs().get(0);
        }
        int n = newTrack.rtxSsrcs().size();
        rtxSsrcs = new long[n];
        rtxMedia = new long[n];
        int i = 0;
        for (var e : newTrack.rtxSsrcs().entrySet()) {
            rtxMedia[i] = e.getKey();
            rtxSsrcs[i] = e.getValue();
            i++;
        }
    }

    /**
     * Receive state follows one SSRC: when the relayed SSRC changes (a republish, a new layer),
     * statistics and NACK generation start over rather than read the new numbers as losses.
     */
    void followSequenceOf(long ssrc) {
        if (ssrc != sequenceSsrc) {
            if (sequenceSsrc >= 0) {
                tracker = new RtpSequenceTracker(1);
                nacks = nacks == null ? null : new NackGenerator();
            }
            sequenceSsrc = ssrc;
        }
    }

    /** The media SSRC an RTX SSRC repairs, or the stream's media SSRC when the pairing is unknown. */
    long mediaSsrcForRtx(long rtxSsrc) {
        for (int i = 0; i < rtxSsrcs.length; i++) {
            if (rtxSsrcs[i] == rtxSsrc) {
                return rtxMedia[i];
            }
        }
        return mediaSsrc;
    }

    /** Whether the mid extension value at {@code buf[p, p + len)} names this stream. */
    boolean midMatches(byte[] buf, int p, int len) {
        return len == midBytes.length && Arrays.equals(buf, p, p + len, midBytes, 0, len);
    }

    /** Whether the rid extension value at {@code buf[p, p + len)} names the relayed layer. */
    boolean relayedRidMatches(byte[] buf, int p, int len) {
        return len == relayedRid.length && Arrays.equals(buf, p, p + len, relayedRid, 0, len);
    }

    /** Whether {@code ssrc} is a media SSRC of this stream that is relayed (all of them without SIM simulcast). */
    boolean relaysSsrc(long ssrc) {
        return !track.simulcast() || track.ssrcs().size() < 2 || ssrc == mediaSsrc;
    }

    /**
     * Whether packets of {@code ssrc} go to the {@link #tap}: for a simulcast stream only the top layer,
     * as Janus records it ({@code rec_simctx.substream_target = 2}, {@code janus_videoroom.c}). Today only
     * the top layer reaches the tap anyway ({@link #relaysSsrc}); this keeps recordings on it once layer
     * switching relays the others too.
     */
    boolean recordsSsrc(long ssrc) {
        return topLayerSsrc < 0 || ssrc == topLayerSsrc;
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
