package io.github.wildfiresfu.bench.media;

import io.github.wildfiresfu.bench.AbstractSfuBenchmark;
import io.github.wildfiresfu.media.rtp.RtpDropReason;
import io.github.wildfiresfu.media.rtp.RtpPacket;
import io.github.wildfiresfu.media.rtp.RtpStreamRewriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The per-subscriber RTP header rewrite (issue #3): parse the header view, map the publisher's
 * sequence number, timestamp and SSRC to the subscriber stream's continuous ones, in place.
 * The source packet advances by one sequence number and 3000 ticks (30 fps video) per call.
 */
@State(Scope.Thread)
public class RtpRewriteBenchmark extends AbstractSfuBenchmark {

    private final byte[] packet = new byte[1200];
    private final RtpPacket view = new RtpPacket();
    private RtpStreamRewriter rewriter;
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
}
