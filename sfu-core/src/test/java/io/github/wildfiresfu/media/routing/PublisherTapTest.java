package io.github.wildfiresfu.media.routing;

import static io.github.wildfiresfu.media.routing.RoomRouterTest.PUB_AUDIO;
import static io.github.wildfiresfu.media.routing.RoomRouterTest.PUB_RTX;
import static io.github.wildfiresfu.media.routing.RoomRouterTest.PUB_VIDEO;
import static io.github.wildfiresfu.media.routing.RoomRouterTest.audio;
import static io.github.wildfiresfu.media.routing.RoomRouterTest.packet;
import static io.github.wildfiresfu.media.routing.RoomRouterTest.parse;
import static io.github.wildfiresfu.media.routing.RoomRouterTest.receive;
import static io.github.wildfiresfu.media.routing.RoomRouterTest.sub;
import static io.github.wildfiresfu.media.routing.RoomRouterTest.video;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.wildfiresfu.media.rtp.RtpPacket;
import io.github.wildfiresfu.media.sdp.HeaderExtensionPolicy;
import io.github.wildfiresfu.media.sdp.MediaKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The recorder's tap on a publisher stream ({@link PublisherTap}, {@link RoomRouter.PublisherPeer#setTap}):
 * what it sees (the packet as received, before forwarding rewrites it in place; RTX turned back into the
 * original; no duplicates; nothing while the stream is off) and that it follows the stream across
 * renegotiations.
 */
class PublisherTapTest {

    /** Copies what the tap is lent, with the time it was given. */
    static final class Capture implements PublisherTap {
        final List<byte[]> packets = new ArrayList<>();
        final List<Long> times = new ArrayList<>();

        @Override
        public void onRtp(byte[] packet, int offset, int length, long arrivalNanos) {
            packets.add(Arrays.copyOfRange(packet, offset, offset + length));
            times.add(arrivalNanos);
        }

        List<Integer> sequenceNumbers() {
            return packets.stream().map(p -> parse(p).sequenceNumber()).toList();
        }
    }

    private final AtomicLong clock = new AtomicLong(5_000_000_000L);
    private RoomRouter router;
    private RoomRouter.PublisherPeer pub;
    private RoomRouterTest.FakeSender subOut;

    @BeforeEach
    void setUp() {
        router = new RoomRouter("room", clock::get, new SplittableRandom(3), Duration.ofMillis(1000));
        pub = router.addPublisher(1, new RoomRouterTest.FakeSender());
        pub.update(List.of(audio("0", PUB_AUDIO), video("1", PUB_VIDEO)), new RoomRouter.PublisherSettings(0, 0));
        pub.onConnected();
        subOut = new RoomRouterTest.FakeSender();
        RoomRouter.SubscriberPeer s = router.addSubscriber(2, subOut);
        s.update(List.of(sub("1", MediaKind.VIDEO, 0xB0, 100, 1, "1")), false);
        s.onConnected();
    }

    @Test
    void theTapSeesEachPacketAsReceivedBeforeTheSubscriberGetsItRewritten() {
        Capture video = new Capture();
        pub.setTap("1", video);
        List<byte[]> sent = new ArrayList<>();
        for (int seq = 10; seq < 14; seq++) {
            clock.addAndGet(33_000_000L);
            byte[] p = packet(PUB_VIDEO, 96, seq, 3000L * seq, 30);
            sent.add(p);
            receive(pub, p);
        }
        assertThat(video.packets).hasSize(4);
        for (int i = 0; i < 4; i++) {
            assertThat(video.packets.get(i)).as("packet %d as the publisher sent it", i).isEqualTo(sent.get(i));
        }
        assertThat(video.times).containsExactly(5_033_000_000L, 5_066_000_000L, 5_099_000_000L, 5_132_000_000L);
        // The subscriber got the same packets renumbered (the last recipient's copy is rewritten in place).
        assertThat(subOut.rtp).hasSize(4);
        assertThat(parse(subOut.rtp.get(0)).ssrc()).isEqualTo(0xB0);
        assertThat(parse(subOut.rtp.get(0)).payloadType()).isEqualTo(100);
    }

    @Test
    void aStreamWithoutSubscribersIsTappedToo() {
        Capture audio = new Capture();
        pub.setTap("0", audio);
        receive(pub, packet(PUB_AUDIO, 111, 7, 960, 40));
        receive(pub, packet(PUB_VIDEO, 96, 1, 0, 40));
        assertThat(audio.sequenceNumbers()).containsExactly(7);
        assertThat(parse(audio.packets.get(0)).ssrc()).isEqualTo(PUB_AUDIO);
    }

