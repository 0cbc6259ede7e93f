package io.github.wildfiresfu.janus.videoroom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.wildfiresfu.janus.MediaEventSink;
import io.github.wildfiresfu.media.dtls.DtlsCertificate;
import io.github.wildfiresfu.media.engine.MediaEngine;
import io.github.wildfiresfu.media.engine.MediaEngineSettings;
import io.github.wildfiresfu.media.engine.RoomPolicy;
import io.github.wildfiresfu.media.engine.TestWebRtcPeer;
import io.github.wildfiresfu.media.ice.HostAddressSelector.HostAddress;
import io.github.wildfiresfu.media.ice.IceLiteConfig;
import io.github.wildfiresfu.media.rtp.RtpPacket;
import io.github.wildfiresfu.media.sdp.CodecName;
import io.github.wildfiresfu.media.sdp.HeaderExtensionPolicy;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The VideoRoom plugin negotiating through {@link EngineVideoRoomMedia} on a real engine over
 * loopback UDP, with browser stand-ins: publish, subscribe, start, media from publisher to
 * subscriber, and the engine's events reaching the Janus core's sink ({@code webrtcup}, then on
 * failure {@code ice-failed} and {@code hangup}). The harness plays the core's part: it calls
 * {@code setupMedia} when the sink hears {@code webrtcup}.
 */
@Timeout(60)
class EngineVideoRoomMediaTest {

    private static final DtlsCertificate CERTIFICATE = DtlsCertificate.generate();
    private static final String OFFER = "chromium-publisher-audio-video.offer.sdp";
    private static final int PORT_MIN = 44400;

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final RecordingSink sink = new RecordingSink();
    private final List<Long> trickleSinks = new CopyOnWriteArrayList<>();
    private MediaEngine engine;
    private Harness h;

    /** Records the media events as text. */
    static final class RecordingSink implements MediaEventSink {
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();
        final BlockingQueue<String> media = new LinkedBlockingQueue<>();

        @Override
        public void webRtcUp(long handleId) {
            events.add("webrtcup " + handleId);
        }

        @Override
        public void media(long handleId, String mid, String type, boolean receiving) {
            media.add("media " + handleId + " " + mid + " " + type + " " + receiving);
        }

        @Override
        public void slowLink(long handleId, String mid, String media, boolean uplink, int lost) {
            events.add("slowlink " + handleId + " " + mid + " " + media + " " + (uplink ? "uplink" : "downlink") + " "
                    + lost);
        }

        @Override
        public void hangup(long handleId, String reason) {
            events.add("hangup " + handleId + " " + reason);
        }

        @Override
        public void iceFailed(long handleId) {
            events.add("ice-failed " + handleId);
        }

        @Override
        public void localCandidate(long handleId, String sdpMid, int sdpMLineIndex, String candidate) {
            events.add("trickle " + handleId);
        }

        @Override
        public void localCandidatesDone(long handleId) {
            events.add("trickle-done " + handleId);
        }

        String next() throws InterruptedException {
            String e = events.poll(10, TimeUnit.SECONDS);
            assertThat(e).as("a media event within 10 s").isNotNull();
            return e;
        }
    }

    private void start(IceLiteConfig ice) {
        start(ice, 0);
    }

    private void start(IceLiteConfig ice, int slowLinkThreshold) {
        InetAddress lo = InetAddress.getLoopbackAddress();
        engine = new MediaEngine(MediaEngineSettings.defaults(List.of(new HostAddress("lo", lo, lo)), CERTIFICATE)
                .withPortRange(PORT_MIN, PORT_MIN + 9).withThreads(1, 2).withIce(ice)
                .withSlowLinkThreshold(slowLinkThreshold));
        EngineVideoRoomMedia media = new EngineVideoRoomMedia(engine);
        media.attach(sink, (handleId, trickle) -> trickleSinks.add(handleId));
        h = new Harness(VideoRoomSettings.defaults(), media);
        FakeHandle admin = h.attach(1);
        assertThat(h.sync(admin, "{'request':'create','room':'conf','publishers':9}").get("videoroom").asText())
                .isEqualTo("created");
    }

