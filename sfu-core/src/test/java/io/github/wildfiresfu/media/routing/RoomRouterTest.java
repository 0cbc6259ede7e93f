package io.github.wildfiresfu.media.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wildfiresfu.media.rtcp.Fir;
import io.github.wildfiresfu.media.rtcp.GenericNack;
import io.github.wildfiresfu.media.rtcp.Pli;
import io.github.wildfiresfu.media.rtcp.ReceiverReport;
import io.github.wildfiresfu.media.rtcp.Remb;
import io.github.wildfiresfu.media.rtcp.RtcpCompoundIterator;
import io.github.wildfiresfu.media.rtcp.RtcpHeader;
import io.github.wildfiresfu.media.rtcp.RtcpDropReason;
import io.github.wildfiresfu.media.rtcp.SenderReport;
import io.github.wildfiresfu.media.rtcp.TransportCcFeedback;
import io.github.wildfiresfu.media.rtcp.TransportCcFeedbackBuilder;
import io.github.wildfiresfu.media.rtp.RtpDropReason;
import io.github.wildfiresfu.media.rtp.RtpPacket;
import io.github.wildfiresfu.media.sdp.HeaderExtensionPolicy;
import io.github.wildfiresfu.media.sdp.MediaKind;
import io.github.wildfiresfu.media.srtp.SrtpSession;
import io.github.wildfiresfu.media.transport.MediaSender;
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
 * The router with fake transports and a fake clock: fan-out and renumbering, the conditions of
 * relaying, source switches, keyframe request throttling, NACK answers from the retransmission
 * buffer (plain and as RTX), NACK generation, RTX, sender reports, REMB and receiver reports,
 * transport-cc feedback to publishers and transport-wide numbering toward subscribers.
 */
class RoomRouterTest {

    static final long PUB_VIDEO = 0x11111111L;
    static final long PUB_RTX = 0x11111112L;
    static final long PUB_AUDIO = 0x22222222L;
    static final long MS = 1_000_000L;

    /** Captures what the router sends; checks the SRTP headroom contract of {@link MediaSender}. */
    static final class FakeSender implements MediaSender {
        final List<byte[]> rtp = new ArrayList<>();
        final List<byte[]> rtcp = new ArrayList<>();

        @Override
        public boolean sendRtp(byte[] buf, int off, int len) {
            assertThat(buf.length - off - len).as("SRTP headroom").isGreaterThanOrEqualTo(SrtpSession.MAX_TRAILER_LENGTH);
            rtp.add(Arrays.copyOfRange(buf, off, off + len));
            return true;
        }

        @Override
        public boolean sendRtcp(byte[] buf, int off, int len) {
            assertThat(buf.length - off - len).as("SRTCP headroom").isGreaterThanOrEqualTo(SrtpSession.MAX_TRAILER_LENGTH);
            rtcp.add(Arrays.copyOfRange(buf, off, off + len));
            return true;
        }

        /** The (type, fmt) of every RTCP packet sent, in order, e.g. "206/1" for a PLI. */
        List<String> rtcpKinds() {
            List<String> out = new ArrayList<>();
            for (byte[] b : rtcp) {
                RtcpCompoundIterator it = new RtcpCompoundIterator().wrap(b, 0, b.length);
                while (it.next()) {
                    out.add(it.packetType() + "/" + it.count());
                }
            }
            return out;
        }

        /** Packets of (type, fmt) sent, each as its own array. */
        List<byte[]> rtcpPackets(int type, int fmt) {
            List<byte[]> out = new ArrayList<>();
            for (byte[] b : rtcp) {
                RtcpCompoundIterator it = new RtcpCompoundIterator().wrap(b, 0, b.length);
                while (it.next()) {
                    if (it.packetType() == type && it.count() == fmt) {
                        out.add(Arrays.copyOfRange(b, it.packetOffset(), it.packetOffset() + it.packetLength()));
                    }
                }
            }
            return out;
        }
    }

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private RoomRouter router;

    @BeforeEach
    void setUp() {
        router = new RoomRouter("room", clock::get, new SplittableRandom(7), Duration.ofMillis(1000));
    }

    static PublishedTrack video(String mid, long ssrc) {
        return PublishedTrack.of(mid, MediaKind.VIDEO, 96, 97, 90000, List.of(ssrc), Map.of(ssrc, ssrc + 1),
                Map.of(HeaderExtensionPolicy.MID, 4, HeaderExtensionPolicy.ABS_SEND_TIME, 2), true);
    }

    static PublishedTrack audio(String mid, long ssrc) {
        return PublishedTrack.of(mid, MediaKind.AUDIO, 111, -1, 48000, List.of(ssrc), Map.of(),
                Map.of(HeaderExtensionPolicy.MID, 4, HeaderExtensionPolicy.AUDIO_LEVEL, 1), false);
    }

    static SubscribedTrack sub(String mid, MediaKind kind, long ssrc, int pt, long feed, String feedMid) {
        return new SubscribedTrack(mid, kind, ssrc, pt, kind == MediaKind.VIDEO ? 90000 : 48000,
                Map.of(HeaderExtensionPolicy.MID, 1, HeaderExtensionPolicy.AUDIO_LEVEL, 2,
                        HeaderExtensionPolicy.ABS_SEND_TIME, 4), true, feed, feedMid, true, true);
    }

    static byte[] packet(long ssrc, int pt, int seq, long ts, int payload) {
        byte[] p = new byte[12 + payload];
        RtpPacket.writeFixedHeader(p, 0, false, pt, seq, ts, ssrc);
        for (int i = 0; i < payload; i++) {
            p[12 + i] = (byte) (seq + i);
        }
        return p;
    }

    /** Sends {@code p} through the publisher as a transport would: in a larger buffer, with headroom. */
    static void receive(RoomRouter.PublisherPeer pub, byte[] p) {
        byte[] buf = Arrays.copyOf(p, p.length + 64);
        pub.onRtp(buf, 0, p.length);
    }

    static RtpPacket parse(byte[] b) {
        RtpPacket p = new RtpPacket();
        assertThat(p.wrap(b, 0, b.length)).isNull();
        return p;
    }

    private record Room(RoomRouter.PublisherPeer pub, FakeSender pubOut, RoomRouter.SubscriberPeer sub, FakeSender subOut) {
    }

    /** A connected publisher (handle 1) and a connected, started subscriber (handle 2) of its video "1". */
    private Room oneToOne() {
        FakeSender pubOut = new FakeSender();
        RoomRouter.PublisherPeer pub = router.addPublisher(1, pubOut);
        pub.update(List.of(audio("0", PUB_AUDIO), video("1", PUB_VIDEO)), new RoomRouter.PublisherSettings(0, 0));
        pub.onConnected();
        FakeSender subOut = new FakeSender();
        RoomRouter.SubscriberPeer s = router.addSubscriber(2, subOut);
        s.update(List.of(sub("0", MediaKind.AUDIO, 0xA0, 111, 1, "0"), sub("1", MediaKind.VIDEO, 0xB0, 100, 1, "1")),
                false);
        s.onConnected();
        return new Room(pub, pubOut, s, subOut);
    }

