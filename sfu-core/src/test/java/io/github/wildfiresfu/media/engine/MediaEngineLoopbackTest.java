package io.github.wildfiresfu.media.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wildfiresfu.media.dtls.DtlsCertificate;
import io.github.wildfiresfu.media.ice.HostAddressSelector.HostAddress;
import io.github.wildfiresfu.media.ice.IceLiteConfig;
import io.github.wildfiresfu.media.rtcp.GenericNack;
import io.github.wildfiresfu.media.rtcp.Pli;
import io.github.wildfiresfu.media.rtcp.RtcpCompoundIterator;
import io.github.wildfiresfu.media.rtcp.RtcpHeader;
import io.github.wildfiresfu.media.rtcp.SenderReport;
import io.github.wildfiresfu.media.rtcp.TransportCcFeedback;
import io.github.wildfiresfu.media.rtcp.TransportCcFeedbackBuilder;
import io.github.wildfiresfu.media.rtp.RtpPacket;
import io.github.wildfiresfu.media.rtp.SequenceNumbers;
import io.github.wildfiresfu.media.sdp.HeaderExtensionPolicy;
import io.github.wildfiresfu.media.sdp.MediaKind;
import io.github.wildfiresfu.media.sdp.SdpParser;
import io.github.wildfiresfu.media.sdp.SessionDescription;
import io.github.wildfiresfu.media.sdp.SsrcGroup;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The engine over real UDP on 127.0.0.1 with browser stand-ins ({@link TestWebRtcPeer}): a publisher
 * and a subscriber negotiate through the typed API, connect (ICE-lite, DTLS, SRTP), and packets,
 * keyframe requests, NACK retransmissions and sender reports go through the room's router.
 */
@Timeout(60)
class MediaEngineLoopbackTest {

    static final String PUBLISHER_OFFER = "chromium-publisher-audio-video.offer.sdp";
    static final long AUDIO_SSRC = 988077668L;
    static final long VIDEO_SSRC = 1653262666L;
    /**
     * Ten consecutive UDP ports free when the class loads: a fixed range collided with other test
     * runs on the same machine (one of them held 44300 while the exhaustion test expected it free).
     */
    static final int PORT_MIN = freeUdpRange(10);

