package io.github.wildfiresfu.media.routing;

import io.github.wildfiresfu.media.rtp.RtpSequenceTracker;
import java.util.Arrays;

/**
 * One RTP stream (one media SSRC) of a published m-line: the whole m-line without simulcast, one
 * simulcast substream with it. Everything that is per SSRC lives here: the RFC 3550 receive
 * statistics for receiver reports, NACK generation (RFC 4585 §6.2.1 feedback names one media
 * SSRC), keyframe request throttling (a PLI names one media SSRC, RFC 4585 §6.3.1), the last
 * sender report, and the RTX SSRC that repairs it. Confined to the room's loop.
 */
final class IncomingLayer {

    final IncomingStream stream;
    /** Substream index, 0 for the lowest layer (and for a stream without simulcast). */
    final int index;
    /** The rid naming this layer in the rid header extension (RFC 8852), null without rid simulcast. */
    final byte[] rid;
    /** Media SSRC: declared in the SDP or learnt from the first packet; -1 until known. */
    long ssrc = -1;
    /** RTX SSRC repairing this layer, -1 when unknown. */
    long rtxSsrc = -1;

    RtpSequenceTracker tracker = new RtpSequenceTracker(1);
    NackGenerator nacks;
    /** SSRC whose sequence numbers {@link #tracker} and {@link #nacks} follow, -1 before any packet. */
    long sequenceSsrc = -1;
    long packets;
    long bytes;
    long lastPacketNanos;
    long nacksSent;

    long lastKeyframeRequestNanos;
    boolean keyframeRequested;
    boolean keyframePending;
    long keyframeRequests;

    boolean senderReportKnown;
    long senderReportNtp;
    long senderReportRtp;
    long senderReportArrivalNanos;

    IncomingLayer(IncomingStream stream, int index, byte[] rid, boolean nack) {
        this.stream = stream;
        this.index = index;
        this.rid = rid;
        this.nacks = nack ? new NackGenerator() : null;
    }

    /**
     * Receive state follows one SSRC: when it changes (a republish with a new SSRC), statistics and
     * NACK generation start over rather than read the new numbers as losses.
     */
    void followSequenceOf(long packetSsrc) {
        if (packetSsrc != sequenceSsrc) {
            if (sequenceSsrc >= 0) {
                tracker = new RtpSequenceTracker(1);
                nacks = nacks == null ? null : new NackGenerator();
            }
            sequenceSsrc = packetSsrc;
        }
    }

    /** Whether the rid extension value at {@code buf[p, p + len)} names this layer. */
    boolean ridMatches(byte[] buf, int p, int len) {
        return rid != null && len == rid.length && Arrays.equals(buf, p, p + len, rid, 0, len);
    }

    /** Packets lost so far by RFC 3550 §A.3, 0 before the first packet. */
    long lost() {
        return tracker.isStarted() ? tracker.cumulativeLost() : 0;
    }

    @Override
    public String toString() {
        return "layer " + index + (rid == null ? "" : " (rid " + new String(rid, java.nio.charset.StandardCharsets.US_ASCII)
                + ")") + " ssrc " + ssrc;
    }
}