    @Test
    void fanOutGivesEachSubscriberItsOwnSsrcPayloadTypeAndContinuousNumbersAcrossTheWrap() {
        Room r = oneToOne();
        FakeSender second = new FakeSender();
        RoomRouter.SubscriberPeer s2 = router.addSubscriber(3, second);
        s2.update(List.of(sub("5", MediaKind.VIDEO, 0xC0, 96, 1, "1")), false);
        s2.onConnected();
        for (int seq : new int[] {65534, 65535, 0, 1}) {
            byte[] p = packet(PUB_VIDEO, 96, seq, 3000L * seq, 20);
            byte[] original = p.clone();
            receive(r.pub(), p);
            assertThat(p).as("the publisher's packet is not changed").isEqualTo(original);
        }
        assertThat(r.subOut().rtp).hasSize(4);
        assertThat(second.rtp).hasSize(4);
        RtpPacket first = parse(r.subOut().rtp.get(0));
        for (int i = 0; i < 4; i++) {
            RtpPacket a = parse(r.subOut().rtp.get(i));
            RtpPacket b = parse(second.rtp.get(i));
            assertThat(a.ssrc()).isEqualTo(0xB0);
            assertThat(b.ssrc()).isEqualTo(0xC0);
            assertThat(a.payloadType()).isEqualTo(100);
            assertThat(b.payloadType()).isEqualTo(96);
            assertThat(a.sequenceNumber()).isEqualTo((first.sequenceNumber() + i) & 0xFFFF);
            assertThat(a.payloadLength()).isEqualTo(20);
        }
        assertThat(r.sub().stats().get(1).packetsSent()).isEqualTo(4);
        assertThat(r.sub().stats().get(1).octetsSent()).isEqualTo(80);
    }

    @Test
    void nothingIsRelayedUntilNegotiatedStartedSendingAndConnectedAndEachReasonIsCounted() {
        FakeSender pubOut = new FakeSender();
        RoomRouter.PublisherPeer pub = router.addPublisher(1, pubOut);
        pub.update(List.of(video("1", PUB_VIDEO)), new RoomRouter.PublisherSettings(0, 0));
        pub.onConnected();
        FakeSender out = new FakeSender();
        RoomRouter.SubscriberPeer s = router.addSubscriber(2, out);
        SubscribedTrack t = sub("0", MediaKind.VIDEO, 0xB0, 96, 1, "1");
        s.update(List.of(t.withNegotiated(false)), true);
        receive(pub, packet(PUB_VIDEO, 96, 1, 0, 10));
        s.update(List.of(t), true);
        receive(pub, packet(PUB_VIDEO, 96, 2, 0, 10));
        s.update(List.of(t), false);
        receive(pub, packet(PUB_VIDEO, 96, 3, 0, 10));
        s.update(List.of(new SubscribedTrack("0", MediaKind.VIDEO, 0xB0, 96, 90000, Map.of(), true, 1, "1", false, true)),
                false);
        s.onConnected();
        receive(pub, packet(PUB_VIDEO, 96, 4, 0, 10));
        assertThat(out.rtp).isEmpty();
        assertThat(s.stats().get(0).drops()).containsEntry(RouterDropReason.NOT_NEGOTIATED, 1L)
                .containsEntry(RouterDropReason.PAUSED, 1L).containsEntry(RouterDropReason.SUBSCRIBER_NOT_CONNECTED, 1L)
                .containsEntry(RouterDropReason.SEND_OFF, 1L);
        s.update(List.of(t), false);
        receive(pub, packet(PUB_VIDEO, 96, 5, 0, 10));
        assertThat(out.rtp).hasSize(1);
        // The publisher switching the stream off stops it for everyone.
        pub.setActive(Map.of("1", false));
        receive(pub, packet(PUB_VIDEO, 96, 6, 0, 10));
        assertThat(out.rtp).hasSize(1);
        assertThat(pub.stats().get(0).drops()).containsEntry(RouterDropReason.STREAM_INACTIVE, 1L);
    }

    @Test
    void startingToRelayAsksForAKeyframeAndRequestsAreThrottled() {
        Room r = oneToOne();
        // The subscription's start asked for one.
        assertThat(r.pubOut().rtcpKinds()).containsExactly("201/0", "201/0", "206/1");
        Pli pli = new Pli();
        byte[] first = r.pubOut().rtcpPackets(RtcpHeader.PSFB, RtcpHeader.FMT_PLI).get(0);
        assertThat(pli.wrap(first, 0, first.length)).isNull();
        assertThat(pli.mediaSsrc()).isEqualTo(PUB_VIDEO);
        assertThat(pli.senderSsrc()).isEqualTo(r.pub().localSsrc());

        // Three PLIs and a FIR from the subscriber within the throttle interval: one more request, later.
        byte[] subPli = new byte[Pli.LENGTH];
        Pli.write(subPli, 0, 9, 0xB0);
        byte[] subFir = new byte[Fir.LENGTH];
        Fir.write(subFir, 0, 9, 0xB0, 1);
        clock.addAndGet(100 * MS);
        r.sub().onRtcp(subPli, 0, subPli.length);
        r.sub().onRtcp(subPli, 0, subPli.length);
        r.sub().onRtcp(subFir, 0, subFir.length);
        assertThat(r.pubOut().rtcpPackets(RtcpHeader.PSFB, RtcpHeader.FMT_PLI)).hasSize(1);
        clock.addAndGet(150 * MS);
        router.tick(clock.get());
        assertThat(r.pubOut().rtcpPackets(RtcpHeader.PSFB, RtcpHeader.FMT_PLI)).hasSize(1);
        clock.addAndGet(60 * MS);
        router.tick(clock.get());
        assertThat(r.pubOut().rtcpPackets(RtcpHeader.PSFB, RtcpHeader.FMT_PLI)).hasSize(2);
        clock.addAndGet(500 * MS);
        router.tick(clock.get());
        assertThat(r.pubOut().rtcpPackets(RtcpHeader.PSFB, RtcpHeader.FMT_PLI)).hasSize(2);
        // After the interval a request goes out at once; one for an SSRC we do not send is counted.
        r.sub().onRtcp(subPli, 0, subPli.length);
        assertThat(r.pubOut().rtcpPackets(RtcpHeader.PSFB, RtcpHeader.FMT_PLI)).hasSize(3);
        Pli.write(subPli, 0, 9, 0xDEAD);
        r.sub().onRtcp(subPli, 0, subPli.length);
        assertThat(r.sub().drops().get(RouterDropReason.FEEDBACK_UNKNOWN_SSRC)).isEqualTo(1);
        // Audio never gets PLI.
        r.pub().requestKeyframe("0");
        clock.addAndGet(1000 * MS);
        r.pub().requestKeyframe("0");
        assertThat(r.pubOut().rtcpPackets(RtcpHeader.PSFB, RtcpHeader.FMT_PLI)).hasSize(3);
    }

