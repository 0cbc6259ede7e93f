package io.github.wildfiresfu.media.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wildfiresfu.media.rtcp.GenericNack;
import io.github.wildfiresfu.media.rtcp.TransportCcFeedbackBuilder;
import io.github.wildfiresfu.media.rtp.RtpPacket;
import io.github.wildfiresfu.media.sdp.HeaderExtensionPolicy;
import io.github.wildfiresfu.media.sdp.MediaKind;
import io.github.wildfiresfu.media.transport.MediaSender;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * design.md §3: steady-state forwarding allocates nothing per packet. A publisher's video goes to
 * three subscribers (copy, extension translation, renumbering, retransmission buffer, receive
 * statistics, NACK bookkeeping) and to a recorder's tap; the senders and the tap only count, so what is measured is the router alone.
 * (The socket's pooled buffer and Netty's {@code DatagramPacket} envelope, and jitsi-srtp's own
 * per-packet objects, are outside; see {@code UdpSocket} and {@code media.srtp}.)
 */
class RouterAllocationTest {

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    @Test
    void forwardingToThreeSubscribersAllocatesNothingPerPacket() {
        // Every JDK we build and run on has the HotSpot per-thread allocation counter; a JVM without
        // it must fail this check, not skip it.
        assertThat(ManagementFactory.getThreadMXBean()).as("the HotSpot per-thread allocation counter")
                .isInstanceOf(com.sun.management.ThreadMXBean.class);
        AtomicLong clock = new AtomicLong();
        long[] sent = new long[1];
        MediaSender counting = new MediaSender() {
            @Override
            public boolean sendRtp(byte[] buf, int off, int len) {
                sent[0] += len;
                return true;
            }

            @Override
            public boolean sendRtcp(byte[] buf, int off, int len) {
                return true;
            }
        };
        RoomRouter router = new RoomRouter("room", clock::get, new SplittableRandom(1), Duration.ofSeconds(1));
        RoomRouter.PublisherPeer pub = router.addPublisher(1, counting);
        pub.update(List.of(RoomRouterTest.video("1", 1111)), new RoomRouter.PublisherSettings(0, 0));
        pub.onConnected();
        // The recorder's tap on the stream costs the router nothing either (the recorder's copy is its own).
        long[] tapped = new long[1];
        pub.setTap("1", (b, off, len, arrival) -> tapped[0] += len);
        for (int s = 0; s < 3; s++) {
            RoomRouter.SubscriberPeer sub = router.addSubscriber(10 + s, counting);
            sub.update(List.of(RoomRouterTest.sub("0", MediaKind.VIDEO, 100 + s, 96, 1, "1")), false);
            sub.onConnected();
        }
        byte[] packet = RoomRouterTest.packet(1111, 96, 0, 0, 1000);
        byte[] buf = new byte[packet.length + 64];
        long before = 0;
        for (int round = 0; round < 2; round++) {
            if (round == 1) {
                before = allocatedBytes();
            }
            for (int k = 0; k < 20_000; k++) {
                int i = round * 20_000 + k;
                System.arraycopy(packet, 0, buf, 0, packet.length);
                buf[2] = (byte) (i >> 8);
                buf[3] = (byte) i;
                long ts = i * 3000L;
                buf[4] = (byte) (ts >> 24);
                buf[5] = (byte) (ts >> 16);
                buf[6] = (byte) (ts >> 8);
                buf[7] = (byte) ts;
                clock.addAndGet(1_000_000);
                pub.onRtp(buf, 0, packet.length);
            }
        }
        long allocated = allocatedBytes() - before;
        assertThat(sent[0]).isEqualTo(2L * 20_000 * 3 * packet.length);
        assertThat(tapped[0]).isEqualTo(2L * 20_000 * packet.length);
        // A few bytes of noise from the counter itself; one object per packet would be > 300 KB.
        assertThat(allocated).as("bytes allocated for 60 000 forwarded copies").isLessThan(4096);
        assertThat(RtpPacket.FIXED_HEADER_LENGTH).isEqualTo(12);
    }

