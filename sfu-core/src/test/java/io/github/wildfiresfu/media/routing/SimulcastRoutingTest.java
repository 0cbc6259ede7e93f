package io.github.wildfiresfu.media.routing;

import static io.github.wildfiresfu.media.routing.RoomRouterTest.MS;
import static io.github.wildfiresfu.media.routing.RoomRouterTest.parse;
import static io.github.wildfiresfu.media.routing.RoomRouterTest.receive;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.wildfiresfu.media.routing.RoomRouterTest.FakeSender;
import io.github.wildfiresfu.media.rtcp.GenericNack;
import io.github.wildfiresfu.media.rtcp.Pli;
import io.github.wildfiresfu.media.rtcp.ReceiverReport;
import io.github.wildfiresfu.media.rtcp.Remb;
import io.github.wildfiresfu.media.rtcp.ReportBlock;
import io.github.wildfiresfu.media.rtcp.RtcpHeader;
import io.github.wildfiresfu.media.rtp.RtpPacket;
import io.github.wildfiresfu.media.rtp.Vp8Packets;
import io.github.wildfiresfu.media.rtp.Vp8PayloadDescriptor;
import io.github.wildfiresfu.media.sdp.CodecName;
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
 * Simulcast through the router with fake transports and a fake clock: rid layers learnt from the
 * RFC 8852 extensions, per-layer receive state (NACK, PLI, receiver reports, REMB), a subscriber's
 * substream and temporal choice switched on keyframes with continuous SSRC, sequence numbers,
 * timestamps and VP8 PictureID/TL0PICIDX, fallback when the top layer stops, the notifications, RTX
 * with repaired-rid, SSRC ({@code SIM}) simulcast with H.264, and the recording hook.
 */
class SimulcastRoutingTest {

    static final int MID_ID = 4;
    static final int RID_ID = 10;
    static final int REPAIRED_RID_ID = 11;
    /** SSRCs of substreams 0 ("l"), 1 ("m"), 2 ("h"). */
    static final long[] SSRC = {0x100, 0x200, 0x300};
    static final long[] RTX = {0x101, 0x201, 0x301};
    static final String[] RID = {"l", "m", "h"};
    static final long SUB_SSRC = 0xB0;

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final List<String> events = new ArrayList<>();
    private RoomRouter router;
    private RoomRouter.PublisherPeer pub;
    private FakeSender pubOut;
    /** Per layer: next sequence number, RTP timestamp base, next PictureID, TL0PICIDX. */
    private final int[] seq = {100, 5000, 9000};
    private final long[] tsBase = {10_000, 700_000, 3_000_000};
    private final int[] pictureId = {1000, 2000, 3000};
    private final int[] tl0 = {10, 50, 90};

    @BeforeEach
    void setUp() {
        router = new RoomRouter("room", clock::get, new SplittableRandom(7), Duration.ofMillis(1000));
        router.setSimulcastListener(new RoomRouter.SimulcastListener() {
            @Override
            public void onSubstreamChanged(long handleId, String mid, int substream) {
                events.add(handleId + "/" + mid + " substream " + substream);
            }

            @Override
            public void onTemporalChanged(long handleId, String mid, int temporal) {
                events.add(handleId + "/" + mid + " temporal " + temporal);
            }
        });
        pubOut = new FakeSender();
        pub = router.addPublisher(1, pubOut);
        pub.update(List.of(ridTrack()), new RoomRouter.PublisherSettings(1_500_000, 0));
        pub.onConnected();
    }

    static PublishedTrack ridTrack() {
        return new PublishedTrack("1", MediaKind.VIDEO, 96, 97, 90000, List.of(), Map.of(),
                Map.of(HeaderExtensionPolicy.MID, MID_ID, HeaderExtensionPolicy.RID, RID_ID,
                        HeaderExtensionPolicy.REPAIRED_RID, REPAIRED_RID_ID, HeaderExtensionPolicy.ABS_SEND_TIME, 2),
                true, true, true, List.of("h", "m", "l"), CodecName.VP8);
    }

    /** A VP8 packet (see {@link Vp8Packets#build}) with our publisher's extension ids. */
    static byte[] vp8(long ssrc, int pt, int seq, long ts, boolean marker, String mid, String rid, int ridId,
            int pictureId, int tl0, int tid, boolean start, boolean key) {
        return Vp8Packets.build(ssrc, pt, seq, ts, marker, MID_ID, mid, ridId, rid, pictureId, tl0, tid, start, key);
    }