    @Test
    void nacksAreAnsweredFromTheRetransmissionBufferWhileThePacketIsInTheWindow() {
        Room r = oneToOne();
        for (int seq = 100; seq < 110; seq++) {
            receive(r.pub(), packet(PUB_VIDEO, 96, seq, 3000L * seq, 30));
        }
        List<byte[]> sent = new ArrayList<>(r.subOut().rtp);
        assertThat(sent).hasSize(10);
        int out3 = parse(sent.get(3)).sequenceNumber();
        int out7 = parse(sent.get(7)).sequenceNumber();
        r.subOut().rtp.clear();
        byte[] nack = new byte[64];
        int n = GenericNack.write(nack, 0, 9, 0xB0, new int[] {out3, out7, (out7 + 100) & 0xFFFF}, 3);
        r.sub().onRtcp(nack, 0, n);
        assertThat(r.subOut().rtp).hasSize(2);
        assertThat(r.subOut().rtp.get(0)).isEqualTo(sent.get(3));
        assertThat(r.subOut().rtp.get(1)).isEqualTo(sent.get(7));
        assertThat(r.sub().stats().get(1).retransmitted()).isEqualTo(2);
        assertThat(r.sub().stats().get(1).drops()).containsEntry(RouterDropReason.RETRANSMISSION_MISSING, 1L);
        // Past the window, packets are not sent again.
        clock.addAndGet(1001 * MS);
        r.subOut().rtp.clear();
        r.sub().onRtcp(nack, 0, n);
        assertThat(r.subOut().rtp).isEmpty();
        // Audio streams keep no buffer.
        assertThat(r.sub().stats().get(0).retransmitted()).isZero();
    }

    /**
     * TEST-ONLY loss: a seeded fraction of the packets to subscribers is not sent but is renumbered,
     * counted and kept, so a NACK recovers it; with NACK answers off the NACK is only counted.
     */
    @Test
    void testFaultsDropASeededFractionThatNacksRecoverUnlessNackAnswersAreOff() {
        router = new RoomRouter("room", clock::get, new SplittableRandom(7), Duration.ofMillis(1000),
                Duration.ofSeconds(1), new TestFaults(0.25, 42, true));
        Room r = oneToOne();
        for (int seq = 100; seq < 300; seq++) {
            receive(r.pub(), packet(PUB_VIDEO, 96, seq, 3000L * seq, 30));
        }
        RoomRouter.OutgoingStats video = r.sub().stats().get(1);
        long lost = video.drops().getOrDefault(RouterDropReason.TEST_LOSS, 0L);
        assertThat(video.packetsSent()).isEqualTo(200);
        assertThat(r.subOut().rtp).hasSize((int) (200 - lost));
        assertThat(lost).isBetween(30L, 70L);
        // The first gap in what arrived is a test loss: a NACK gets it (sent unless lost again).
        int missing = -1;
        int previous = parse(r.subOut().rtp.get(0)).sequenceNumber();
        for (byte[] b : r.subOut().rtp) {
            int seq = parse(b).sequenceNumber();
            if (seq != previous && seq != ((previous + 1) & 0xFFFF)) {
                missing = (previous + 1) & 0xFFFF;
                break;
            }
            previous = seq;
        }
        assertThat(missing).isNotNegative();
        byte[] nack = new byte[64];
        int n = GenericNack.write(nack, 0, 9, 0xB0, new int[] {missing}, 1);
        r.subOut().rtp.clear();
        for (int i = 0; i < 10 && r.subOut().rtp.isEmpty(); i++) {
            r.sub().onRtcp(nack, 0, n);
        }
        assertThat(r.subOut().rtp).isNotEmpty();
        assertThat(parse(r.subOut().rtp.get(0)).sequenceNumber()).isEqualTo(missing);

        // The same seed drops the same packets; without NACK answers nothing is resent.
        router = new RoomRouter("room", clock::get, new SplittableRandom(7), Duration.ofMillis(1000),
                Duration.ofSeconds(1), new TestFaults(0.25, 42, false));
        Room again = oneToOne();
        for (int seq = 100; seq < 300; seq++) {
            receive(again.pub(), packet(PUB_VIDEO, 96, seq, 3000L * seq, 30));
        }
        assertThat(again.sub().stats().get(1).drops()).containsEntry(RouterDropReason.TEST_LOSS, lost);
        again.subOut().rtp.clear();
        again.sub().onRtcp(nack, 0, n);
        assertThat(again.subOut().rtp).isEmpty();
        assertThat(again.sub().stats().get(1).retransmitted()).isZero();
        assertThat(again.sub().stats().get(1).drops()).containsEntry(RouterDropReason.NACK_ANSWERS_DISABLED, 1L);
    }