    /**
     * The same with transport-wide congestion control and RTX: every packet's transport-wide
     * number recorded and a new one written per copy, the publisher's feedback written every 100
     * packets, every 20 packets a NACK from each subscriber answered as RTX, and the subscribers'
     * feedback read.
     */
    @Test
    void transportCcAndRtxAllocateNothingPerPacket() {
        AtomicLong clock = new AtomicLong();
        long[] sent = new long[2];
        MediaSender counting = new MediaSender() {
            @Override
            public boolean sendRtp(byte[] buf, int off, int len) {
                sent[0]++;
                return true;
            }

            @Override
            public boolean sendRtcp(byte[] buf, int off, int len) {
                sent[1]++;
                return true;
            }
        };
        RoomRouter router = new RoomRouter("room", clock::get, new SplittableRandom(1), Duration.ofSeconds(1));
        RoomRouter.PublisherPeer pub = router.addPublisher(1, counting);
        Map<String, Integer> ext = Map.of(HeaderExtensionPolicy.ABS_SEND_TIME, 2,
                HeaderExtensionPolicy.TRANSPORT_WIDE_CC, 3);
        pub.update(List.of(PublishedTrack.of("1", MediaKind.VIDEO, 96, 97, 90000, List.of(1111L), Map.of(1111L, 1112L),
                ext, true)), new RoomRouter.PublisherSettings(0, 0));
        pub.onConnected();
        RoomRouter.SubscriberPeer[] subs = new RoomRouter.SubscriberPeer[3];
        int[] lastMediaSeq = new int[3];
        for (int s = 0; s < 3; s++) {
            int index = s;
            MediaSender recording = new MediaSender() {
                @Override
                public boolean sendRtp(byte[] buf, int off, int len) {
                    if ((buf[off + 1] & 0x7F) == 96) {
                        lastMediaSeq[index] = ((buf[off + 2] & 0xFF) << 8) | (buf[off + 3] & 0xFF);
                    }
                    return counting.sendRtp(buf, off, len);
                }

                @Override
                public boolean sendRtcp(byte[] buf, int off, int len) {
                    return counting.sendRtcp(buf, off, len);
                }
            };
            subs[s] = router.addSubscriber(10 + s, recording);
            subs[s].update(List.of(new SubscribedTrack("0", MediaKind.VIDEO, 100 + s, 96, 90000, ext, true, 1, "1", true,
                    true).withRtx(97, 200 + s)), false);
            subs[s].onConnected();
        }
        byte[] feedback = new byte[200];
        TransportCcFeedbackBuilder builder = new TransportCcFeedbackBuilder(100);
        builder.reset(9, 0, 0);
        for (int i = 1; i <= 50; i++) {
            builder.addReceivedPacket(i, 1_000_000 + 1_000L * i);
        }
        int feedbackLength = builder.write(feedback, 0);
        byte[] nack = new byte[64];
        int[] lost = new int[1];
        byte[] packet = RoomRouterTest.packetWithTransportCc(1111, 96, 0, 0, 0);
        packet = java.util.Arrays.copyOf(packet, packet.length + 1000);
        byte[] buf = new byte[packet.length + 64];
        long before = 0;
        for (int round = 0; round < 2; round++) {
            if (round == 1) {
                before = allocatedBytes();
            }
            for (int k = 0; k < 20_000; k++) {
                int i = round * 20_000 + k;
                System.arraycopy(packet, 0, buf, 0, packet.length);
                buf[2] = (byte) (i >> 8);
                buf[3] = (byte) i;
                buf[17] = (byte) (i >> 8);
                buf[18] = (byte) i;
                clock.addAndGet(1_000_000);
                pub.onRtp(buf, 0, packet.length);
                if (i % 20 == 19) {
                    for (int s = 0; s < 3; s++) {
                        lost[0] = (lastMediaSeq[s] - 3) & 0xFFFF;
                        int n = GenericNack.write(nack, 0, 9, 100 + s, lost, 1);
                        subs[s].onRtcp(nack, 0, n);
                    }
                }
                if (i % 100 == 99) {
                    pub.sendTransportCcFeedback();
                    for (RoomRouter.SubscriberPeer s : subs) {
                        s.onRtcp(feedback, 0, feedbackLength);
                    }
                }
            }
        }
        long allocated = allocatedBytes() - before;
        assertThat(sent[0]).as("forwarded copies").isGreaterThanOrEqualTo(2L * 20_000 * 3);
        assertThat(sent[1]).as("feedback packets to the publisher").isGreaterThanOrEqualTo(400);
        assertThat(subs[0].transportCcStats().feedbackPackets()).isEqualTo(400);
        assertThat(subs[2].stats().get(0).retransmittedAsRtx()).as("NACKs answered as RTX").isEqualTo(2_000);
        assertThat(allocated).as("bytes allocated for 60 000 forwarded copies with transport-cc and RTX")
                .isLessThan(4096);
    }

