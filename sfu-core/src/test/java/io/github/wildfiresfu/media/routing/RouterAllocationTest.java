package io.github.wildfiresfu.media.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wildfiresfu.media.rtp.RtpPacket;
import io.github.wildfiresfu.media.sdp.MediaKind;
import io.github.wildfiresfu.media.transport.MediaSender;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
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
}
