package io.github.wildfiresfu.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wildfiresfu.media.dtls.DtlsCertificate;
import io.github.wildfiresfu.media.ice.IceCredentials;
import io.github.wildfiresfu.media.sdp.Direction;
import io.github.wildfiresfu.media.sdp.MediaDescription;
import io.github.wildfiresfu.media.sdp.SdpParser;
import io.github.wildfiresfu.media.sdp.SessionDescription;
import io.github.wildfiresfu.media.sdp.Setup;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The generator's SDP, read back with sfu-core's parser, and its command line. */
class PeerSdpAndOptionsTest {

    private static final DtlsCertificate CERT = DtlsCertificate.generate();
    private static final IceCredentials ICE = IceCredentials.random(new Random(9));
    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.2", 41000);

    /** A subscriber offer shaped like Janus 1.1.2's (RTX, transport-cc, a data channel line). */
    private static final String JANUS_LIKE_OFFER = String.join("\r\n",
            "v=0", "o=- 1700000000 1 IN IP4 127.0.0.2", "s=VideoRoom 1234", "t=0 0",
            "a=group:BUNDLE 0 1 2", "a=ice-options:trickle",
            "a=fingerprint:sha-256 31:3A:F0:43:9D:29:9E:86:DD:37:01:FB:DD:A9:93:B1:1A:88:AD:A7:75:05:92:D1:76:27:CF:13:0F:0F:86:69",
            "a=msid-semantic: WMS *",
            "m=audio 9 UDP/TLS/RTP/SAVPF 111", "c=IN IP4 127.0.0.2", "a=sendonly", "a=mid:0", "a=rtcp-mux",
            "a=ice-ufrag:YAKi", "a=ice-pwd:m0cD37jF3oQSoFk+bIoZ8/", "a=setup:actpass", "a=rtpmap:111 opus/48000/2",
            "a=extmap:1 urn:ietf:params:rtp-hdrext:sdes:mid", "a=ssrc:1203167010 cname:janus",
            "a=candidate:1 1 udp 2015363327 127.0.0.2 20024 typ host",
            "m=video 9 UDP/TLS/RTP/SAVPF 96 97", "c=IN IP4 127.0.0.2", "a=sendonly", "a=mid:1", "a=rtcp-mux",
            "a=ice-ufrag:YAKi", "a=ice-pwd:m0cD37jF3oQSoFk+bIoZ8/", "a=setup:actpass", "a=rtpmap:96 VP8/90000",
            "a=rtcp-fb:96 nack", "a=rtcp-fb:96 transport-cc", "a=rtpmap:97 rtx/90000", "a=fmtp:97 apt=96",
            "a=extmap:1 urn:ietf:params:rtp-hdrext:sdes:mid",
            "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
            "a=ssrc-group:FID 4151506371 11", "a=ssrc:4151506371 cname:janus", "a=ssrc:11 cname:janus",
            "m=application 9 UDP/DTLS/SCTP webrtc-datachannel", "c=IN IP4 127.0.0.2", "a=mid:2",
            "a=sctp-port:5000", "") ;