    @Test
    void testFaultsAreReadOnlyFromExplicitlySetVariables() {
        assertThat(TestFaults.fromEnvironment(Map.of("PATH", "/usr/bin"))).isEqualTo(TestFaults.NONE);
        assertThat(TestFaults.NONE.active()).isFalse();
        assertThat(TestFaults.fromEnvironment(Map.of(TestFaults.DROP_TO_SUBSCRIBER_ENV, "0.05")))
                .isEqualTo(new TestFaults(0.05, 1, true));
        assertThat(TestFaults.fromEnvironment(Map.of(TestFaults.ANSWER_NACKS_ENV, "false", TestFaults.DROP_SEED_ENV, "9")))
                .isEqualTo(new TestFaults(0, 9, false));
        assertThatThrownBy(() -> TestFaults.fromEnvironment(Map.of(TestFaults.DROP_TO_SUBSCRIBER_ENV, "5%")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(TestFaults.DROP_TO_SUBSCRIBER_ENV);
        assertThatThrownBy(() -> TestFaults.fromEnvironment(Map.of(TestFaults.DROP_TO_SUBSCRIBER_ENV, "1.5")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TestFaults.fromEnvironment(Map.of(TestFaults.ANSWER_NACKS_ENV, "maybe")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void gapsFromThePublisherAreNackedRetriedAndForgottenOnceRecovered() {
        Room r = oneToOne();
        r.pubOut().rtcp.clear();
        receive(r.pub(), packet(PUB_VIDEO, 96, 10, 0, 10));
        receive(r.pub(), packet(PUB_VIDEO, 96, 11, 0, 10));
        receive(r.pub(), packet(PUB_VIDEO, 96, 14, 0, 10));
        List<byte[]> nacks = r.pubOut().rtcpPackets(RtcpHeader.RTPFB, RtcpHeader.FMT_NACK);
        assertThat(nacks).hasSize(1);
        assertThat(lost(nacks.get(0))).containsExactly(12, 13);
        // Packet 12 comes (as RTX: the original sequence number first in the payload); 13 is asked again.
        byte[] rtx = packet(PUB_RTX, 97, 500, 0, 12);
        rtx[12] = 0;
        rtx[13] = 12;
        receive(r.pub(), rtx);
        clock.addAndGet(NackGenerator.RETRY_INTERVAL_NANOS);
        router.tick(clock.get());
        nacks = r.pubOut().rtcpPackets(RtcpHeader.RTPFB, RtcpHeader.FMT_NACK);
        assertThat(nacks).hasSize(2);
        assertThat(lost(nacks.get(1))).containsExactly(13);
        // The recovered packet went to the subscriber with the original's number; a second copy of it is a duplicate.
        assertThat(r.subOut().rtp).hasSize(4);
        RtpPacket recovered = parse(r.subOut().rtp.get(3));
        assertThat(recovered.sequenceNumber()).isEqualTo((parse(r.subOut().rtp.get(0)).sequenceNumber() + 2) & 0xFFFF);
        assertThat(recovered.payloadType()).isEqualTo(100);
        assertThat(recovered.payloadLength()).isEqualTo(10);
        receive(r.pub(), packet(PUB_VIDEO, 96, 12, 0, 10));
        assertThat(r.subOut().rtp).hasSize(4);
        assertThat(r.pub().stats().get(1).drops()).containsEntry(RouterDropReason.DUPLICATE, 1L);
        // RTX padding (no original sequence number) is dropped.
        receive(r.pub(), packet(PUB_RTX, 97, 501, 0, 0));
        assertThat(r.pub().stats().get(1).drops()).containsEntry(RouterDropReason.RTX_PADDING, 1L);
        // After MAX_TRIES the gap is given up.
        for (int i = 0; i < 10; i++) {
            clock.addAndGet(NackGenerator.RETRY_INTERVAL_NANOS);
            router.tick(clock.get());
        }
        long asked = r.pubOut().rtcpPackets(RtcpHeader.RTPFB, RtcpHeader.FMT_NACK).stream()
                .filter(b -> lost(b).contains(13)).count();
        assertThat(asked).isEqualTo(NackGenerator.MAX_TRIES);
    }

    private static List<Integer> lost(byte[] nack) {
        GenericNack reader = new GenericNack();
        assertThat(reader.wrap(nack, 0, nack.length)).isNull();
        assertThat(reader.mediaSsrc()).isEqualTo(PUB_VIDEO);
        int[] out = new int[64];
        int n = reader.lostSequenceNumbers(out);
        List<Integer> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(out[i]);
        }
        return list;
    }

    @Test
    void aSwitchKeepsTheSubscribersSsrcAndNumbersAndAsksTheNewSourceForAKeyframe() {
        Room r = oneToOne();
        FakeSender otherOut = new FakeSender();
        RoomRouter.PublisherPeer other = router.addPublisher(5, otherOut);
        other.update(List.of(video("v", 0x5555)), new RoomRouter.PublisherSettings(0, 0));
        other.onConnected();
        otherOut.rtcp.clear();
        receive(r.pub(), packet(PUB_VIDEO, 96, 1000, 90000, 10));
        receive(r.pub(), packet(PUB_VIDEO, 96, 1001, 93000, 10));
        r.sub().update(List.of(sub("0", MediaKind.AUDIO, 0xA0, 111, 1, "0"), sub("1", MediaKind.VIDEO, 0xB0, 100, 5, "v")),
                false);
        assertThat(otherOut.rtcpPackets(RtcpHeader.PSFB, RtcpHeader.FMT_PLI)).hasSize(1);
        clock.addAndGet(40 * MS);
        receive(other, packet(0x5555, 96, 7, 123456, 10));
        receive(r.pub(), packet(PUB_VIDEO, 96, 1002, 96000, 10));
        assertThat(r.subOut().rtp).hasSize(3);
        RtpPacket before = parse(r.subOut().rtp.get(1));
        RtpPacket after = parse(r.subOut().rtp.get(2));
        assertThat(after.ssrc()).isEqualTo(0xB0);
        assertThat(after.sequenceNumber()).isEqualTo((before.sequenceNumber() + 1) & 0xFFFF);
        // 40 ms later on the subscriber's timeline (3600 ticks at 90 kHz).
        assertThat(after.timestamp()).isEqualTo((before.timestamp() + 3600) & 0xFFFF_FFFFL);
        assertThat(r.sub().stats().get(1).feedHandleId()).isEqualTo(5);
    }

    @Test
    void aPublisherThatLeavesAndComesBackIsRelinked() {
        Room r = oneToOne();
        r.pub().remove();
        assertThat(r.sub().stats().get(1).forwarding()).isFalse();
        FakeSender again = new FakeSender();
        RoomRouter.PublisherPeer back = router.addPublisher(1, again);
        back.update(List.of(audio("0", 0x3333), video("1", 0x4444)), new RoomRouter.PublisherSettings(0, 0));
        back.onConnected();
        receive(back, packet(0x4444, 96, 1, 0, 10));
        assertThat(r.subOut().rtp).hasSize(1);
        assertThat(parse(r.subOut().rtp.get(0)).ssrc()).isEqualTo(0xB0);
    }

    @Test
    void undeclaredSsrcsAreLearntFromTheMidAndRidExtensions() {
        FakeSender pubOut = new FakeSender();
        RoomRouter.PublisherPeer pub = router.addPublisher(1, pubOut);
        PublishedTrack rid = new PublishedTrack("1", MediaKind.VIDEO, 96, 97, 90000, List.of(), Map.of(),
                Map.of(HeaderExtensionPolicy.MID, 4, HeaderExtensionPolicy.RID, 10), true, true, true, List.of("h", "l"));
        pub.update(List.of(rid), new RoomRouter.PublisherSettings(0, 0));
        pub.onConnected();
        FakeSender out = new FakeSender();
        RoomRouter.SubscriberPeer s = router.addSubscriber(2, out);
        s.update(List.of(sub("0", MediaKind.VIDEO, 0xB0, 96, 1, "1")), false);
        s.onConnected();
        receive(pub, withMidAndRid(0x777, 1, "1", "l"));
        receive(pub, withMidAndRid(0x888, 1, "1", "h"));
        receive(pub, packet(0x777, 96, 2, 0, 10));
        receive(pub, packet(0x888, 96, 2, 0, 10));
        receive(pub, packet(0x999, 50, 2, 0, 10));
        assertThat(pub.drops().snapshot()).containsOnlyKeys(RouterDropReason.UNKNOWN_SSRC)
                .containsEntry(RouterDropReason.UNKNOWN_SSRC, 1L);
        // The last rid offered is substream 0 (Janus's order); the stream's SSRC is its highest layer's.
        assertThat(pub.stats().get(0).layers()).extracting(RoomRouter.LayerStats::ssrc).containsExactly(0x777L, 0x888L);
        assertThat(pub.stats().get(0).layers()).extracting(RoomRouter.LayerStats::packets).containsExactly(2L, 2L);
        assertThat(pub.stats().get(0).ssrc()).isEqualTo(0x888);
        // Without a codec every packet is a switching point: layer 0 first, then the highest (1).
        assertThat(out.rtp).hasSize(3);
        assertThat(s.stats().get(0).substream()).isEqualTo(1);

        // SIM groups: the group's SSRCs are the layers, low to high; the subscriber starts over.
        PublishedTrack sim = new PublishedTrack("1", MediaKind.VIDEO, 96, 97, 90000, List.of(1L, 2L, 3L), Map.of(),
                Map.of(), true, true, true, List.of());
        pub.update(List.of(sim), new RoomRouter.PublisherSettings(0, 0));
        out.rtp.clear();
        receive(pub, packet(1, 96, 1, 0, 10));
        receive(pub, packet(3, 96, 1, 0, 10));
        receive(pub, packet(1, 96, 2, 0, 10));
        assertThat(out.rtp).hasSize(2);
        assertThat(s.stats().get(0).substream()).isEqualTo(2);
        assertThat(pub.stats().get(0).layers()).extracting(RoomRouter.LayerStats::ssrc).containsExactly(1L, 2L, 3L);
    }

    private static byte[] withMidAndRid(long ssrc, int seq, String mid, String rid) {
        byte[] p = new byte[12 + 8 + 10];
        RtpPacket.writeFixedHeader(p, 0, false, 96, seq, 0, ssrc);
        p[0] |= 0x10;
        p[12] = (byte) 0xBE;
        p[13] = (byte) 0xDE;
        p[15] = 1;
        p[16] = (byte) (0x40 | (mid.length() - 1));
        p[17] = (byte) mid.charAt(0);
        p[18] = (byte) (0xA0 | (rid.length() - 1));
        p[19] = (byte) rid.charAt(0);
        return p;
    }

    @Test
    void senderReportsAreRelayedInTheSubscribersTimeline() {
        Room r = oneToOne();
        receive(r.pub(), packet(PUB_VIDEO, 96, 1, 1_000_000, 10));
        RtpPacket relayed = parse(r.subOut().rtp.get(0));
        byte[] sr = new byte[SenderReport.FIXED_LENGTH];
        SenderReport.write(sr, 0, PUB_VIDEO, 0x1234_5678_9ABC_DEF0L, 1_009_000, 10, 100, null, 0);
        r.pub().onRtcp(sr, 0, sr.length);
        List<byte[]> srs = r.subOut().rtcpPackets(RtcpHeader.SR, 0);
        assertThat(srs).hasSize(1);
        SenderReport reader = new SenderReport();
        assertThat(reader.wrap(srs.get(0), 0, srs.get(0).length)).isNull();
        assertThat(reader.senderSsrc()).isEqualTo(0xB0);
        assertThat(reader.ntpTimestamp()).isEqualTo(0x1234_5678_9ABC_DEF0L);
        assertThat(reader.rtpTimestamp()).isEqualTo((relayed.timestamp() + 9000) & 0xFFFF_FFFFL);
        assertThat(reader.packetCount()).isEqualTo(1);
        assertThat(reader.octetCount()).isEqualTo(10);
    }

    @Test
    void everySecondPublishersGetReceiverReportsAndRembCappedAtTheRoomsBitrate() {
        FakeSender pubOut = new FakeSender();
        RoomRouter.PublisherPeer pub = router.addPublisher(1, pubOut);
        pub.update(List.of(video("1", PUB_VIDEO)), new RoomRouter.PublisherSettings(512_000, 0));
        pub.onConnected();
        receive(pub, packet(PUB_VIDEO, 96, 1, 0, 10));
        receive(pub, packet(PUB_VIDEO, 96, 3, 0, 10));
        pubOut.rtcp.clear();
        clock.addAndGet(1000 * MS);
        router.tick(clock.get());
        // A NACK for the gap may come first; the report is a receiver report and REMB.
        assertThat(pubOut.rtcpKinds()).endsWith("201/1", "206/15");
        byte[] rr = pubOut.rtcpPackets(RtcpHeader.RR, 1).get(0);
        ReceiverReport reader = new ReceiverReport();
        assertThat(reader.wrap(rr, 0, rr.length)).isNull();
        int block = reader.reportBlockOffset(0);
        assertThat(io.github.wildfiresfu.media.rtcp.ReportBlock.ssrc(rr, block)).isEqualTo(PUB_VIDEO);
        assertThat(io.github.wildfiresfu.media.rtcp.ReportBlock.cumulativeLost(rr, block)).isEqualTo(1);
        byte[] remb = pubOut.rtcpPackets(RtcpHeader.PSFB, RtcpHeader.FMT_AFB).get(0);
        Remb rembReader = new Remb();
        assertThat(rembReader.wrap(remb, 0, remb.length)).isNull();
        assertThat(rembReader.bitrate()).isEqualTo(512_000);
        assertThat(rembReader.ssrc(0)).isEqualTo(PUB_VIDEO);
    }

    @Test
    void firFreqAsksForKeyframesPeriodically() {
        FakeSender pubOut = new FakeSender();
        RoomRouter.PublisherPeer pub = router.addPublisher(1, pubOut);
        pub.update(List.of(video("1", PUB_VIDEO)), new RoomRouter.PublisherSettings(0, 2));
        pub.onConnected();
        for (int i = 0; i < 50; i++) {
            clock.addAndGet(100 * MS);
            router.tick(clock.get());
        }
        // 5 s at fir_freq = 2: at 2 s and 4 s (the first tick counts from the clock's start).
        assertThat(pubOut.rtcpPackets(RtcpHeader.PSFB, RtcpHeader.FMT_PLI)).hasSizeBetween(2, 3);
    }

    @Test
    void aStreamIsReportedReceivingOnItsFirstPacketAndNotReceivingAfterTheNoMediaTimer() {
        List<String> activity = new ArrayList<>();
        RoomRouter.PublisherPeer pub = router.addPublisher(1, new FakeSender(),
                (mid, kind, receiving) -> activity.add(mid + " " + kind + " " + receiving));
        pub.update(List.of(audio("0", PUB_AUDIO), video("1", PUB_VIDEO)), new RoomRouter.PublisherSettings(0, 0));
        pub.onConnected();
        receive(pub, packet(PUB_VIDEO, 96, 1, 0, 10));
        receive(pub, packet(PUB_VIDEO, 96, 2, 0, 10));
        assertThat(activity).containsExactly("1 VIDEO true");
        clock.addAndGet(999 * MS);
        router.tick(clock.get());
        assertThat(activity).hasSize(1);
        clock.addAndGet(1 * MS);
        router.tick(clock.get());
        assertThat(activity).containsExactly("1 VIDEO true", "1 VIDEO false");
        receive(pub, packet(PUB_VIDEO, 96, 3, 0, 10));
        receive(pub, packet(PUB_AUDIO, 111, 1, 0, 10));
        assertThat(activity).containsExactly("1 VIDEO true", "1 VIDEO false", "1 VIDEO true", "0 AUDIO true");
    }

    @Test
    void malformedRtpIsCountedByReason() {
        Room r = oneToOne();
        byte[] bad = packet(PUB_VIDEO, 96, 1, 0, 4);
        bad[0] = (byte) 0x8F; // 15 CSRCs that are not there
        receive(r.pub(), bad);
        assertThat(r.pub().malformed().get(RtpDropReason.CSRC_OVERFLOW)).isEqualTo(1);
        assertThat(r.subOut().rtp).isEmpty();
    }

    /** Records slowlink reports as text: "handle mid kind uplink|downlink lost". */
    private final List<String> slowLinks = new ArrayList<>();

    private void slowLinkThreshold(int threshold) {
        router.setSlowLink(threshold, (handleId, mid, kind, uplink, lost) -> slowLinks.add(handleId + " " + mid + " "
                + kind.sdpName() + " " + (uplink ? "uplink" : "downlink") + " " + lost));
    }

    /** Ticks every 20 ms for {@code millis}, as the room timer does. */
    private void runFor(long millis) {
        for (long t = 0; t < millis; t += 20) {
            clock.addAndGet(20 * MS);
            router.tick(clock.get());
        }
    }

    /**
     * Janus's slowlink rule (ice.c {@code janus_slow_link_update}): once a second, per stream, the
     * packets lost since the last check are compared with {@code slowlink_threshold}; reaching it
     * reports them, at most once per second, and a loss below it reports nothing.
     */
    @Test
    void aPublisherStreamLosingAtLeastTheThresholdPerSecondIsReportedAsAnUplinkSlowLinkOncePerSecond() {
        slowLinkThreshold(5);
        Room r = oneToOne();
        router.tick(clock.get());
        for (int seq = 100; seq < 110; seq++) {
            receive(r.pub(), packet(PUB_VIDEO, 96, seq, 3000L * seq, 30));
        }
        for (int seq = 120; seq < 130; seq++) {
            receive(r.pub(), packet(PUB_VIDEO, 96, seq, 3000L * seq, 30));
            receive(r.pub(), packet(PUB_AUDIO, 111, seq, 960L * seq, 20));
        }
        runFor(980);
        assertThat(slowLinks).as("not before a second has passed").isEmpty();
        runFor(20);
        assertThat(slowLinks).containsExactly("1 1 video uplink 10");
        // The next second loses 4 (below the threshold): nothing; the one after loses exactly 5.
        receive(r.pub(), packet(PUB_VIDEO, 96, 134, 3000L * 134, 30));
        runFor(1000);
        assertThat(slowLinks).hasSize(1);
        receive(r.pub(), packet(PUB_VIDEO, 96, 140, 3000L * 140, 30));
        runFor(500);
        assertThat(slowLinks).hasSize(1);
        runFor(500);
        assertThat(slowLinks).containsExactly("1 1 video uplink 10", "1 1 video uplink 5");
        // No new loss: no more reports.
        runFor(3000);
        assertThat(slowLinks).hasSize(2);
    }

    @Test
    void aSubscriberNackingAtLeastTheThresholdPerSecondIsReportedAsADownlinkSlowLink() {
        slowLinkThreshold(3);
        Room r = oneToOne();
        router.tick(clock.get());
        for (int seq = 100; seq < 110; seq++) {
            receive(r.pub(), packet(PUB_VIDEO, 96, seq, 3000L * seq, 30));
        }
        int first = parse(r.subOut().rtp.get(0)).sequenceNumber();
        byte[] nack = new byte[64];
        int n = GenericNack.write(nack, 0, 9, 0xB0, new int[] {first, (first + 1) & 0xFFFF}, 2);
        r.sub().onRtcp(nack, 0, n);
        runFor(1000);
        assertThat(slowLinks).as("2 NACKed packets stay below 3").isEmpty();
        n = GenericNack.write(nack, 0, 9, 0xB0, new int[] {first, (first + 2) & 0xFFFF, (first + 4) & 0xFFFF}, 3);
        r.sub().onRtcp(nack, 0, n);
        r.sub().onRtcp(nack, 0, n);
        runFor(1000);
        assertThat(slowLinks).containsExactly("2 1 video downlink 6");
    }

    @Test
    void withTheThresholdAtZeroNoSlowLinkIsReported() {
        slowLinkThreshold(0);
        Room r = oneToOne();
        receive(r.pub(), packet(PUB_VIDEO, 96, 100, 0, 30));
        receive(r.pub(), packet(PUB_VIDEO, 96, 200, 3000, 30));
        runFor(3000);
        assertThat(slowLinks).isEmpty();
        assertThat(r.pub().stats().get(1).lost()).isEqualTo(99);
    }

    /** A publisher packet with a transport-wide sequence number element (id 3) and abs-send-time (id 2). */
    static byte[] packetWithTransportCc(long ssrc, int pt, int seq, long ts, int transportSeq) {
        byte[] p = new byte[12 + 12 + 20];
        RtpPacket.writeFixedHeader(p, 0, false, pt, seq, ts, ssrc);
        p[0] |= 0x10;
        p[12] = (byte) 0xBE;
        p[13] = (byte) 0xDE;
        p[15] = 2;
        p[16] = 0x31;
        p[17] = (byte) (transportSeq >> 8);
        p[18] = (byte) transportSeq;
        p[19] = 0x22;
        p[20] = 0x0A;
        p[21] = 0x0B;
        p[22] = 0x0C;
        Arrays.fill(p, 24, p.length, (byte) seq);
        return p;
    }

    private static int transportSeq(byte[] b, int id) {
        RtpPacket p = parse(b);
        int at = p.findExtension(id);
        assertThat(at).as("transport-wide sequence number element %d", id).isPositive();
        assertThat(p.foundExtensionLength()).isEqualTo(2);
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    @Test
    void nacksAreAnsweredAsRtxOnTheRtxSsrcWhenTheSubscriberAcceptedIt() {
        FakeSender pubOut = new FakeSender();
        RoomRouter.PublisherPeer pub = router.addPublisher(1, pubOut);
        pub.update(List.of(video("1", PUB_VIDEO)), new RoomRouter.PublisherSettings(0, 0));
        pub.onConnected();
        FakeSender out = new FakeSender();
        RoomRouter.SubscriberPeer s = router.addSubscriber(2, out);
        s.update(List.of(sub("1", MediaKind.VIDEO, 0xB0, 100, 1, "1").withRtx(101, 0xB1)), false);
        s.onConnected();
        for (int seq = 100; seq < 110; seq++) {
            receive(pub, packet(PUB_VIDEO, 96, seq, 3000L * seq, 30));
        }
        List<byte[]> sent = new ArrayList<>(out.rtp);
        int out3 = parse(sent.get(3)).sequenceNumber();
        int out7 = parse(sent.get(7)).sequenceNumber();
        out.rtp.clear();
        byte[] nack = new byte[64];
        int n = GenericNack.write(nack, 0, 9, 0xB0, new int[] {out3, out7}, 2);
        s.onRtcp(nack, 0, n);
        s.onRtcp(nack, 0, n);
        assertThat(out.rtp).hasSize(4);
        int firstRtxSeq = parse(out.rtp.get(0)).sequenceNumber();
        int[] osns = {out3, out7, out3, out7};
        for (int i = 0; i < 4; i++) {
            byte[] b = out.rtp.get(i);
            RtpPacket rtx = parse(b);
            byte[] original = sent.get(i % 2 == 0 ? 3 : 7);
            RtpPacket o = parse(original);
            assertThat(rtx.ssrc()).isEqualTo(0xB1);
            assertThat(rtx.payloadType()).isEqualTo(101);
            assertThat(rtx.sequenceNumber()).as("RTX numbers of its own").isEqualTo((firstRtxSeq + i) & 0xFFFF);
            assertThat(rtx.timestamp()).isEqualTo(o.timestamp());
            assertThat(((b[rtx.payloadOffset()] & 0xFF) << 8) | (b[rtx.payloadOffset() + 1] & 0xFF)).isEqualTo(osns[i]);
            assertThat(Arrays.copyOfRange(b, rtx.payloadOffset() + 2, b.length))
                    .isEqualTo(Arrays.copyOfRange(original, o.payloadOffset(), original.length));
            // Unwrapped again, it is the packet first sent.
            byte[] copy = b.clone();
            RtpPacket back = parse(copy);
            assertThat(RtxPayload.unwrap(back, 0xB0, 100)).isEqualTo(original.length);
            assertThat(Arrays.copyOf(copy, original.length)).isEqualTo(original);
        }
        assertThat(s.stats().get(0).retransmitted()).isEqualTo(4);
        assertThat(s.stats().get(0).retransmittedAsRtx()).isEqualTo(4);
        assertThat(s.stats().get(0).rtxSsrc()).isEqualTo(0xB1);
    }

    @Test
    void publishersGetTransportCcFeedbackEveryPeriodWithAnyPacketTheyNumbered() {
        router.setTransportCcFeedbackPeriod(Duration.ofMillis(100));
        FakeSender pubOut = new FakeSender();
        RoomRouter.PublisherPeer pub = router.addPublisher(1, pubOut);
        Map<String, Integer> ext = Map.of(HeaderExtensionPolicy.MID, 4, HeaderExtensionPolicy.ABS_SEND_TIME, 2,
                HeaderExtensionPolicy.TRANSPORT_WIDE_CC, 3);
        pub.update(List.of(PublishedTrack.of("1", MediaKind.VIDEO, 96, 97, 90000, List.of(PUB_VIDEO),
                Map.of(PUB_VIDEO, PUB_RTX), ext, true)), new RoomRouter.PublisherSettings(1_000_000, 0));
        pub.onConnected();
        // REMB for the declared SSRC before its first packet: the cap holds before the first bandwidth probe.
        byte[] remb = pubOut.rtcpPackets(RtcpHeader.PSFB, RtcpHeader.FMT_AFB).get(0);
        Remb rembReader = new Remb();
        assertThat(rembReader.wrap(remb, 0, remb.length)).isNull();
        assertThat(rembReader.ssrc(0)).isEqualTo(PUB_VIDEO);
        router.tick(clock.get());
        pubOut.rtcp.clear();
        // Media, an RTX probe without an OSN and a padding-only packet all count: they are what
        // bandwidth probes are made of. Transport number 4 is lost.
        receive(pub, packetWithTransportCc(PUB_VIDEO, 96, 1, 0, 1));
        clock.addAndGet(5 * MS);
        receive(pub, packetWithTransportCc(PUB_VIDEO, 96, 2, 0, 2));
        clock.addAndGet(5 * MS);
        receive(pub, Arrays.copyOf(packetWithTransportCc(PUB_RTX, 97, 50, 0, 3), 24));
        clock.addAndGet(5 * MS);
        receive(pub, packetWithTransportCc(PUB_VIDEO, 96, 3, 0, 5));
        clock.addAndGet(50 * MS);
        router.tick(clock.get());
        assertThat(pubOut.rtcpPackets(RtcpHeader.RTPFB, RtcpHeader.FMT_TRANSPORT_CC)).as("not before the period")
                .isEmpty();
        clock.addAndGet(50 * MS);
        router.tick(clock.get());
        List<byte[]> feedback = pubOut.rtcpPackets(RtcpHeader.RTPFB, RtcpHeader.FMT_TRANSPORT_CC);
        assertThat(feedback).hasSize(1);
        // RFC 3550 §6.1: the compound packet starts with a (empty) receiver report.
        assertThat(pubOut.rtcpKinds()).containsSubsequence("201/0", "205/15");
        TransportCcFeedback f = new TransportCcFeedback();
        byte[] fb = feedback.get(0);
        assertThat(f.wrap(fb, 0, fb.length)).isNull();
        assertThat(f.senderSsrc()).isEqualTo(pub.localSsrc());
        assertThat(f.baseSequenceNumber()).isEqualTo(1);
        List<String> statuses = new ArrayList<>();
        while (f.nextPacket()) {
            statuses.add(f.packetSequenceNumber() + (f.packetReceived() ? "+" + f.packetDeltaMicros() : "-"));
        }
        assertThat(statuses.subList(1, 5)).containsExactly("2+5000", "3+5000", "4-", "5+5000");
        assertThat(pub.transportCcStats()).isEqualTo(new RoomRouter.TransportCcFeedbackStats(3, 4, 0, 0, 0, 1));
        // REMB still caps the publisher's estimate at the room's bitrate.
        clock.addAndGet(1000 * MS);
        router.tick(clock.get());
        assertThat(pubOut.rtcpKinds()).contains("206/15");
        // Nothing new, nothing sent.
        int before = pubOut.rtcpPackets(RtcpHeader.RTPFB, RtcpHeader.FMT_TRANSPORT_CC).size();
        clock.addAndGet(200 * MS);
        router.tick(clock.get());
        assertThat(pubOut.rtcpPackets(RtcpHeader.RTPFB, RtcpHeader.FMT_TRANSPORT_CC)).hasSize(before);
    }

    @Test
    void subscribersGetOneTransportWideSequenceOverAllTheirStreamsAndRetransmissions() {
        FakeSender pubOut = new FakeSender();
        RoomRouter.PublisherPeer pub = router.addPublisher(1, pubOut);
        Map<String, Integer> pubExt = Map.of(HeaderExtensionPolicy.ABS_SEND_TIME, 2,
                HeaderExtensionPolicy.TRANSPORT_WIDE_CC, 3);
        pub.update(List.of(PublishedTrack.of("0", MediaKind.AUDIO, 111, -1, 48000, List.of(PUB_AUDIO), Map.of(),
                pubExt, false), PublishedTrack.of("1", MediaKind.VIDEO, 96, 97, 90000, List.of(PUB_VIDEO),
                Map.of(PUB_VIDEO, PUB_RTX), pubExt, true)), new RoomRouter.PublisherSettings(0, 0));
        pub.onConnected();
        FakeSender out = new FakeSender();
        RoomRouter.SubscriberPeer s = router.addSubscriber(2, out);
        // Our ids differ from the publisher's: transport-cc 5, abs-send-time 4.
        Map<String, Integer> subExt = Map.of(HeaderExtensionPolicy.ABS_SEND_TIME, 4,
                HeaderExtensionPolicy.TRANSPORT_WIDE_CC, 5);
        s.update(List.of(new SubscribedTrack("a", MediaKind.AUDIO, 0xA0, 111, 48000, subExt, false, 1, "0", true, true),
                new SubscribedTrack("v", MediaKind.VIDEO, 0xB0, 96, 90000, subExt, true, 1, "1", true, true)
                        .withRtx(97, 0xB1)), false);
        s.onConnected();
        // Packets without any extension get the element too (the header grows, in place for the last copy).
        receive(pub, packet(PUB_AUDIO, 111, 7, 960, 20));
        receive(pub, packetWithTransportCc(PUB_VIDEO, 96, 8, 3000, 900));
        receive(pub, packetWithTransportCc(PUB_AUDIO, 111, 9, 1920, 901));
        receive(pub, packet(PUB_VIDEO, 96, 10, 6000, 20));
        assertThat(out.rtp).hasSize(4);
        int first = transportSeq(out.rtp.get(0), 5);
        for (int i = 0; i < 4; i++) {
            byte[] b = out.rtp.get(i);
            assertThat(transportSeq(b, 5)).isEqualTo((first + i) & 0xFFFF);
            assertThat(parse(b).findExtension(3)).as("the publisher's id is not relayed").isEqualTo(-1);
        }
        assertThat(parse(out.rtp.get(1)).findExtension(4)).as("abs-send-time under our id").isPositive();
        // A retransmission, as RTX, gets the next number.
        int videoSeq = parse(out.rtp.get(1)).sequenceNumber();
        byte[] nack = new byte[64];
        int n = GenericNack.write(nack, 0, 9, 0xB0, new int[] {videoSeq}, 1);
        s.onRtcp(nack, 0, n);
        assertThat(out.rtp).hasSize(5);
        assertThat(parse(out.rtp.get(4)).ssrc()).isEqualTo(0xB1);
        assertThat(transportSeq(out.rtp.get(4), 5)).isEqualTo((first + 4) & 0xFFFF);
        assertThat(s.transportCcStats().numbered()).isEqualTo(5);
        // A subscriber without the extension gets no element.
        FakeSender plainOut = new FakeSender();
        RoomRouter.SubscriberPeer plain = router.addSubscriber(3, plainOut);
        plain.update(List.of(sub("v", MediaKind.VIDEO, 0xC0, 96, 1, "1")), false);
        plain.onConnected();
        receive(pub, packetWithTransportCc(PUB_VIDEO, 96, 11, 9000, 902));
        assertThat(parse(plainOut.rtp.get(0)).findExtension(3)).isEqualTo(-1);
        assertThat(parse(plainOut.rtp.get(0)).findExtension(5)).isEqualTo(-1);
    }

    @Test
    void subscriberTransportCcFeedbackIsCountedAndMalformedFeedbackIsDroppedByName() {
        Room r = oneToOne();
        TransportCcFeedbackBuilder builder = new TransportCcFeedbackBuilder(20);
        builder.reset(9, 0xB0, 0);
        for (int seq = 1; seq <= 10; seq++) {
            if (seq != 2) {
                builder.addReceivedPacket(seq, 1_000_000 + 1_000L * seq);
            }
        }
        byte[] fb = new byte[100];
        int n = builder.write(fb, 0);
        assertThat(n).isEqualTo(32);
        // No packet was numbered for this subscriber (no extension negotiated): reports of unknown numbers.
        r.sub().onRtcp(fb, 0, n);
        assertThat(r.sub().transportCcStats().feedbackPackets()).isEqualTo(1);
        assertThat(r.sub().transportCcStats().unknownReports()).isEqualTo(10);
        // Truncated deltas, a reserved symbol, a header-only packet: refused with their reasons.
        byte[] truncated = Arrays.copyOf(fb, 24);
        truncated[3] = 5;
        r.sub().onRtcp(truncated, 0, truncated.length);
        byte[] reserved = Arrays.copyOf(fb, n);
        reserved[20] = (byte) 0x60; // Run length chunk of symbol 11.
        r.sub().onRtcp(reserved, 0, reserved.length);
        byte[] headerOnly = Arrays.copyOf(fb, 16);
        headerOnly[3] = 3;
        r.sub().onRtcp(headerOnly, 0, headerOnly.length);
        assertThat(router.rtcpDrops().get(RtcpDropReason.TRANSPORT_CC_TRUNCATED)).isEqualTo(1);
        assertThat(router.rtcpDrops().get(RtcpDropReason.TRANSPORT_CC_RESERVED_SYMBOL)).isEqualTo(1);
        assertThat(router.rtcpDrops().get(RtcpDropReason.TOO_SHORT)).isEqualTo(1);
        assertThat(r.sub().transportCcStats().feedbackPackets()).isEqualTo(1);
        // The subscriber still works.
        receive(r.pub(), packet(PUB_VIDEO, 96, 1, 0, 10));
        assertThat(r.subOut().rtp).hasSize(1);
    }
}