    /** Sends one two-packet frame on {@code layer} at clock time {@code ms}, with extensions when {@code tagged}. */
    private void frame(int layer, long ms, boolean key, int tid, boolean tagged) {
        clock.set(1_000_000_000L + ms * MS);
        if (tid == 0) {
            tl0[layer]++;
        }
        long ts = tsBase[layer] + ms * 90;
        String mid = tagged ? "1" : null;
        String rid = tagged ? RID[layer] : null;
        receive(pub, vp8(SSRC[layer], 96, seq[layer]++, ts, false, mid, rid, RID_ID, pictureId[layer], tl0[layer], tid,
                true, key));
        receive(pub, vp8(SSRC[layer], 96, seq[layer]++, ts, true, mid, rid, RID_ID, pictureId[layer], tl0[layer], tid,
                false, key));
        pictureId[layer] = (pictureId[layer] + 1) & 0x7FFF;
    }

    /** One frame on each layer at {@code ms}; TID alternates 0, 1 by frame number as janus.js's L1T2. */
    private void frames(long ms, boolean key, boolean tagged, int... layers) {
        int tid = key ? 0 : (int) ((ms / 33) % 2);
        for (int layer : layers.length == 0 ? new int[] {0, 1, 2} : layers) {
            frame(layer, ms, key, tid, tagged);
        }
    }

    private RoomRouter.SubscriberPeer subscribe(FakeSender out, SubscribedTrack track) {
        RoomRouter.SubscriberPeer s = router.addSubscriber(2, out);
        s.update(List.of(track), false);
        s.onConnected();
        return s;
    }

    static SubscribedTrack subTrack() {
        return new SubscribedTrack("0", MediaKind.VIDEO, SUB_SSRC, 100, 90000,
                Map.of(HeaderExtensionPolicy.ABS_SEND_TIME, 4), true, 1, "1", true, true);
    }

    private List<Long> pliSsrcs(FakeSender out) {
        List<Long> ssrcs = new ArrayList<>();
        Pli pli = new Pli();
        for (byte[] b : out.rtcpPackets(RtcpHeader.PSFB, RtcpHeader.FMT_PLI)) {
            assertThat(pli.wrap(b, 0, b.length)).isNull();
            ssrcs.add(pli.mediaSsrc());
        }
        return ssrcs;
    }

    /** The relayed packets' PictureIDs, and a check that SSRC, sequence numbers and PTs are continuous. */
    private static List<Integer> checkContinuous(List<byte[]> sent) {
        List<Integer> pictureIds = new ArrayList<>();
        Vp8PayloadDescriptor d = new Vp8PayloadDescriptor();
        int previous = -1;
        for (byte[] b : sent) {
            RtpPacket p = parse(b);
            assertThat(p.ssrc()).isEqualTo(SUB_SSRC);
            assertThat(p.payloadType()).isEqualTo(100);
            if (previous >= 0) {
                assertThat(p.sequenceNumber()).as("sequence after " + previous).isEqualTo((previous + 1) & 0xFFFF);
            }
            previous = p.sequenceNumber();
            assertThat(d.wrap(b, p.payloadOffset(), p.payloadLength())).isTrue();
            pictureIds.add(d.pictureId());
        }
        return pictureIds;
    }