    @Test
    void rtxIsTappedAsTheOriginalAndDuplicatesAndSwitchedOffStreamsAreNot() {
        Capture video = new Capture();
        pub.setTap("1", video);
        receive(pub, packet(PUB_VIDEO, 96, 100, 9000, 20));
        receive(pub, packet(PUB_VIDEO, 96, 102, 9000, 20));
        // 101 comes back as RTX (RFC 4588: OSN then the original payload), 102 a second time.
        byte[] original = packet(PUB_VIDEO, 96, 101, 9000, 20);
        byte[] rtx = packet(PUB_RTX, 97, 7, 9000, 22);
        rtx[12] = 0;
        rtx[13] = 101;
        System.arraycopy(original, 12, rtx, 14, 20);
        receive(pub, rtx);
        receive(pub, packet(PUB_VIDEO, 96, 102, 9000, 20));
        assertThat(video.sequenceNumbers()).containsExactly(100, 102, 101);
        RtpPacket repaired = parse(video.packets.get(2));
        assertThat(repaired.ssrc()).isEqualTo(PUB_VIDEO);
        assertThat(repaired.payloadType()).isEqualTo(96);
        assertThat(video.packets.get(2)).isEqualTo(original);

        pub.setActive(Map.of("1", false));
        receive(pub, packet(PUB_VIDEO, 96, 103, 12000, 20));
        pub.setActive(Map.of("1", true));
        receive(pub, packet(PUB_VIDEO, 96, 104, 15000, 20));
        assertThat(video.sequenceNumbers()).containsExactly(100, 102, 101, 104);
    }

    @Test
    void theTapStaysAcrossRenegotiationsWaitsForItsMidAndGoesWhenRemoved() {
        Capture late = new Capture();
        pub.setTap("2", late);
        Capture video = new Capture();
        pub.setTap("1", video);
        receive(pub, packet(PUB_VIDEO, 96, 1, 0, 10));
        // A renegotiation adds mid 2 and gives mid 1 a new SSRC: both are tapped.
        pub.update(List.of(audio("0", PUB_AUDIO), video("1", 0x5555), video("2", 0x6666)),
                new RoomRouter.PublisherSettings(0, 0));
        receive(pub, packet(0x5555, 96, 50, 0, 10));
        receive(pub, packet(0x6666, 96, 60, 0, 10));
        assertThat(video.sequenceNumbers()).containsExactly(1, 50);
        assertThat(late.sequenceNumbers()).containsExactly(60);

        pub.setTap("1", null);
        receive(pub, packet(0x5555, 96, 51, 0, 10));
        assertThat(video.packets).hasSize(2);
        assertThat(subOut.rtp).as("forwarding does not depend on the tap").hasSize(3);
    }

    @Test
    void onlyTheTopSimulcastLayerIsTappedOnceItArrives() {
        PublishedTrack rid = new PublishedTrack("1", MediaKind.VIDEO, 96, 97, 90000, List.of(), Map.of(),
                Map.of(HeaderExtensionPolicy.MID, 4, HeaderExtensionPolicy.RID, 10), true, true, true,
                List.of("h", "l"));
        pub.update(List.of(rid), new RoomRouter.PublisherSettings(0, 0));
        Capture video = new Capture();
        pub.setTap("1", video);
        receive(pub, withMidAndRid(0x777, 1, "l"));
        receive(pub, withMidAndRid(0x888, 1, "h"));
        receive(pub, packet(0x777, 96, 2, 0, 10));
        receive(pub, packet(0x888, 96, 2, 0, 10));
        // Like Janus's recording simulcast context: the low layer is recorded while it is the only
        // one, the recording moves up at the top layer's first switching point (without a codec the
        // router reads, every packet is one) and then keeps the top layer only.
        assertThat(video.packets).extracting(p -> parse(p).ssrc()).containsExactly(0x777L, 0x888L, 0x888L);

        // SIM groups list the layers low to high: the last one is the top layer.
        PublishedTrack sim = new PublishedTrack("1", MediaKind.VIDEO, 96, 97, 90000, List.of(1L, 2L, 3L), Map.of(),
                Map.of(), true, true, true, List.of());
        pub.update(List.of(sim), new RoomRouter.PublisherSettings(0, 0));
        for (long ssrc = 1; ssrc <= 3; ssrc++) {
            receive(pub, packet(ssrc, 96, 5, 0, 10));
        }
        video.packets.clear();
        for (long ssrc = 1; ssrc <= 3; ssrc++) {
            receive(pub, packet(ssrc, 96, 6, 0, 10));
        }
        assertThat(video.packets).hasSize(1);
        assertThat(parse(video.packets.get(0)).ssrc()).isEqualTo(3);
    }

    /** A packet with the mid "1" and a one-letter rid in one-byte header extensions (ids 4 and 10). */
    private static byte[] withMidAndRid(long ssrc, int seq, String rid) {
        byte[] p = new byte[12 + 8 + 10];
        RtpPacket.writeFixedHeader(p, 0, false, 96, seq, 0, ssrc);
        p[0] |= 0x10;
        p[12] = (byte) 0xBE;
        p[13] = (byte) 0xDE;
        p[15] = 1;
        p[16] = (byte) 0x40;
        p[17] = (byte) '1';
        p[18] = (byte) 0xA0;
        p[19] = (byte) rid.charAt(0);
        return p;
    }
}