    private TestWebRtcPeer peer(String name) throws Exception {
        TestWebRtcPeer p = new TestWebRtcPeer(name);
        closeables.add(p);
        return p;
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    /** Alice publishes and connects; the harness plays the core on webrtcup. */
    private FakeHandle publishAlice(TestWebRtcPeer alicePeer) throws Exception {
        FakeHandle alice = h.attach(10);
        List<FakeHandle.Pushed> pushed = h.async(alice, "tx-pub",
                "{'request':'joinandconfigure','ptype':'publisher','room':'conf','id':'alice'}",
                Harness.jsep("offer", alicePeer.offer(OFFER)));
        assertThat(pushed).hasSize(1);
        ObjectNode joined = pushed.get(0).data();
        assertThat(joined.get("streams")).isEqualTo(Harness.jsonArray("[{'type':'audio','mindex':0,'mid':'0',"
                + "'codec':'opus','fec':true},{'type':'video','mindex':1,'mid':'1','codec':'vp8'}]"));
        String answer = pushed.get(0).jsep().get("sdp").asText();
        assertThat(pushed.get(0).jsep().get("type").asText()).isEqualTo("answer");
        alicePeer.connect(answer);
        assertThat(sink.next()).isEqualTo("webrtcup " + alice.handleId());
        h.plugin.setupMedia(alice);
        return alice;
    }

    /** Bob subscribes to Alice, answers, starts and connects. */
    private FakeHandle subscribeBob(TestWebRtcPeer bobPeer) throws Exception {
        FakeHandle bob = h.attach(20);
        List<FakeHandle.Pushed> attached = h.async(bob, "tx-sub",
                "{'request':'join','ptype':'subscriber','room':'conf','streams':[{'feed':'alice'}]}", null);
        assertThat(attached.get(0).data().get("videoroom").asText()).isEqualTo("attached");
        String offer = attached.get(0).jsep().get("sdp").asText();
        List<FakeHandle.Pushed> started = h.async(bob, "tx-start", "{'request':'start'}",
                Harness.jsep("answer", bobPeer.answer(offer)));
        assertThat(started.get(0).data().get("started").asText()).isEqualTo("ok");
        bobPeer.connect(offer);
        assertThat(sink.next()).isEqualTo("webrtcup " + bob.handleId());
        h.plugin.setupMedia(bob);
        return bob;
    }

    @Test
    void aPublisherReachesASubscriberThroughThePlugin() throws Exception {
        start(IceLiteConfig.DEFAULT);
        TestWebRtcPeer alicePeer = peer("alice");
        TestWebRtcPeer bobPeer = peer("bob");
        FakeHandle alice = publishAlice(alicePeer);
        FakeHandle bob = subscribeBob(bobPeer);
        assertThat(trickleSinks).containsExactly(alice.handleId(), bob.handleId());

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        int seq = 1;
        byte[] got = null;
        while (got == null && System.nanoTime() < deadline) {
            byte[] p = new byte[12 + 50];
            RtpPacket.writeFixedHeader(p, 0, false, 96, seq, seq * 3000L, 1653262666L);
            alicePeer.sendRtp(p);
            seq++;
            got = bobPeer.rtp.poll(50, TimeUnit.MILLISECONDS);
        }
        assertThat(got).as("video from alice at bob").isNotNull();
        RtpPacket relayed = new RtpPacket();
        assertThat(relayed.wrap(got, 0, got.length)).isNull();
        assertThat(relayed.payloadType()).isEqualTo(96);
        assertThat(relayed.payloadLength()).isEqualTo(50);
        assertThat(sink.media.poll(5, TimeUnit.SECONDS)).isEqualTo("media " + alice.handleId() + " 1 video true");

        // Alice hangs up: her port is released; bob's PeerConnection stays.
        assertThat(engine.portsInUse()).hasSize(2);
        h.plugin.hangupMedia(alice);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (engine.portsInUse().size() > 1 && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertThat(engine.portsInUse()).hasSize(1);
        assertThat(engine.hasTransport(bob.handleId())).isTrue();
    }

    /** The engine's slowlink report reaches the core's sink with the stream's mid, kind and direction. */
    @Test
    void aLossyPublisherStreamBecomesASlowlinkEvent() throws Exception {
        start(IceLiteConfig.DEFAULT, 10);
        TestWebRtcPeer alicePeer = peer("alice");
        FakeHandle alice = publishAlice(alicePeer);
        for (int seq : new int[] {1, 2, 3, 40, 41}) {
            byte[] p = new byte[12 + 50];
            RtpPacket.writeFixedHeader(p, 0, false, 96, seq, seq * 3000L, 1653262666L);
            alicePeer.sendRtp(p);
        }
        assertThat(sink.next()).isEqualTo("slowlink " + alice.handleId() + " 1 video uplink 36");
    }

    @Test
    void aSubscriberThatGoesSilentIsReportedAsIceFailedThenHungUp() throws Exception {
        start(new IceLiteConfig(Duration.ofMillis(700), Duration.ofSeconds(30), true, 8));
        TestWebRtcPeer alicePeer = peer("alice");
        TestWebRtcPeer bobPeer = peer("bob");
        FakeHandle alice = publishAlice(alicePeer);
        // Alice keeps her consent fresh while Bob goes silent.
        Thread keepAlive = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                alicePeer.consentCheck();
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        keepAlive.start();
        try {
            FakeHandle bob = subscribeBob(bobPeer);
            bobPeer.vanish();
            assertThat(sink.next()).isEqualTo("ice-failed " + bob.handleId());
            assertThat(sink.next()).isEqualTo("hangup " + bob.handleId() + " ICE failed");
            assertThat(engine.hasTransport(alice.handleId())).isTrue();
        } finally {
            keepAlive.interrupt();
            keepAlive.join();
        }
    }

    /** Sends video on {@code ssrc} until bob gets a packet (or 5 s pass); returns it. */
    private static RtpPacket relay(TestWebRtcPeer from, TestWebRtcPeer to, long ssrc, int[] seq) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            byte[] p = new byte[12 + 20];
            RtpPacket.writeFixedHeader(p, 0, false, 96, seq[0], seq[0] * 3000L, ssrc);
            seq[0]++;
            from.sendRtp(p);
            byte[] got = to.rtp.poll(50, TimeUnit.MILLISECONDS);
            if (got != null) {
                RtpPacket r = new RtpPacket();
                assertThat(r.wrap(got, 0, got.length)).isNull();
                return r;
            }
        }
        throw new AssertionError("nothing relayed from SSRC " + ssrc);
    }

