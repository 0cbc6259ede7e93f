package io.github.wildfiresfu.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wildfiresfu.media.rtcp.GenericNack;
import io.github.wildfiresfu.media.rtcp.RtcpCompoundIterator;
import io.github.wildfiresfu.media.rtcp.RtcpHeader;
import io.github.wildfiresfu.media.rtcp.SenderReport;
import io.github.wildfiresfu.media.rtcp.TransportCcFeedback;
import io.github.wildfiresfu.media.rtcp.TransportCcFeedbackBuilder;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The per-packet path allocates nothing (design.md §3 "Buffers"): classification, RTP parsing and
 * extension lookup, rewriting, RTCP iteration and feedback parsing/building, measured with the JVM's
 * per-thread allocation counter over many iterations after a warm-up.
 */
class AllocationFreeTest {

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    @Test
    void perPacketPathDoesNotAllocate() {
        // Every JDK we build and run on has the HotSpot per-thread allocation counter; a JVM without
        // it must fail this check, not skip it.
        assertThat(ManagementFactory.getThreadMXBean()).as("the HotSpot per-thread allocation counter")
                .isInstanceOf(com.sun.management.ThreadMXBean.class);
        byte[] rtp = Hex.bytes(RtpPacketTest.ONE_BYTE_PACKET);
        byte[] copy = new byte[rtp.length];
        byte[] rtcp = Hex.bytes("81 c8 000c | 11223344 | e1a2b3c4 d5e6f708 | 00bc614e | 00000064 | 00002710"
                + "| 55667788 | 40 fffffe | 00010005 | 00000020 | b3c4d5e6 | 00010000"
                + "| 81 cd 0003 | 00000001 | 00000002 | 0064 0005");
        byte[] feedback = new byte[256];
        int[] lost = new int[64];
        RtpPacket packet = new RtpPacket();
        RtpStreamRewriter rewriter = new RtpStreamRewriter(0xABCDEF, 90_000, 1, 0);
        DropCounters<RtpDropReason> drops = new DropCounters<>(RtpDropReason.class);
        RtcpCompoundIterator it = new RtcpCompoundIterator();
        SenderReport sr = new SenderReport();
        GenericNack nack = new GenericNack();
        TransportCcFeedbackBuilder builder = new TransportCcFeedbackBuilder(64);
        TransportCcFeedback tcc = new TransportCcFeedback();

        long sink = 0;
        long before = 0;
        for (int round = 0; round < 2; round++) {
            if (round == 1) {
                before = allocatedBytes();
            }
            for (int i = 0; i < 50_000; i++) {
                System.arraycopy(rtp, 0, copy, 0, rtp.length);
                if (PacketClassifier.classify(copy, 0, copy.length) != PacketKind.RTP) {
                    throw new AssertionError("classification");
                }
                RtpDropReason r = packet.wrap(copy, 0, copy.length);
                if (r != null) {
                    drops.increment(r);
                }
                sink += packet.findExtension(3) + packet.payloadLength();
                packet.setSequenceNumber(i);
                packet.setTimestamp(i * 3000L);
                packet.setSsrc(i % 1000 == 999 ? 42 : 7);
                if (i % 10 == 5) {
                    rewriter.skip(packet);
                } else {
                    r = rewriter.rewrite(packet, i * 33_000_000L);
                    if (r != null) {
                        drops.increment(r);
                    }
                }
                sink += packet.sequenceNumber();

                it.wrap(rtcp, 0, rtcp.length);
                while (it.next()) {
                    if (it.packetType() == RtcpHeader.SR && sr.wrap(rtcp, it.packetOffset(), it.packetLength()) == null) {
                        sink += sr.rtpTimestamp();
                    } else if (it.packetType() == RtcpHeader.RTPFB
                            && nack.wrap(rtcp, it.packetOffset(), it.packetLength()) == null) {
                        sink += nack.lostSequenceNumbers(lost);
                    }
                }

                builder.reset(1, 2, i);
                for (int k = 0; k < 20; k++) {
                    builder.addReceivedPacket(i + k + (k > 10 ? 3 : 0), 1_000_000L + k * 1_700L);
                }
                int n = builder.write(feedback, 0);
                if (tcc.wrap(feedback, 0, n) == null) {
                    while (tcc.nextPacket()) {
                        sink += tcc.packetDeltaTicks();
                    }
                }
            }
        }
        long allocated = allocatedBytes() - before;
        assertThat(sink).isNotZero();
        assertThat(drops.total()).isZero();
        // 50 000 iterations: a single allocation per packet would show as megabytes.
        assertThat(allocated).as("bytes allocated by 50 000 packets").isLessThan(16_384);
    }
}
