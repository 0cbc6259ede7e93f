package io.github.wildfiresfu.bench.media;

import io.github.wildfiresfu.bench.AbstractSfuBenchmark;
import io.github.wildfiresfu.media.rtp.RtpDropReason;
import io.github.wildfiresfu.media.rtp.RtpPacket;
import io.github.wildfiresfu.media.rtp.RtpStreamRewriter;
import io.github.wildfiresfu.media.rtp.Vp8PayloadRewriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The per-subscriber RTP header rewrite (issue #3): parse the header view, map the publisher's
 * sequence number, timestamp and SSRC to the subscriber stream's continuous ones, in place.
 * The source packet advances by one sequence number and 3000 ticks (30 fps video) per call.
 * {@code rewriteVp8} adds what a subscriber of a simulcast VP8 stream pays on top: the payload
 * descriptor's PictureID and TL0PICIDX renumbered ({@link Vp8PayloadRewriter}), with a change of
 * source (a substream switch) every 300 packets.
 */
@State(Scope.Thread)
public class RtpRewriteBenchmark extends AbstractSfuBenchmark {

    private final byte[] packet = new byte[1200];
    private final RtpPacket view = new RtpPacket();
    private RtpStreamRewriter rewriter;
    private final byte[] vp8Packet = new byte[1200];
    private RtpStreamRewriter vp8HeaderRewriter;
    private final Vp8PayloadRewriter vp8Rewriter = new Vp8PayloadRewriter();
    private int pictureId;
    private int packets;
    private int sourceSeq;
    private long sourceTs;
    private long now;

    @Setup(Level.Trial)
    public void setUp() {
        packet[0] = (byte) 0x80;
        packet[1] = 96;
        packet[8] = 0x11;
        packet[9] = 0x22;
        packet[10] = 0x33;
        packet[11] = 0x44;
        rewriter = new RtpStreamRewriter(0xCAFEBABEL, 90000, 1, 0);
        System.arraycopy(packet, 0, vp8Packet, 0, 12);
        // RFC 7741 §4.2: X, S, PID 0; I, L, T; 15-bit PictureID; TL0PICIDX; TID 0.
        vp8Packet[12] = (byte) 0x90;
        vp8Packet[13] = (byte) 0xE0;
        vp8Packet[14] = (byte) 0x80;
        vp8Packet[18] = 0x31;
        vp8HeaderRewriter = new RtpStreamRewriter(0xCAFEBABEL, 90000, 1, 0);
    }

    @Benchmark
    public RtpDropReason rewrite() {
        sourceSeq = (sourceSeq + 1) & 0xffff;
        sourceTs = (sourceTs + 3000) & 0xffffffffL;
        packet[2] = (byte) (sourceSeq >> 8);
        packet[3] = (byte) sourceSeq;
        packet[4] = (byte) (sourceTs >> 24);
        packet[5] = (byte) (sourceTs >> 16);
        packet[6] = (byte) (sourceTs >> 8);
        packet[7] = (byte) sourceTs;
        RtpDropReason bad = view.wrap(packet, 0, packet.length);
        if (bad != null) {
            return bad;
        }
        now += 33_333_333L;
        return rewriter.rewrite(view, now);
    }

    @Benchmark
    public boolean rewriteVp8() {
        sourceSeq = (sourceSeq + 1) & 0xffff;
        sourceTs = (sourceTs + 3000) & 0xffffffffL;
        pictureId = (pictureId + 1) & 0x7fff;
        // Another substream (SSRC) every 300 packets.
        long ssrc = 0x11223344L + (packets++ / 300) % 3;
        byte[] p = vp8Packet;
        p[2] = (byte) (sourceSeq >> 8);
        p[3] = (byte) sourceSeq;
        p[4] = (byte) (sourceTs >> 24);
        p[5] = (byte) (sourceTs >> 16);
        p[6] = (byte) (sourceTs >> 8);
        p[7] = (byte) sourceTs;
        p[8] = (byte) (ssrc >> 24);
        p[9] = (byte) (ssrc >> 16);
        p[10] = (byte) (ssrc >> 8);
        p[11] = (byte) ssrc;
        p[14] = (byte) (0x80 | (pictureId >> 8));
        p[15] = (byte) pictureId;
        p[16] = (byte) pictureId;
        if (view.wrap(p, 0, p.length) != null) {
            return false;
        }
        now += 33_333_333L;
        if (vp8HeaderRewriter.rewrite(view, now) != null) {
            return false;
        }
        return vp8Rewriter.rewrite(p, view.payloadOffset(), view.payloadLength(), ssrc);
    }
}