    private static boolean pliFor(TestWebRtcPeer publisher, long ssrc) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            byte[] b = publisher.rtcp.poll(100, TimeUnit.MILLISECONDS);
            if (b == null) {
                continue;
            }
            io.github.wildfiresfu.media.rtcp.RtcpCompoundIterator it =
                    new io.github.wildfiresfu.media.rtcp.RtcpCompoundIterator().wrap(b, 0, b.length);
            while (it.next()) {
                if (it.packetType() == 206 && it.count() == 1) {
                    io.github.wildfiresfu.media.rtcp.Pli pli = new io.github.wildfiresfu.media.rtcp.Pli();
                    if (pli.wrap(b, it.packetOffset(), it.packetLength()) == null && pli.mediaSsrc() == ssrc) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    @Test
    void dualStreamSwitchWithoutRenegotiationAndSendOffAndOn() throws Exception {
        start(IceLiteConfig.DEFAULT);
        long big = 3439750382L;
        long small = 3339262819L;
        TestWebRtcPeer alicePeer = peer("alice");
        TestWebRtcPeer bobPeer = peer("bob");
        FakeHandle alice = h.attach(10);
        List<FakeHandle.Pushed> pushed = h.async(alice, "tx-pub",
                "{'request':'joinandconfigure','ptype':'publisher','room':'conf','id':'alice'}",
                Harness.jsep("offer", alicePeer.offer("chromium-dual-stream.offer.sdp")));
        alicePeer.connect(pushed.get(0).jsep().get("sdp").asText());
        assertThat(sink.next()).isEqualTo("webrtcup " + alice.handleId());
        h.plugin.setupMedia(alice);

        FakeHandle bob = h.attach(20);
        List<FakeHandle.Pushed> attached = h.async(bob, "tx-sub",
                "{'request':'join','ptype':'subscriber','room':'conf','streams':[{'feed':'alice','mid':'1'}]}", null);
        String offer = attached.get(0).jsep().get("sdp").asText();
        h.async(bob, "tx-start", "{'request':'start'}", Harness.jsep("answer", bobPeer.answer(offer)));
        bobPeer.connect(offer);
        assertThat(sink.next()).isEqualTo("webrtcup " + bob.handleId());
        h.plugin.setupMedia(bob);
        assertThat(pliFor(alicePeer, big)).as("PLI to the big stream when bob starts").isTrue();

        int[] seq = {1};
        RtpPacket fromBig = relay(alicePeer, bobPeer, big, seq);
        long bobSsrc = fromBig.ssrc();
        bobPeer.rtp.clear();
        alicePeer.rtcp.clear();

        // Switch bob's m-line to the small stream: no new offer, a PLI to the small stream, same SSRC.
        List<FakeHandle.Pushed> switched = h.async(bob, "tx-switch",
                "{'request':'switch','streams':[{'feed':'alice','mid':'2','sub_mid':'0'}]}", null);
        assertThat(switched).hasSize(1);
        assertThat(switched.get(0).data().get("switched").asText()).isEqualTo("ok");
        assertThat(switched.get(0).jsep()).isNull();
        assertThat(pliFor(alicePeer, small)).as("PLI to the small stream on switch").isTrue();
        // Packets relay() sent before bob's first one arrived may still be on their way: let them land.
        while (bobPeer.rtp.poll(300, TimeUnit.MILLISECONDS) != null) {
            bobPeer.rtp.clear();
        }
        for (int i = 0; i < 3; i++) {
            byte[] p = new byte[32];
            RtpPacket.writeFixedHeader(p, 0, false, 96, 7000 + i, 0, big);
            alicePeer.sendRtp(p);
        }
        Thread.sleep(200);
        assertThat(bobPeer.rtp).as("the big stream is no longer relayed to bob").isEmpty();
        RtpPacket fromSmall = relay(alicePeer, bobPeer, small, new int[] {40000});
        assertThat(fromSmall.ssrc()).isEqualTo(bobSsrc);

        // configure send:false stops the m-line; send:true resumes it with a PLI and no sequence gap.
        RtpPacket before = fromSmall;
        h.async(bob, "tx-off", "{'request':'configure','streams':[{'mid':'0','send':false}]}", null);
        // A task on bob's loop after the posted update: send:false is in force from here on.
        assertThat(engine.stats(bob.handleId()).get(5, TimeUnit.SECONDS).subscribed().get(0).forwarding()).isFalse();
        for (int i = 0; i < 3; i++) {
            byte[] p = new byte[32];
            RtpPacket.writeFixedHeader(p, 0, false, 96, 41000 + i, 0, small);
            alicePeer.sendRtp(p);
        }
        Thread.sleep(200);
        bobPeer.rtp.clear();
        alicePeer.rtcp.clear();
        h.async(bob, "tx-on", "{'request':'configure','streams':[{'mid':'0','send':true}]}", null);
        assertThat(pliFor(alicePeer, small)).as("PLI when relaying resumes").isTrue();
        bobPeer.rtp.clear();
        RtpPacket resumed = relay(alicePeer, bobPeer, small, new int[] {42000});
        assertThat(resumed.ssrc()).isEqualTo(bobSsrc);
        // The rewriter rebased on resume: the numbers go on from the last packet bob got.
        assertThat(io.github.wildfiresfu.media.rtp.SequenceNumbers.isNewer(resumed.sequenceNumber(),
                before.sequenceNumber())).isTrue();
        assertThat(io.github.wildfiresfu.media.rtp.SequenceNumbers.diff(resumed.sequenceNumber(),
                before.sequenceNumber())).isLessThan(10);
    }

    /**
     * No SCTP relay yet, so data channels are declined cleanly: the publisher's {@code m=application}
     * is answered with port 0 and listed as a disabled data stream, and a subscriber to the whole
     * feed is offered audio and both videos but no data m-line.
     */
    @Test
    void dataChannelsAreDeclinedWithPortZeroAndNotOfferedToSubscribers() throws Exception {
        start(IceLiteConfig.DEFAULT);
        TestWebRtcPeer alicePeer = peer("alice");
        FakeHandle alice = h.attach(10);
        List<FakeHandle.Pushed> pushed = h.async(alice, "tx-pub",
                "{'request':'joinandconfigure','ptype':'publisher','room':'conf','id':'alice'}",
                Harness.jsep("offer", alicePeer.offer("chromium-dual-stream.offer.sdp")));
        String answer = pushed.get(0).jsep().get("sdp").asText();
        List<String> mLines = answer.lines().filter(l -> l.startsWith("m=")).toList();
        assertThat(mLines).hasSize(4);
        assertThat(mLines.get(3)).isEqualTo("m=application 0 UDP/DTLS/SCTP webrtc-datachannel");
        assertThat(answer).doesNotContain("a=sctp-port").doesNotContain("a=max-message-size")
                .contains("a=group:BUNDLE 0 1 2\r\n");
        assertThat(pushed.get(0).data().get("streams").get(3)).isEqualTo(
                Harness.jsonArray("[{'type':'data','mindex':3,'mid':'3','disabled':true}]").get(0));
        alicePeer.connect(answer);
        assertThat(sink.next()).isEqualTo("webrtcup " + alice.handleId());
        h.plugin.setupMedia(alice);

        FakeHandle bob = h.attach(20);
        List<FakeHandle.Pushed> attached = h.async(bob, "tx-sub",
                "{'request':'join','ptype':'subscriber','room':'conf','streams':[{'feed':'alice'}]}", null);
        String offer = attached.get(0).jsep().get("sdp").asText();
        assertThat(offer.lines().filter(l -> l.startsWith("m=")).toList()).hasSize(3)
                .allMatch(l -> l.startsWith("m=audio") || l.startsWith("m=video"));
        assertThat(attached.get(0).data().get("streams")).hasSize(3)
                .noneMatch(st -> "data".equals(st.get("type").asText()));
    }

    @Test
    void roomSettingsBecomeTheEnginesPolicy() throws Exception {
        RoomSettings room = RoomSettings.builder("r").audioCodecs(List.of("opus", "pcmu")).videoCodecs(List.of("vp8", "h264"))
                .h264Profile("42e01f").bitrate(256000).firFreq(10).audiolevelExt(false).build();
        RoomPolicy policy = EngineVideoRoomMedia.policy(room, null, null);
        assertThat(policy.publisherPolicy().codecs().audio()).containsExactly(CodecName.OPUS, CodecName.PCMU);
        assertThat(policy.publisherPolicy().codecs().video()).containsExactly(CodecName.VP8, CodecName.H264);
        assertThat(policy.publisherPolicy().codecs().h264Profile()).isPresent();
        assertThat(policy.publisherPolicy().extensions().accepted()).doesNotContain(HeaderExtensionPolicy.AUDIO_LEVEL)
                .contains(HeaderExtensionPolicy.MID, HeaderExtensionPolicy.TRANSPORT_WIDE_CC);
        assertThat(policy.subscriberExtensions().accepted()).contains(HeaderExtensionPolicy.TRANSPORT_WIDE_CC);
        // transport_wide_cc_ext = false takes transport-cc out of both sides.
        RoomPolicy noTwcc = EngineVideoRoomMedia.policy(RoomSettings.builder("r").transportWideCcExt(false).build(),
                null, null);
        assertThat(noTwcc.publisherPolicy().extensions().accepted()).doesNotContain(HeaderExtensionPolicy.TRANSPORT_WIDE_CC);
        assertThat(noTwcc.subscriberExtensions().accepted()).doesNotContain(HeaderExtensionPolicy.TRANSPORT_WIDE_CC);
        assertThat(policy.bitrate()).isEqualTo(256000);
        assertThat(policy.firFreqSeconds()).isEqualTo(10);
        assertThat(policy.publisherPolicy().dataEnabled()).as("no SCTP relay yet: data declined").isFalse();
        // The publisher's own codec choice wins over the room's order.
        RoomPolicy asked = EngineVideoRoomMedia.policy(room, "pcmu", "h264");
        assertThat(asked.publisherPolicy().codecs().audio()).containsExactly(CodecName.PCMU);
        assertThatThrownBy(() -> EngineVideoRoomMedia.policy(room, "speex", null)).isInstanceOf(MediaException.class)
                .hasMessageContaining("speex");
    }
}