    @Test
    void ridLayersAreLearntAndEachHasItsOwnReceiveState() {
        frames(0, false, true);
        List<RoomRouter.LayerStats> layers = pub.stats().get(0).layers();
        assertThat(layers).extracting(RoomRouter.LayerStats::rid).containsExactly("l", "m", "h");
        assertThat(layers).extracting(RoomRouter.LayerStats::ssrc).containsExactly(SSRC[0], SSRC[1], SSRC[2]);
        assertThat(layers).extracting(RoomRouter.LayerStats::packets).containsExactly(2L, 2L, 2L);
        // Later packets carry no extensions (browsers stop sending mid/rid): the learnt SSRCs still place them.
        frames(33, false, false);
        assertThat(pub.stats().get(0).layers()).extracting(RoomRouter.LayerStats::packets).containsExactly(4L, 4L, 4L);
        // A rid the publisher never offered.
        receive(pub, vp8(0x999, 96, 1, 0, false, "1", "x", RID_ID, 1, 1, 0, true, false));
        assertThat(pub.drops().get(RouterDropReason.UNKNOWN_RID)).isEqualTo(1);

        // Loss on layer 1 only: the NACK names layer 1's SSRC.
        seq[1]++;
        frames(66, false, false);
        GenericNack nack = new GenericNack();
        List<byte[]> nacks = pubOut.rtcpPackets(RtcpHeader.RTPFB, RtcpHeader.FMT_NACK);
        assertThat(nacks).hasSize(1);
        assertThat(nack.wrap(nacks.get(0), 0, nacks.get(0).length)).isNull();
        assertThat(nack.mediaSsrc()).isEqualTo(SSRC[1]);
        assertThat(pub.stats().get(0).layers().get(1).nacksSent()).isEqualTo(1);

        // Receiver reports: a block per layer; REMB caps the sum of all three.
        pubOut.rtcp.clear();
        clock.addAndGet(2000 * MS);
        router.tick(clock.get());
        byte[] rr = pubOut.rtcpPackets(RtcpHeader.RR, 3).get(0);
        ReceiverReport report = new ReceiverReport();
        assertThat(report.wrap(rr, 0, rr.length)).isNull();
        assertThat(report.reportCount()).isEqualTo(3);
        List<Long> reported = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            reported.add(ReportBlock.ssrc(rr, report.reportBlockOffset(i)));
        }
        assertThat(reported).containsExactlyInAnyOrder(SSRC[0], SSRC[1], SSRC[2]);
        byte[] rembBytes = pubOut.rtcpPackets(RtcpHeader.PSFB, RtcpHeader.FMT_AFB).get(0);
        Remb remb = new Remb();
        assertThat(remb.wrap(rembBytes, 0, rembBytes.length)).isNull();
        assertThat(remb.bitrate()).isEqualTo(Remb.representable(1_500_000));
        assertThat(remb.ssrcCount()).isEqualTo(3);
    }

    @Test
    void subscriberGetsTheTopLayerThenSwitchesOnKeyframesWithContinuousNumbersAndPictureIds() {
        frames(0, false, true);
        FakeSender out = new FakeSender();
        RoomRouter.SubscriberPeer sub = subscribe(out, subTrack());
        assertThat(pliSsrcs(pubOut)).as("a new subscriber asks every layer for a keyframe")
                .containsExactly(SSRC[0], SSRC[1], SSRC[2]);
        frames(33, false, false);
        assertThat(out.rtp).isEmpty();
        assertThat(sub.stats().get(0).drops()).containsEntry(RouterDropReason.WAITING_FOR_KEYFRAME, 6L);

        // The keyframes: layer 0's arrives first but layer 2 is the goal.
        frames(66, true, false);
        assertThat(events).containsExactly("2/0 substream 2");
        assertThat(out.rtp).hasSize(2);
        frames(99, false, false);
        frames(132, false, false);
        assertThat(out.rtp).hasSize(6);
        assertThat(sub.stats().get(0).substream()).isEqualTo(2);
        assertThat(sub.stats().get(0).drops()).containsEntry(RouterDropReason.SIMULCAST_LAYER_NOT_RELAYED, 8L)
                .containsEntry(RouterDropReason.WAITING_FOR_KEYFRAME, 10L);

        // configure substream 0: a keyframe is asked of layer 0, the switch waits for it.
        pubOut.rtcp.clear();
        sub.update(List.of(subTrack().withLayers(0, 2, 0)), false);
        frames(500, false, false);
        assertThat(pliSsrcs(pubOut)).containsExactly(SSRC[0]);
        assertThat(out.rtp).as("layer 2 goes on until layer 0 has a keyframe").hasSize(8);
        frames(533, true, false, 2, 1);
        assertThat(out.rtp).as("layer 2 goes on until layer 0 has a keyframe").hasSize(10);
        frames(540, true, false, 0);
        assertThat(events).containsExactly("2/0 substream 2", "2/0 substream 0");
        frames(566, false, false);
        assertThat(out.rtp).hasSize(14);
        long lastTopTs = parse(out.rtp.get(9)).timestamp();
        long firstLowTs = parse(out.rtp.get(10)).timestamp();
        assertThat(firstLowTs - lastTopTs).as("the timeline goes on by the wall clock (7 ms)").isEqualTo(7 * 90);

        // And back up to 2.
        sub.update(List.of(subTrack().withLayers(2, 2, 0)), false);
        frames(600, false, false);
        frames(633, true, false);
        frames(666, false, false);
        assertThat(events).last().isEqualTo("2/0 substream 2");
        List<Integer> ids = checkContinuous(out.rtp);
        // Layer 2's own PictureIDs first (3001..), then one more per frame across both switches.
        assertThat(ids).containsExactly(3002, 3002, 3003, 3003, 3004, 3004, 3005, 3005, 3006, 3006, 3007, 3007,
                3008, 3008, 3009, 3009, 3010, 3010, 3011, 3011, 3012, 3012);
    }

    @Test
    void temporalLayersAboveTheTargetAreDroppedWithoutASequenceGap() {
        frames(0, false, true);
        FakeSender out = new FakeSender();
        RoomRouter.SubscriberPeer sub = subscribe(out, subTrack().withLayers(2, 0, 0));
        frames(33, true, false);
        assertThat(events).containsExactly("2/0 substream 2", "2/0 temporal 0");
        for (int f = 2; f < 10; f++) {
            frames(f * 33, false, false);
        }
        // Frames 2..9 alternate TID 0 and 1: four of them relayed (TID 0), four dropped.
        assertThat(out.rtp).hasSize(2 + 8);
        assertThat(sub.stats().get(0).drops()).containsEntry(RouterDropReason.TEMPORAL_LAYER_ABOVE_TARGET, 8L);
        assertThat(sub.stats().get(0).temporal()).isZero();
        checkContinuous(out.rtp);
        Vp8PayloadDescriptor d = new Vp8PayloadDescriptor();
        for (byte[] b : out.rtp) {
            RtpPacket p = parse(b);
            d.wrap(b, p.payloadOffset(), p.payloadLength());
            assertThat(d.temporalLayer()).isZero();
        }
        // Up again: TID 1 comes back.
        sub.update(List.of(subTrack().withLayers(2, 2, 0)), false);
        frames(330, false, false);
        frames(363, false, false);
        assertThat(out.rtp).hasSize(14);
        assertThat(events).last().isEqualTo("2/0 temporal 1");
        checkContinuous(out.rtp);
    }

    @Test
    void whenTheTopLayerStopsTheSubscriberFallsBackOnAKeyframeOfTheNextOne() {
        frames(0, false, true);
        FakeSender out = new FakeSender();
        subscribe(out, subTrack());
        frames(33, true, false);
        frames(66, false, false);
        frames(99, false, false);
        pubOut.rtcp.clear();
        // The browser stops layer 2 (bandwidth): 0 and 1 go on.
        for (long ms = 132; ms <= 396; ms += 33) {
            frames(ms, false, false, 0, 1);
        }
        assertThat(pliSsrcs(pubOut)).as("a keyframe is asked of layer 1 once layer 2 is silent for 250 ms")
                .containsExactly(SSRC[1]);
        assertThat(out.rtp).as("nothing relayed meanwhile: the subscriber's decoder holds the last frame").hasSize(6);
        int before = out.rtp.size();
        frames(429, true, false, 0, 1);
        assertThat(events).containsExactly("2/0 substream 2", "2/0 substream 1");
        assertThat(out.rtp).hasSize(before + 2);
        checkContinuous(out.rtp);
    }

    @Test
    void aSubscriberPliGoesToTheLayerItDecodes() {
        frames(0, false, true);
        FakeSender out = new FakeSender();
        RoomRouter.SubscriberPeer sub = subscribe(out, subTrack().withLayers(1, 2, 0));
        frames(33, true, false);
        pubOut.rtcp.clear();
        clock.addAndGet(1000 * MS);
        byte[] pli = new byte[Pli.LENGTH];
        Pli.write(pli, 0, 9, SUB_SSRC);
        sub.onRtcp(pli, 0, pli.length);
        assertThat(pliSsrcs(pubOut)).containsExactly(SSRC[1]);
    }

    @Test
    void rtxWithRepairedRidIsUnwrappedIntoItsLayerAndRetransmissionsCarryTheRewrittenDescriptor() {
        frames(0, false, true);
        FakeSender out = new FakeSender();
        RoomRouter.SubscriberPeer sub = subscribe(out, subTrack());
        frames(33, true, false);
        // An RTX packet (PT 97, OSN first) of layer 2, named by the repaired rid.
        byte[] rtx = vp8(RTX[2], 97, 40, 1, false, "1", "h", REPAIRED_RID_ID, 3001, 1, 1, false, false);
        RtpPacket view = parse(rtx);
        int p = view.payloadOffset();
        byte[] withOsn = new byte[rtx.length + 2];
        System.arraycopy(rtx, 0, withOsn, 0, p);
        withOsn[p] = (byte) (7777 >> 8);
        withOsn[p + 1] = (byte) 7777;
        System.arraycopy(rtx, p, withOsn, p + 2, rtx.length - p);
        receive(pub, withOsn);
        assertThat(pub.stats().get(0).layers().get(2).packets()).isEqualTo(4 + 1);
        assertThat(pub.drops().get(RouterDropReason.UNKNOWN_SSRC)).isZero();
        // The retransmission buffer keeps what was sent (renumbered descriptor included).
        byte[] sent = out.rtp.get(1);
        int outSeq = parse(sent).sequenceNumber();
        out.rtp.clear();
        byte[] nack = new byte[64];
        int n = GenericNack.write(nack, 0, 9, SUB_SSRC, new int[] {outSeq}, 1);
        sub.onRtcp(nack, 0, n);
        assertThat(out.rtp).hasSize(1);
        assertThat(out.rtp.get(0)).isEqualTo(sent);
    }

    @Test
    void ssrcSimulcastWithH264SwitchesOnSpsAndLeavesThePayloadAlone() {
        PublishedTrack sim = new PublishedTrack("1", MediaKind.VIDEO, 102, -1, 90000, List.of(11L, 22L, 33L), Map.of(),
                Map.of(), false, true, true, List.of(), CodecName.H264);
        pub.update(List.of(sim), new RoomRouter.PublisherSettings(0, 0));
        FakeSender out = new FakeSender();
        subscribe(out, subTrack().withLayers(1, 2, 0));
        // Delta frames of every layer, then parameter sets on layers 0 and 2: not the goal (1).
        for (long ssrc : new long[] {11, 22, 33}) {
            receive(pub, h264(ssrc, 1, "41 9a 00 00"));
        }
        receive(pub, h264(11, 2, "67 42 c0 1f"));
        receive(pub, h264(33, 2, "67 42 c0 1f"));
        byte[] idrOnly = h264(22, 2, "65 88 80 40");
        byte[] sps = h264(22, 3, "78 0004 67 42 c0 1f 0002 68 ce");
        receive(pub, idrOnly);
        assertThat(out.rtp).as("an IDR without SPS is not a switching point").isEmpty();
        receive(pub, sps);
        receive(pub, h264(22, 4, "41 9a 00 00"));
        assertThat(out.rtp).hasSize(2);
        RtpPacket first = parse(out.rtp.get(0));
        assertThat(Arrays.copyOfRange(out.rtp.get(0), first.payloadOffset(), first.payloadOffset() + first.payloadLength()))
                .isEqualTo(Arrays.copyOfRange(sps, 12, sps.length));
        assertThat(events).containsExactly("2/0 substream 1");
    }

    private static byte[] h264(long ssrc, int seq, String payloadHex) {
        byte[] payload = io.github.wildfiresfu.media.rtp.Hex.bytes(payloadHex);
        byte[] p = new byte[12 + payload.length];
        RtpPacket.writeFixedHeader(p, 0, false, 102, seq, seq * 3000L, ssrc);
        System.arraycopy(payload, 0, p, 12, payload.length);
        return p;
    }

    @Test
    void theRecordingHookFollowsTheTopLayerFromItsKeyframe() {
        IncomingStream stream = router.publisher(1).streamsByMid.get("1");
        List<String> seen = new ArrayList<>();
        for (long ms = 0; ms <= 66; ms += 33) {
            for (int layer = 0; layer < 3; layer++) {
                frame(layer, ms, ms == 33, 0, ms == 0);
                seen.add(layer + ":" + stream.isTopLayerPacket());
            }
        }
        assertThat(seen).containsExactly("0:false", "1:false", "2:false", "0:false", "1:false", "2:true", "0:false",
                "1:false", "2:true");
        assertThat(stream.topLayer.substream()).isEqualTo(2);
    }
}