    @Test
    void thePublisherOfferIsWhatABrowserWouldSendForAudioAndVideo() {
        String sdp = PeerSdp.publisherOffer(ICE, CERT.fingerprint(), LOCAL, new PeerSdp.PublisherMedia(111, 222),
                "r0-p0", 5);
        SessionDescription sd = SdpParser.parse(sdp);

        assertThat(sd.bundleGroup().orElseThrow().mids()).containsExactly("0", "1");
        MediaDescription audio = sd.media().get(0);
        MediaDescription video = sd.media().get(1);
        assertThat(audio.allCodecs()).extracting(c -> c.name() + "/" + c.payloadType()).containsExactly("opus/111");
        assertThat(video.allCodecs()).extracting(c -> c.name() + "/" + c.payloadType()).containsExactly("VP8/96");
        assertThat(video.allCodecs().get(0).feedback()).contains("nack", "nack pli", "ccm fir");
        for (MediaDescription m : sd.media()) {
            assertThat(m.direction()).isEqualTo(Direction.SENDONLY);
            assertThat(m.setup()).isEqualTo(Setup.ACTPASS);
            assertThat(m.rtcpMux()).isTrue();
            assertThat(m.iceUfrag()).isEqualTo(ICE.ufrag());
            assertThat(m.candidates()).singleElement().satisfies(c -> {
                assertThat(c.address()).isEqualTo("127.0.0.2");
                assertThat(c.port()).isEqualTo(41000);
            });
            assertThat(m.endOfCandidates()).isTrue();
            assertThat(m.extmap(PeerSdp.MID_URI).orElseThrow().id()).isEqualTo(SyntheticStream.MID_EXTENSION_ID);
            assertThat(sd.fingerprintsFor(m).get(0).toSdp()).isEqualTo(CERT.fingerprint().toSdp());
        }
        assertThat(audio.ssrcs()).extracting(s -> s.ssrc()).containsExactly(111L);
        assertThat(video.ssrcs()).extracting(s -> s.ssrc()).containsExactly(222L);
    }

    @Test
    void theSubscriberAnswerAcceptsAudioAndVideoWithoutRtxAndRejectsTheDataChannel() {
        String sdp = PeerSdp.subscriberAnswer(SdpParser.parse(JANUS_LIKE_OFFER), ICE, CERT.fingerprint(), LOCAL, 5);
        SessionDescription sd = SdpParser.parse(sdp);

        assertThat(sd.bundleGroup().orElseThrow().mids()).containsExactly("0", "1");
        assertThat(sd.media()).extracting(MediaDescription::mid).containsExactly("0", "1", "2");
        assertThat(sd.media().get(0).allCodecs()).extracting(c -> c.payloadType()).containsExactly(111);
        assertThat(sd.media().get(1).allCodecs()).extracting(c -> c.payloadType()).containsExactly(96);
        assertThat(sd.media().get(1).extmaps()).extracting(e -> e.uri()).containsExactly(PeerSdp.MID_URI);
        assertThat(sd.media().get(0).direction()).isEqualTo(Direction.RECVONLY);
        assertThat(sd.media().get(0).setup()).isEqualTo(Setup.ACTIVE);
        assertThat(sd.media().get(2).port()).isZero();
    }

    @Test
    void optionsParseOverTheDefaultsAndRejectBadValuesInOneLine() {
        LoadOptions o = LoadOptions.parse("--janus", "http://127.0.0.1:9000/janus", "--rooms", "10", "--publishers",
                "2", "--subscribers", "5", "--video-pps", "4000", "--server-pid", "123", "--label", "x");
        assertThat(o.janus()).isEqualTo(URI.create("http://127.0.0.1:9000/janus"));
        assertThat(o.peers()).isEqualTo(10 * (2 + 5));
        assertThat(o.videoPps()).isEqualTo(4000);
        assertThat(o.audioPps()).isEqualTo(50);
        assertThat(o.serverPid()).isEqualTo(123);
        assertThat(LoadOptions.parse().label()).isEqualTo("http://127.0.0.1:8088/janus");

        assertThatThrownBy(() -> LoadOptions.parse("--rooms")).hasMessage("--rooms needs a value");
        assertThatThrownBy(() -> LoadOptions.parse("--rooms", "many")).hasMessage("--rooms needs a whole number, got \"many\"");
        assertThatThrownBy(() -> LoadOptions.parse("--rooms", "0")).hasMessage("--rooms must be 1-1000, got 0");
        assertThatThrownBy(() -> LoadOptions.parse("--frobnicate", "1")).hasMessage("unknown option --frobnicate; see --help");
        assertThatThrownBy(() -> LoadOptions.parse("--audio-pps", "0", "--video-pps", "0"))
                .hasMessage("--audio-pps and --video-pps cannot both be 0");
        assertThatThrownBy(() -> LoadOptions.parse("--janus", "ftp://x")).hasMessageStartingWith("--janus must be an http:// URL");
    }
}