    /**
     * The simulcast path: three VP8 substreams with two temporal layers and a keyframe on every
     * layer each second, routed to three subscribers on different substream and temporal targets
     * (per-packet layer description, layer selection, temporal drops with renumbering,
     * PictureID/TL0PICIDX rewriting, the recording view).
     */
    @Test
    void simulcastSelectionAndVp8RewritingAllocateNothingPerPacket() {
        AtomicLong clock = new AtomicLong();
        long[] sent = new long[1];
        MediaSender counting = new MediaSender() {
            @Override
            public boolean sendRtp(byte[] buf, int off, int len) {
                sent[0]++;
                return true;
            }

            @Override
            public boolean sendRtcp(byte[] buf, int off, int len) {
                return true;
            }
        };
        RoomRouter router = new RoomRouter("room", clock::get, new SplittableRandom(1), Duration.ofSeconds(1));
        RoomRouter.PublisherPeer pub = router.addPublisher(1, counting);
        pub.update(List.of(SimulcastRoutingTest.ridTrack()), new RoomRouter.PublisherSettings(0, 0));
        pub.onConnected();
        int[][] targets = {{2, 2}, {0, 0}, {1, 2}};
        for (int s = 0; s < 3; s++) {
            RoomRouter.SubscriberPeer sub = router.addSubscriber(10 + s, counting);
            sub.update(List.of(SimulcastRoutingTest.subTrack().withLayers(targets[s][0], targets[s][1], 0)), false);
            sub.onConnected();
        }
        // Per layer: [0] keyframe, [1] delta TID 0, [2] delta TID 1; the first packets name their rid.
        byte[][][] templates = new byte[3][3][];
        for (int l = 0; l < 3; l++) {
            templates[l][0] = SimulcastRoutingTest.vp8(SimulcastRoutingTest.SSRC[l], 96, 0, 0, true, null, null, 0, 0, 0,
                    0, true, true);
            templates[l][1] = SimulcastRoutingTest.vp8(SimulcastRoutingTest.SSRC[l], 96, 0, 0, true, null, null, 0, 0, 0,
                    0, true, false);
            templates[l][2] = SimulcastRoutingTest.vp8(SimulcastRoutingTest.SSRC[l], 96, 0, 0, true, null, null, 0, 0, 0,
                    1, true, false);
            byte[] tagged = SimulcastRoutingTest.vp8(SimulcastRoutingTest.SSRC[l], 96, 0, 0, true, "1",
                    SimulcastRoutingTest.RID[l], SimulcastRoutingTest.RID_ID, 0, 0, 0, true, false);
            pub.onRtp(java.util.Arrays.copyOf(tagged, tagged.length + 64), 0, tagged.length);
        }
        byte[] buf = new byte[2048];
        long before = 0;
        int frame = 0;
        int[] seq = {1, 1, 1};
        for (int round = 0; round < 2; round++) {
            if (round == 1) {
                before = allocatedBytes();
                sent[0] = 0;
            }
            for (int k = 0; k < 4_000; k++, frame++) {
                clock.addAndGet(33_000_000L);
                int kind = frame % 30 == 0 ? 0 : 1 + frame % 2;
                for (int l = 0; l < 3; l++) {
                    byte[] t = templates[l][kind];
                    System.arraycopy(t, 0, buf, 0, t.length);
                    int sq = seq[l]++;
                    buf[2] = (byte) (sq >> 8);
                    buf[3] = (byte) sq;
                    long ts = frame * 3000L;
                    buf[4] = (byte) (ts >> 24);
                    buf[5] = (byte) (ts >> 16);
                    buf[6] = (byte) (ts >> 8);
                    buf[7] = (byte) ts;
                    // PictureID (15 bits) at payload bytes 2-3, TL0PICIDX at 4.
                    buf[14] = (byte) (0x80 | ((frame >> 8) & 0x7F));
                    buf[15] = (byte) frame;
                    buf[16] = (byte) (frame / 2);
                    pub.onRtp(buf, 0, t.length);
                }
            }
        }
        long allocated = allocatedBytes() - before;
        // Subscriber 0 gets every frame of layer 2, subscriber 1 half of layer 0's, subscriber 2 all of layer 1.
        assertThat(sent[0]).isEqualTo(4_000L + 2_000 + 4_000);
        assertThat(allocated).as("bytes allocated for 12 000 packets routed to 3 simulcast subscribers").isLessThan(4096);
    }
}