    private static int freeUdpRange(int size) {
        java.util.Random random = new java.util.Random();
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = 42000 + random.nextInt(8000);
            List<DatagramSocket> held = new ArrayList<>();
            try {
                for (int p = base; p < base + size; p++) {
                    held.add(new DatagramSocket(p));
                }
                return base;
            } catch (java.net.SocketException taken) {
                // Try another base.
            } finally {
                held.forEach(DatagramSocket::close);
            }
        }
        throw new IllegalStateException("no " + size + " consecutive free UDP ports between 42000 and 50000");
    }

    static final DtlsCertificate CERTIFICATE = DtlsCertificate.generate();

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private MediaEngine engine;
    private final Events events = new Events();

    static MediaEngineSettings settings(int ports) {
        InetAddress lo = InetAddress.getLoopbackAddress();
        return MediaEngineSettings.defaults(List.of(new HostAddress("lo", lo, lo)), CERTIFICATE)
                .withPortRange(PORT_MIN, PORT_MIN + ports - 1).withThreads(2, 2);
    }

    /** Records transport events as text lines. */
    static final class Events implements TransportEvents {
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        @Override
        public void onConnected(long handleId) {
            lines.add("up " + handleId);
        }

        @Override
        public void onFailed(long handleId, String reason, boolean iceFailed) {
            lines.add("failed " + handleId + " " + reason + (iceFailed ? " (ice)" : ""));
        }

        @Override
        public void onSlowLink(long handleId, String mid, String kind, boolean uplink, int lost) {
            lines.add("slowlink " + handleId + " " + mid + " " + kind + " " + (uplink ? "uplink" : "downlink") + " "
                    + lost);
        }

        String next() throws InterruptedException {
            String line = lines.poll(10, TimeUnit.SECONDS);
            assertThat(line).as("a transport event within 10 s").isNotNull();
            return line;
        }
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
            assertThat(engine.portsInUse()).isEmpty();
        }
    }

    static List<Subscription> subscribeTo(long feed) {
        return List.of(new Subscription(0, "0", MediaKind.AUDIO, feed, "0", true),
                new Subscription(1, "1", MediaKind.VIDEO, feed, "1", true));
    }

    /** A video packet as Chromium sends it: mid (id 4), abs-send-time (id 2) and transport-cc (id 3) extensions. */
    static byte[] videoPacket(int seq, long ts, byte fill) {
        byte[] p = new byte[12 + 16 + 40];
        RtpPacket.writeFixedHeader(p, 0, false, 96, seq, ts, VIDEO_SSRC);
        p[0] |= 0x10;
        int e = 12;
        p[e] = (byte) 0xBE;
        p[e + 1] = (byte) 0xDE;
        p[e + 3] = 3; // 12 bytes of elements
        int w = e + 4;
        p[w++] = 0x40; // id 4, 1 byte: mid "1"
        p[w++] = '1';
        p[w++] = 0x22; // id 2, 3 bytes: abs-send-time
        p[w++] = 0x0A;
        p[w++] = 0x0B;
        p[w++] = 0x0C;
        p[w++] = 0x31; // id 3, 2 bytes: transport-wide sequence number (the RTP one, for the test)
        p[w++] = (byte) (seq >> 8);
        p[w++] = (byte) seq;
        // Three bytes of padding to the 32-bit boundary.
        w = e + 4 + 12;
        Arrays.fill(p, w, p.length, fill);
        return p;
    }

    static byte[] audioPacket(int seq, long ts) {
        byte[] p = new byte[12 + 20];
        RtpPacket.writeFixedHeader(p, 0, false, 111, seq, ts, AUDIO_SSRC);
        Arrays.fill(p, 12, p.length, (byte) 0x55);
        return p;
    }

    private static byte[] poll(BlockingQueue<byte[]> q) throws InterruptedException {
        byte[] b = q.poll(5, TimeUnit.SECONDS);
        assertThat(b).as("a packet within 5 s").isNotNull();
        return b;
    }

    /** Waits for an RTCP packet of {@code type}/{@code fmt} in the compound packets arriving on {@code q}. */
    private static byte[] awaitRtcp(BlockingQueue<byte[]> q, int type, int fmt) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            byte[] b = q.poll(100, TimeUnit.MILLISECONDS);
            if (b == null) {
                continue;
            }
            RtcpCompoundIterator it = new RtcpCompoundIterator().wrap(b, 0, b.length);
            while (it.next()) {
                if (it.packetType() == type && (fmt < 0 || it.count() == fmt)) {
                    return Arrays.copyOfRange(b, it.packetOffset(), it.packetOffset() + it.packetLength());
                }
            }
        }
        throw new AssertionError("no RTCP packet type " + type + " fmt " + fmt + " within 5 s");
    }

    private static long offeredSsrc(String offer, String mid) {
        SessionDescription sd = SdpParser.parse(offer);
        return sd.mediaByMid(mid).orElseThrow().ssrcs().get(0).ssrc();
    }

    /** The RTX SSRC of the offer's {@code ssrc-group:FID} on {@code mid}. */
    private static long offeredRtxSsrc(String offer, String mid) {
        SessionDescription sd = SdpParser.parse(offer);
        return sd.mediaByMid(mid).orElseThrow().ssrcGroup(SsrcGroup.FID).orElseThrow().ssrcs().get(1);
    }

    /** The transport-wide sequence number our id-3 element carries in {@code b}. */
    private static int transportSequence(byte[] b) {
        RtpPacket p = new RtpPacket();
        assertThat(p.wrap(b, 0, b.length)).isNull();
        int at = p.findExtension(3);
        assertThat(at).as("our transport-wide sequence number (id 3)").isPositive();
        assertThat(p.foundExtensionLength()).isEqualTo(2);
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    @Test
    void publisherToSubscriberWithKeyframesRetransmissionsAndSenderReports() throws Exception {
        engine = new MediaEngine(settings(10));
        TestWebRtcPeer pub = peer("pub");
        MediaEngine.PublishResult published = engine.publish(1, "room", pub.offer(PUBLISHER_OFFER), RoomPolicy.defaults(),
                events);
        // Transport-wide congestion control is accepted from the publisher (extension and feedback).
        assertThat(published.answerSdp()).contains("a=ice-lite", "a=setup:passive", "a=end-of-candidates",
                "a=candidate:1 1 udp ", "a=extmap:3 " + HeaderExtensionPolicy.TRANSPORT_WIDE_CC,
                "a=rtcp-fb:96 transport-cc");
        pub.connect(published.answerSdp());
        assertThat(events.next()).isEqualTo("up 1");

        TestWebRtcPeer sub = peer("sub");
        String offer = engine.offerSubscriber(2, "room", subscribeTo(1), false, events);
        // The subscriber is offered RTX (RFC 4588, an FID group) and transport-cc of its own.
        assertThat(offer).contains("a=sendonly", "a=setup:actpass", "a=mid:0", "a=mid:1", "VP8/90000", "opus/48000/2",
                "a=rtpmap:97 rtx/90000", "a=fmtp:97 apt=96", "a=ssrc-group:FID ", "a=rtcp-fb:96 transport-cc",
                "a=extmap:3 " + HeaderExtensionPolicy.TRANSPORT_WIDE_CC);
        Set<String> accepted = engine.applySubscriberAnswer(2, sub.answer(offer));
        assertThat(accepted).containsExactlyInAnyOrder("0", "1");
        sub.connect(offer);
        assertThat(events.next()).isEqualTo("up 2");
        engine.updateSubscriber(2, subscribeTo(1), false);

        // Starting the subscription asks the publisher for a keyframe.
        byte[] pli = awaitRtcp(pub.rtcp, RtcpHeader.PSFB, RtcpHeader.FMT_PLI);
        Pli reader = new Pli();
        assertThat(reader.wrap(pli, 0, pli.length)).isNull();
        assertThat(reader.mediaSsrc()).isEqualTo(VIDEO_SSRC);

        long videoOut = offeredSsrc(offer, "1");
        long videoRtx = offeredRtxSsrc(offer, "1");
        long audioOut = offeredSsrc(offer, "0");
        // The first packets may race the subscription's start: send until the subscriber gets some.
        List<byte[]> got = new ArrayList<>();
        int seq = 65530;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (got.size() < 8 && System.nanoTime() < deadline) {
            pub.sendRtp(videoPacket(seq & 0xFFFF, 90000L * seq, (byte) seq));
            seq++;
            byte[] b = sub.rtp.poll(50, TimeUnit.MILLISECONDS);
            if (b != null) {
                got.add(b);
            }
        }
        assertThat(got).hasSizeGreaterThanOrEqualTo(8);
        RtpPacket first = new RtpPacket();
        RtpPacket next = new RtpPacket();
        int firstTransportSeq = transportSequence(got.get(0));
        for (int i = 0; i < got.size(); i++) {
            byte[] b = got.get(i);
            assertThat(next.wrap(b, 0, b.length)).isNull();
            assertThat(next.ssrc()).isEqualTo(videoOut);
            assertThat(next.payloadType()).isEqualTo(96);
            // The publisher's mid is gone, abs-send-time has our id 4, and the transport-wide
            // sequence number (id 3 both sides) is ours: consecutive on this PeerConnection.
            assertThat(next.findExtension(1)).isEqualTo(-1);
            int abs = next.findExtension(4);
            assertThat(abs).isPositive();
            assertThat(Arrays.copyOfRange(b, abs, abs + 3)).containsExactly(0x0A, 0x0B, 0x0C);
            assertThat(transportSequence(b)).isEqualTo((firstTransportSeq + i) & 0xFFFF);
            assertThat(next.payloadLength()).isEqualTo(40);
            if (i == 0) {
                first.wrap(b.clone(), 0, b.length);
            } else {
                assertThat(next.sequenceNumber()).isEqualTo((first.sequenceNumber() + i) & 0xFFFF);
                assertThat(next.timestamp()).isEqualTo((first.timestamp() + 90000L * i) & 0xFFFF_FFFFL);
            }
        }

        // The publisher gets transport-cc feedback on the transport-wide numbers it sent (here the
        // RTP sequence numbers, 65530 on, across the wrap), every one received on loopback.
        byte[] twcc = awaitRtcp(pub.rtcp, RtcpHeader.RTPFB, RtcpHeader.FMT_TRANSPORT_CC);
        TransportCcFeedback feedback = new TransportCcFeedback();
        assertThat(feedback.wrap(twcc, 0, twcc.length)).isNull();
        assertThat(feedback.packetStatusCount()).isPositive();
        while (feedback.nextPacket()) {
            int reported = feedback.packetSequenceNumber();
            assertThat((reported - 65530) & 0xFFFF).as("a number the publisher sent").isLessThan(seq - 65530);
            assertThat(feedback.packetReceived()).as("packet %d received", reported).isTrue();
        }

        // The subscriber's transport-cc feedback is read and counted; a malformed one is refused
        // by name and changes nothing.
        TransportCcFeedbackBuilder subFeedback = new TransportCcFeedbackBuilder(100);
        subFeedback.reset(0x1234, videoOut, 0);
        for (int i = 0; i < got.size(); i++) {
            subFeedback.addReceivedPacket(firstTransportSeq + i, 1_000_000 + 5_000L * i);
        }
        byte[] fb = new byte[400];
        int fbLength = subFeedback.write(fb, 0);
        byte[] truncated = Arrays.copyOf(fb, 24);
        truncated[3] = 5; // Length 24 bytes: the status chunks announce deltas that are not there.
        sub.sendRtcp(truncated);
        sub.sendRtcp(Arrays.copyOf(fb, fbLength));
        long feedbackDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        MediaEngine.HandleStats withFeedback = engine.stats(2).get(5, TimeUnit.SECONDS);
        while (withFeedback.subscriberTransportCc().feedbackPackets() == 0 && System.nanoTime() < feedbackDeadline) {
            Thread.sleep(20);
            withFeedback = engine.stats(2).get(5, TimeUnit.SECONDS);
        }
        assertThat(withFeedback.subscriberTransportCc().feedbackPackets()).isEqualTo(1);
        assertThat(withFeedback.subscriberTransportCc().reportedReceived()).isEqualTo(got.size());
        assertThat(withFeedback.subscriberTransportCc().reportedLost()).isZero();
        assertThat(withFeedback.subscriberTransportCc().numbered()).isGreaterThanOrEqualTo(got.size());
        assertThat(engine.stats(1).get(5, TimeUnit.SECONDS).publisherTransportCc().feedbackPackets()).isPositive();

        // A packet lost on the way to the subscriber is NACKed and comes again from the
        // retransmission buffer, protected anew (a received one would be an SRTP replay).
        // Packets still in flight from the loop above land first, so the lost one is exactly the
        // next one the server sends after the last we hold (outgoing numbering is contiguous). A
        // loaded machine can delay anything, so wait for the loss to happen and re-NACK as a real
        // receiver would, instead of relying on fixed sleeps.
        Thread.sleep(100);
        for (byte[] late = sub.rtp.poll(); late != null; late = sub.rtp.poll()) {
            got.add(late);
        }
        RtpPacket last8 = new RtpPacket();
        byte[] l8 = got.get(got.size() - 1);
        last8.wrap(l8, 0, l8.length);
        int lostSeq = (last8.sequenceNumber() + 1) & 0xFFFF;
        sub.loseRtp.set(1);
        pub.sendRtp(videoPacket(seq & 0xFFFF, 90000L * seq, (byte) 7));
        seq++;
        long lossDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (sub.loseRtp.get() > 0 && System.nanoTime() < lossDeadline) {
            Thread.sleep(5);
        }
        assertThat(sub.loseRtp.get()).as("the subscriber lost one packet").isZero();
        byte[] nack = new byte[64];
        int n = GenericNack.write(nack, 0, 0x1234, videoOut, new int[] {lostSeq}, 1);
        byte[] again = null;
        RtpPacket w = new RtpPacket();
        long retransmitDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (again == null && System.nanoTime() < retransmitDeadline) {
            sub.sendRtcp(Arrays.copyOf(nack, n));
            byte[] b = sub.rtp.poll(500, TimeUnit.MILLISECONDS);
            if (b != null && w.wrap(b, 0, b.length) == null && w.ssrc() == videoRtx) {
                again = b;
            }
        }
        // It comes as RTX (RFC 4588 §4): our RTX SSRC and payload type, the original sequence
        // number in front of the original payload, the original timestamp, a new transport number.
        assertThat(again).as("the NACKed packet %d retransmitted on the RTX SSRC", lostSeq).isNotNull();
        assertThat(w.wrap(again, 0, again.length)).isNull();
        assertThat(w.ssrc()).isEqualTo(videoRtx);
        assertThat(w.payloadType()).isEqualTo(97);
        int osn = ((again[w.payloadOffset()] & 0xFF) << 8) | (again[w.payloadOffset() + 1] & 0xFF);
        assertThat(osn).isEqualTo(lostSeq);
        assertThat(w.payloadLength()).isEqualTo(2 + 40);
        assertThat(again[again.length - 1]).isEqualTo((byte) 7);
        assertThat(w.timestamp()).isEqualTo((last8.timestamp() + 90000) & 0xFFFF_FFFFL);
        int lostTransportSeq = (transportSequence(l8) + 1) & 0xFFFF;
        assertThat(SequenceNumbers.isNewer(transportSequence(again), lostTransportSeq))
                .as("a retransmission gets a transport-wide number of its own").isTrue();
        got.add(again);

        // A PLI from the subscriber reaches the publisher (after the throttle interval).
        sub.rtp.clear();
        pub.rtcp.clear();
        byte[] subPli = new byte[Pli.LENGTH];
        Pli.write(subPli, 0, 0x1234, videoOut);
        sub.sendRtcp(subPli);
        byte[] relayedPli = awaitRtcp(pub.rtcp, RtcpHeader.PSFB, RtcpHeader.FMT_PLI);
        assertThat(reader.wrap(relayedPli, 0, relayedPli.length)).isNull();
        assertThat(reader.mediaSsrc()).isEqualTo(VIDEO_SSRC);

        // The publisher's sender report reaches the subscriber in its timeline.
        byte[] sr = new byte[SenderReport.FIXED_LENGTH];
        long lastTs = 90000L * (seq - 1) & 0xFFFF_FFFFL;
        SenderReport.write(sr, 0, VIDEO_SSRC, 0xE0000000_80000000L, lastTs, 100, 4000, null, 0);
        sub.rtcp.clear();
        pub.sendRtcp(sr);
        byte[] relayedSr = awaitRtcp(sub.rtcp, RtcpHeader.SR, -1);
        SenderReport srReader = new SenderReport();
        assertThat(srReader.wrap(relayedSr, 0, relayedSr.length)).isNull();
        assertThat(srReader.senderSsrc()).isEqualTo(videoOut);
        assertThat(srReader.ntpTimestamp()).isEqualTo(0xE0000000_80000000L);
        RtpPacket last = new RtpPacket();
        byte[] lastGot = got.get(got.size() - 1);
        last.wrap(lastGot, 0, lastGot.length);
        assertThat(srReader.rtpTimestamp()).isEqualTo(last.timestamp());

        // Audio goes to the audio m-line.
        sub.rtp.clear();
        pub.sendRtp(audioPacket(1, 960));
        byte[] audio = poll(sub.rtp);
        RtpPacket a = new RtpPacket();
        a.wrap(audio, 0, audio.length);
        assertThat(a.ssrc()).isEqualTo(audioOut);
        assertThat(a.payloadType()).isEqualTo(111);

        MediaEngine.HandleStats subStats = engine.stats(2).get(5, TimeUnit.SECONDS);
        assertThat(subStats.subscribed()).extracting(s -> s.mid()).containsExactly("0", "1");
        assertThat(subStats.subscribed().get(1).retransmitted()).isEqualTo(1);
        assertThat(subStats.subscribed().get(1).retransmittedAsRtx()).isEqualTo(1);
        assertThat(subStats.subscribed().get(1).rtxSsrc()).isEqualTo(videoRtx);
        MediaEngine.HandleStats pubStats = engine.stats(1).get(5, TimeUnit.SECONDS);
        assertThat(pubStats.published().get(1).keyframeRequests()).isGreaterThanOrEqualTo(2);

        // Hanging up releases both ports.
        List<Integer> ports = engine.portsInUse();
        assertThat(ports).hasSize(2);
        engine.closeTransport(2);
        engine.closeTransport(1);
        awaitPortsFree();
        assertThat(engine.roomCount()).isZero();
        for (int port : ports) {
            try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", port))) {
                assertThat(s.getLocalPort()).isEqualTo(port);
            }
        }
    }

    /**
     * A subscriber whose answer leaves out our RTX payload type and the transport-wide-cc extension
     * (RFC 3264 §6.1, RFC 8285 §6: an answer may) gets what it agreed to: retransmissions as the
     * original packet on the media SSRC, and no transport-wide sequence number element.
     */
    @Test
    void aSubscriberDecliningRtxAndTransportCcGetsPlainRetransmissionsAndNoTransportNumbers() throws Exception {
        engine = new MediaEngine(settings(10));
        TestWebRtcPeer pub = peer("pub");
        MediaEngine.PublishResult published = engine.publish(1, "room", pub.offer(PUBLISHER_OFFER), RoomPolicy.defaults(),
                events);
        pub.connect(published.answerSdp());
        assertThat(events.next()).isEqualTo("up 1");
        TestWebRtcPeer sub = peer("sub");
        String offer = engine.offerSubscriber(2, "room", subscribeTo(1), false, events);
        String answer = sub.answer(offer).lines()
                .filter(l -> !l.startsWith("a=rtpmap:97 ") && !l.startsWith("a=fmtp:97 ")
                        && !l.contains(HeaderExtensionPolicy.TRANSPORT_WIDE_CC) && !l.endsWith(" transport-cc"))
                .map(l -> l.startsWith("m=video ") ? l.replace(" 96 97", " 96") : l)
                .collect(java.util.stream.Collectors.joining("\r\n", "", "\r\n"));
        assertThat(answer).doesNotContain("rtx", "transport-cc", "transport-wide-cc");
        engine.applySubscriberAnswer(2, answer);
        sub.connect(offer);
        assertThat(events.next()).isEqualTo("up 2");
        engine.updateSubscriber(2, subscribeTo(1), false);
        long videoOut = offeredSsrc(offer, "1");

        RtpPacket p = new RtpPacket();
        byte[] first = null;
        int seq = 1000;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (first == null && System.nanoTime() < deadline) {
            pub.sendRtp(videoPacket(seq, 90000L * seq, (byte) 1));
            seq++;
            first = sub.rtp.poll(50, TimeUnit.MILLISECONDS);
        }
        assertThat(first).as("video reaches the subscriber").isNotNull();
        assertThat(p.wrap(first, 0, first.length)).isNull();
        assertThat(p.findExtension(3)).as("no transport-wide number where the answer declined it").isEqualTo(-1);
        assertThat(p.findExtension(4)).as("abs-send-time still relayed").isPositive();

        // Lose the next packet on the way, NACK it: it comes again as itself.
        Thread.sleep(100);
        byte[] newest = first;
        for (byte[] late = sub.rtp.poll(); late != null; late = sub.rtp.poll()) {
            newest = late;
        }
        p.wrap(newest, 0, newest.length);
        int lostSeq = (p.sequenceNumber() + 1) & 0xFFFF;
        sub.loseRtp.set(1);
        pub.sendRtp(videoPacket(seq, 90000L * seq, (byte) 9));
        long lossDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (sub.loseRtp.get() > 0 && System.nanoTime() < lossDeadline) {
            Thread.sleep(5);
        }
        assertThat(sub.loseRtp.get()).as("the subscriber lost one packet").isZero();
        byte[] nack = new byte[64];
        int n = GenericNack.write(nack, 0, 0x1234, videoOut, new int[] {lostSeq}, 1);
        byte[] again = null;
        long retransmitDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (again == null && System.nanoTime() < retransmitDeadline) {
            sub.sendRtcp(Arrays.copyOf(nack, n));
            byte[] b = sub.rtp.poll(500, TimeUnit.MILLISECONDS);
            if (b != null && p.wrap(b, 0, b.length) == null && p.sequenceNumber() == lostSeq) {
                again = b;
            }
        }
        assertThat(again).as("the NACKed packet %d retransmitted", lostSeq).isNotNull();
        assertThat(p.ssrc()).isEqualTo(videoOut);
        assertThat(p.payloadType()).isEqualTo(96);
        assertThat(p.payloadLength()).isEqualTo(40);
        MediaEngine.HandleStats stats = engine.stats(2).get(5, TimeUnit.SECONDS);
        assertThat(stats.subscribed().get(1).rtxSsrc()).isEqualTo(-1);
        assertThat(stats.subscribed().get(1).retransmittedAsRtx()).isZero();
        assertThat(stats.subscriberTransportCc().numbered()).isZero();
    }

    private void awaitPortsFree() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!engine.portsInUse().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(engine.portsInUse()).isEmpty();
    }

    @Test
    void aPeerThatGoesSilentIsHungUpWhenConsentExpiresAndItsPortIsFreed() throws Exception {
        engine = new MediaEngine(settings(4).withIce(new IceLiteConfig(Duration.ofMillis(600), Duration.ofSeconds(30),
                true, 8)));
        List<Thread> loops = engine.loopThreads();
        TestWebRtcPeer pub = peer("pub");
        MediaEngine.PublishResult published = engine.publish(7, "room", pub.offer(PUBLISHER_OFFER), RoomPolicy.defaults(),
                events);
        pub.connect(published.answerSdp());
        assertThat(events.next()).isEqualTo("up 7");
        pub.vanish();
        assertThat(events.next()).isEqualTo("failed 7 ICE failed (ice)");
        awaitPortsFree();
        // The signalling layer then hangs up; nothing is left and no thread was added.
        engine.closeTransport(7);
        assertThat(engine.roomCount()).isZero();
        assertThat(engine.loopThreads()).isEqualTo(loops);
    }

    @Test
    void aPeerThatNeverChecksFailsIce() throws Exception {
        engine = new MediaEngine(settings(4).withIce(new IceLiteConfig(Duration.ofSeconds(30), Duration.ofMillis(300),
                true, 8)));
        TestWebRtcPeer pub = peer("pub");
        engine.publish(8, "room", pub.offer(PUBLISHER_OFFER), RoomPolicy.defaults(), events);
        assertThat(events.next()).isEqualTo("failed 8 ICE failed (ice)");
        awaitPortsFree();
    }

    @Test
    void badOffersAreRejectedWithoutKeepingAPort() throws Exception {
        engine = new MediaEngine(settings(4));
        assertThatThrownBy(() -> engine.publish(1, "room", "v=0\r\nbogus", RoomPolicy.defaults(), events))
                .isInstanceOf(MediaEngineException.SdpRejected.class);
        String noBundle = new TestWebRtcPeer("x").offer(PUBLISHER_OFFER).replace("a=group:BUNDLE 0 1\r\n", "")
                .replace("a=group:BUNDLE 0 1\n", "");
        assertThatThrownBy(() -> engine.publish(1, "room", noBundle, RoomPolicy.defaults(), events))
                .isInstanceOf(MediaEngineException.SdpRejected.class).hasMessageContaining("BUNDLE");
        awaitPortsFree();
        assertThat(engine.roomCount()).isZero();
        assertThatThrownBy(() -> engine.applySubscriberAnswer(5, "v=0")).isInstanceOf(MediaEngineException.class);
    }

    @Test
    void whenThePortRangeIsExhaustedTheNextPeerConnectionIsRefused() throws Exception {
        engine = new MediaEngine(settings(1));
        TestWebRtcPeer pub = peer("pub");
        engine.publish(1, "room", pub.offer(PUBLISHER_OFFER), RoomPolicy.defaults(), events);
        assertThatThrownBy(() -> engine.offerSubscriber(2, "room", subscribeTo(1), false, events))
                .isInstanceOf(MediaEngineException.class)
                .hasMessageStartingWith("no free UDP port in rtp_port_range " + PORT_MIN + "-" + PORT_MIN);
    }

    @Test
    void closeReleasesEveryPortAndStopsEveryLoop() throws Exception {
        engine = new MediaEngine(settings(4));
        List<Thread> loops = engine.loopThreads();
        TestWebRtcPeer pub = peer("pub");
        MediaEngine.PublishResult published = engine.publish(1, "room", pub.offer(PUBLISHER_OFFER), RoomPolicy.defaults(),
                events);
        pub.connect(published.answerSdp());
        engine.offerSubscriber(2, "room", subscribeTo(1), false, events);
        assertThat(engine.portsInUse()).hasSize(2);
        engine.close();
        assertThat(engine.portsInUse()).isEmpty();
        for (Thread t : loops) {
            t.join(5000);
            assertThat(t.isAlive()).as(t.getName()).isFalse();
        }
        assertThatThrownBy(() -> engine.publish(3, "room", pub.offer(PUBLISHER_OFFER), RoomPolicy.defaults(), events))
                .hasMessage("the media engine is shut down");
    }

    /**
     * Single-port mode: a publisher and a subscriber in one room share one UDP port (the last of
     * the free range, outside the engine's rtp_port_range), are told that port in their candidates,
     * connect and exchange media; no port of the range is used and closing frees everything.
     */
    @Test
    void inSinglePortModeEveryPeerConnectionSharesOnePort() throws Exception {
        int single = PORT_MIN + 9;
        engine = new MediaEngine(settings(4).withSinglePort(single));
        TestWebRtcPeer pub = peer("pub");
        MediaEngine.PublishResult published = engine.publish(1, "room", pub.offer(PUBLISHER_OFFER), RoomPolicy.defaults(),
                events);
        assertThat(published.answerSdp()).contains(" " + single + " typ host");
        pub.connect(published.answerSdp());
        assertThat(events.next()).isEqualTo("up 1");
        TestWebRtcPeer sub = peer("sub");
        String offer = engine.offerSubscriber(2, "room", subscribeTo(1), false, events);
        assertThat(offer).contains(" " + single + " typ host");
        engine.applySubscriberAnswer(2, sub.answer(offer));
        sub.connect(offer);
        assertThat(events.next()).isEqualTo("up 2");
        engine.updateSubscriber(2, subscribeTo(1), false);
        int received = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (int seq = 1; received < 5 && System.nanoTime() < deadline; seq++) {
            pub.sendRtp(videoPacket(seq, 3000L * seq, (byte) seq));
            if (sub.rtp.poll(50, TimeUnit.MILLISECONDS) != null) {
                received++;
            }
        }
        assertThat(received).isEqualTo(5);
        assertThat(engine.portsInUse()).isEmpty();
        var shared = engine.sharedPort().orElseThrow();
        assertThat(shared.demux().size()).isEqualTo(2);
        assertThat(shared.demux().addressCount()).isEqualTo(2);

        engine.closeTransport(1);
        engine.closeTransport(2);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (shared.demux().size() > 0 && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertThat(shared.demux().size()).isZero();
        assertThat(shared.demux().addressCount()).isZero();
        engine.close();
        // The shared port is free again once the engine is closed.
        try (DatagramSocket again = new DatagramSocket(single)) {
            assertThat(again.getLocalPort()).isEqualTo(single);
        }
    }

    @Test
    void aSinglePortThatIsTakenFailsTheEngineWithAClearMessage() throws Exception {
        int single = PORT_MIN + 9;
        try (DatagramSocket taken = new DatagramSocket(single, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> new MediaEngine(settings(4).withSinglePort(single)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("media.single_port " + single + " cannot be bound");
        }
    }

    /** {@code slowlink_threshold}: a publisher's lost packets reach the handle's events as an uplink slowlink. */
    @Test
    void aPublisherLosingPacketsIsReportedAsAnUplinkSlowLink() throws Exception {
        engine = new MediaEngine(settings(4).withSlowLinkThreshold(5));
        TestWebRtcPeer pub = peer("pub");
        MediaEngine.PublishResult published = engine.publish(1, "room", pub.offer(PUBLISHER_OFFER), RoomPolicy.defaults(),
                events);
        pub.connect(published.answerSdp());
        assertThat(events.next()).isEqualTo("up 1");
        for (int seq = 1; seq <= 3; seq++) {
            pub.sendRtp(videoPacket(seq, 3000L * seq, (byte) seq));
        }
        for (int seq = 20; seq <= 22; seq++) {
            pub.sendRtp(videoPacket(seq, 3000L * seq, (byte) seq));
        }
        assertThat(events.next()).isEqualTo("slowlink 1 1 video uplink 16");
    }
}
