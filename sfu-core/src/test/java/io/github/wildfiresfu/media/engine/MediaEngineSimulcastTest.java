package io.github.wildfiresfu.media.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wildfiresfu.media.rtcp.Pli;
import io.github.wildfiresfu.media.rtcp.RtcpCompoundIterator;
import io.github.wildfiresfu.media.rtcp.RtcpHeader;
import io.github.wildfiresfu.media.rtp.RtpPacket;
import io.github.wildfiresfu.media.rtp.Vp8Packets;
import io.github.wildfiresfu.media.rtp.Vp8PayloadDescriptor;
import io.github.wildfiresfu.media.sdp.MediaKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Simulcast through the whole engine over real UDP, DTLS and SRTP on 127.0.0.1: a publisher with
 * Chromium's rid simulcast offer ({@code h;m;l}) sends three VP8 substreams named by the mid and
 * rid extensions; a subscriber's targets go from {@link Subscription} to the router, the top
 * substream arrives first, a lower target makes the router ask that substream's SSRC for a
 * keyframe and switch on it, and each switch reaches {@link TransportEvents}.
 */
@Timeout(60)
class MediaEngineSimulcastTest {

    static final String SIMULCAST_OFFER = "chromium-simulcast-rid.offer.sdp";
    /** SSRCs of substreams 0 ("l"), 1 ("m"), 2 ("h") as the test publisher picks them. */
    static final long[] SSRC = {0x51000001L, 0x51000002L, 0x51000003L};
    static final String[] RID = {"l", "m", "h"};

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private MediaEngine engine;
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final TransportEvents recorder = new TransportEvents() {
        @Override
        public void onConnected(long handleId) {
            events.add("up " + handleId);
        }

        @Override
        public void onFailed(long handleId, String reason, boolean iceFailed) {
            events.add("failed " + handleId);
        }

        @Override
        public void onSubstreamChanged(long handleId, String mid, int substream) {
            events.add("substream " + handleId + " " + mid + " " + substream);
        }

        @Override
        public void onTemporalChanged(long handleId, String mid, int temporal) {
            events.add("temporal " + handleId + " " + mid + " " + temporal);
        }
    };
    private int frame;
    private final int[] seq = {1, 1, 1};

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        if (engine != null) {
            engine.close();
            assertThat(engine.portsInUse()).isEmpty();
        }
    }

    private TestWebRtcPeer peer(String name) throws Exception {
        TestWebRtcPeer p = new TestWebRtcPeer(name);
        closeables.add(p);
        return p;
    }

    private String next() throws InterruptedException {
        String line = events.poll(10, TimeUnit.SECONDS);
        assertThat(line).as("an event within 10 s").isNotNull();
        return line;
    }

    /** One frame (one packet) on each layer; every packet names its mid and rid, as the first ones do. */
    private void frame(TestWebRtcPeer pub, boolean key, int... layers) {
        for (int layer : layers) {
            pub.sendRtp(Vp8Packets.build(SSRC[layer], 96, seq[layer]++, 3000L * frame, true, 4, "1", 10, RID[layer],
                    1000 * (layer + 1) + frame, frame, 0, true, key));
        }
        frame++;
    }

    private static Set<Long> pliSsrcs(BlockingQueue<byte[]> rtcp) {
        Set<Long> out = new HashSet<>();
        Pli pli = new Pli();
        for (byte[] b = rtcp.poll(); b != null; b = rtcp.poll()) {
            RtcpCompoundIterator it = new RtcpCompoundIterator().wrap(b, 0, b.length);
            while (it.next()) {
                if (it.packetType() == RtcpHeader.PSFB && it.count() == RtcpHeader.FMT_PLI
                        && pli.wrap(b, it.packetOffset(), it.packetLength()) == null) {
                    out.add(pli.mediaSsrc());
                }
            }
        }
        return out;
    }

    @Test
    void aSubscriberGetsTheTopSubstreamThenSwitchesToItsTargetOnAKeyframe() throws Exception {
        engine = new MediaEngine(MediaEngineLoopbackTest.settings(4));
        TestWebRtcPeer pub = peer("pub");
        MediaEngine.PublishResult published = engine.publish(1, "room", pub.offer(SIMULCAST_OFFER),
                RoomPolicy.defaults(), recorder);
        assertThat(published.answerSdp()).contains("a=simulcast:recv h;m;l", "a=rid:h recv");
        pub.connect(published.answerSdp());
        assertThat(next()).isEqualTo("up 1");
        frame(pub, false, 0, 1, 2);

        TestWebRtcPeer sub = peer("sub");
        List<Subscription> video = List.of(new Subscription(0, "0", MediaKind.VIDEO, 1, "1", true));
        String offer = engine.offerSubscriber(2, "room", video, false, recorder);
        engine.applySubscriberAnswer(2, sub.answer(offer));
        sub.connect(offer);
        assertThat(next()).isEqualTo("up 2");
        engine.updateSubscriber(2, video, false);

        // Keyframes on every layer until the subscriber gets the top one.
        RtpPacket p = new RtpPacket();
        Vp8PayloadDescriptor d = new Vp8PayloadDescriptor();
        byte[] got = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (got == null && System.nanoTime() < deadline) {
            frame(pub, true, 0, 1, 2);
            got = sub.rtp.poll(50, TimeUnit.MILLISECONDS);
        }
        assertThat(got).as("the subscriber receives video").isNotNull();
        assertThat(next()).isEqualTo("substream 2 0 2");
        assertThat(p.wrap(got, 0, got.length)).isNull();
        assertThat(d.wrap(got, p.payloadOffset(), p.payloadLength())).isTrue();
        assertThat(d.pictureId() / 1000).as("from substream 2 (PictureIDs 3000+)").isEqualTo(3);

        // Target 0: a keyframe is asked of the "l" SSRC, and the switch happens on it.
        pub.rtcp.clear();
        engine.updateSubscriber(2, List.of(new Subscription(0, "0", MediaKind.VIDEO, 1, "1", true, 0, 2, 0)), false);
        Set<Long> asked = new HashSet<>();
        String switched = null;
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (switched == null && System.nanoTime() < deadline) {
            frame(pub, false, 0, 1, 2);
            asked.addAll(pliSsrcs(pub.rtcp));
            if (asked.contains(SSRC[0])) {
                frame(pub, true, 0);
                switched = events.poll(200, TimeUnit.MILLISECONDS);
            } else {
                events.poll(20, TimeUnit.MILLISECONDS);
            }
        }
        assertThat(asked).as("keyframe requests of the new target's SSRC").contains(SSRC[0]);
        assertThat(switched).isEqualTo("substream 2 0 0");
        MediaEngine.HandleStats stats = engine.stats(2).get(5, TimeUnit.SECONDS);
        assertThat(stats.subscribed().get(0).substream()).isZero();
        MediaEngine.HandleStats pubStats = engine.stats(1).get(5, TimeUnit.SECONDS);
        assertThat(pubStats.published().get(1).mid()).isEqualTo("1");
        assertThat(pubStats.published().get(1).layers()).extracting(l -> l.ssrc())
                .containsExactly(SSRC[0], SSRC[1], SSRC[2]);
    }
}
