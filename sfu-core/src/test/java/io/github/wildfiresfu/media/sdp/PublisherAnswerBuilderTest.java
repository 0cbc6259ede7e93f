package io.github.wildfiresfu.media.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Answers to real Chromium offers. The same answers were fed back to Chromium 156 with
 * {@code interop/capture-chromium-offers.mjs --check} and accepted by setRemoteDescription.
 */
class PublisherAnswerBuilderTest {

    private static final LocalTransport LOCAL = SdpInteropTool.LOCAL;
    private static final Origin ORIGIN = Origin.of("77", 1, "127.0.0.1");

    private static PublisherAnswer answer(PublisherPolicy policy, String fixture) {
        PublisherAnswer a = new PublisherAnswerBuilder(policy).answer(SdpFixtures.parse(fixture), LOCAL, ORIGIN);
        assertThat(SdpParser.parse(a.sdp())).as("the answer parses back to itself").isEqualTo(a.answer());
        return a;
    }

    @Test
    void dualStreamWithDataAcceptsAllFourMLinesInOrder() {
        PublisherAnswer a = answer(PublisherPolicy.defaults(), SdpFixtures.DUAL_STREAM);
        SessionDescription sd = a.answer();
        assertThat(sd.iceLite()).isTrue();
        assertThat(sd.bundleGroup().orElseThrow().mids()).containsExactly("0", "1", "2", "3");
        assertThat(sd.media()).extracting(MediaDescription::mid).containsExactly("0", "1", "2", "3");
        assertThat(sd.media()).extracting(MediaDescription::direction)
                .containsExactly(Direction.RECVONLY, Direction.RECVONLY, Direction.RECVONLY, null);
        assertThat(sd.media()).allSatisfy(m -> {
            assertThat(m.setup()).isEqualTo(Setup.PASSIVE);
            assertThat(m.iceUfrag()).isEqualTo(LOCAL.iceUfrag());
            assertThat(m.fingerprints()).isEqualTo(LOCAL.fingerprints());
        });
        MediaDescription tag = sd.media().get(0);
        assertThat(tag.port()).isEqualTo(20000);
        assertThat(tag.connection()).isEqualTo(Connection.of("127.0.0.1"));
        assertThat(tag.candidates()).isEqualTo(LOCAL.candidates());
        assertThat(tag.endOfCandidates()).isTrue();
        assertThat(sd.media().subList(1, 4)).allSatisfy(m -> {
            assertThat(m.port()).isEqualTo(9);
            assertThat(m.candidates()).isEmpty();
        });
        assertThat(tag.codecs()).extracting(Codec::rtpmap).containsExactly("opus/48000/2");
        assertThat(tag.codecs().get(0).fmtp()).isEqualTo("minptime=10;useinbandfec=1");
        assertThat(sd.media().get(1).formats()).containsExactly("96", "97");
        assertThat(sd.media().get(1).ssrcs()).as("we send nothing to a publisher").isEmpty();
        MediaDescription data = sd.media().get(3);
        assertThat(data.formats()).containsExactly("webrtc-datachannel");
        assertThat(data.sctpPort()).isEqualTo(5000);
        assertThat(data.maxMessageSize()).isEqualTo(262144);

        assertThat(a.rejected()).isEmpty();
        assertThat(a.localSetup()).isEqualTo(Setup.PASSIVE);
        assertThat(a.remote().iceUfrag()).isEqualTo("3VRx");
        assertThat(a.remote().setup()).isEqualTo(Setup.ACTPASS);
        assertThat(a.remote().candidates()).hasSize(8);
        assertThat(a.streams()).extracting(PublishedStream::mindex).containsExactly(0, 1, 2, 3);
        PublishedStream big = a.streams().get(1);
        assertThat(big.codecName()).contains("vp8");
        assertThat(big.payloadType()).hasValue(96);
        assertThat(big.rtxPayloadType()).hasValue(97);
        assertThat(big.ssrcs()).containsExactly(3439750382L);
        assertThat(big.rtxSsrcs()).containsEntry(3439750382L, 606993607L);
        assertThat(big.simulcast()).isFalse();
        assertThat(big.extensionId(HeaderExtensionPolicy.MID)).hasValue(4);
        assertThat(big.extensionId(HeaderExtensionPolicy.AUDIO_LEVEL)).isEmpty();
        assertThat(big.sending()).isTrue();
        PublishedStream small = a.streams().get(2);
        assertThat(small.ssrcs()).containsExactly(3339262819L);
        assertThat(small.msid().orElseThrow().streamId()).isEqualTo("0385006b-f2d1-47e4-9afa-dc04fef64f45");
        assertThat(a.streams().get(0).extensionId(HeaderExtensionPolicy.AUDIO_LEVEL)).hasValue(1);
        assertThat(a.streams().get(3).kind()).isEqualTo(MediaKind.APPLICATION);
        assertThat(a.streams().get(3).codec()).isEmpty();
    }

    @Test
    void dataDisabledRejectsTheApplicationMLineWithPortZero() {
        PublisherAnswer a = answer(PublisherPolicy.defaults().withData(false), SdpFixtures.DUAL_STREAM);
        MediaDescription data = a.answer().media().get(3);
        assertThat(data.port()).isZero();
        assertThat(data.formats()).containsExactly("webrtc-datachannel");
        assertThat(data.mid()).isEqualTo("3");
        assertThat(data.sctpPort()).isEqualTo(-1);
        assertThat(a.answer().bundleGroup().orElseThrow().mids()).containsExactly("0", "1", "2");
        assertThat(a.rejected()).singleElement().satisfies(r -> {
            assertThat(r.mindex()).isEqualTo(3);
            assertThat(r.reason()).isEqualTo("data channels are disabled in this room");
        });
        assertThat(a.streams()).hasSize(3);
    }

    @Test
    void ridSimulcastIsAnsweredAsRecvWithTheSameRids() {
        PublisherAnswer a = answer(PublisherPolicy.defaults(), SdpFixtures.SIMULCAST_RID);
        MediaDescription video = a.answer().media().get(1);
        assertThat(video.rids()).containsExactly(new Rid("h", false, null), new Rid("m", false, null),
                new Rid("l", false, null));
        assertThat(video.simulcast().toSdp()).isEqualTo("recv h;m;l");
        PublishedStream s = a.streams().get(1);
        assertThat(s.simulcast()).isTrue();
        assertThat(s.rids()).containsExactly("h", "m", "l");
        assertThat(s.extensionId(HeaderExtensionPolicy.RID)).hasValue(10);
        assertThat(s.extensionId(HeaderExtensionPolicy.REPAIRED_RID)).hasValue(11);
        assertThat(s.ssrcs()).isEmpty();
    }

    @Test
    void simulcastIsDeclinedWhenTheRidExtensionIsNotAccepted() {
        PublisherPolicy noRid = PublisherPolicy.defaults()
                .withExtensions(HeaderExtensionPolicy.defaults().with(HeaderExtensionPolicy.RID, false));
        PublisherAnswer a = answer(noRid, SdpFixtures.SIMULCAST_RID);
        assertThat(a.answer().media().get(1).simulcast()).isNull();
        assertThat(a.answer().media().get(1).rids()).isEmpty();
        assertThat(a.streams().get(1).simulcast()).isFalse();
    }

    @Test
    void h264OnlyVideoIsAcceptedByAnH264RoomAndRejectedByAVp8Room() {
        PublisherAnswer h264Room = answer(PublisherPolicy.defaults().withCodecs(CodecPolicy.of(null, "vp8,h264")),
                SdpFixtures.H264_ONLY);
        MediaDescription video = h264Room.answer().media().get(1);
        assertThat(video.formats()).containsExactly("102", "103");
        assertThat(video.codecs().get(0).fmtp())
                .isEqualTo("level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f");
        assertThat(video.codecs().get(1).fmtp()).isEqualTo("apt=102");
        assertThat(h264Room.streams().get(1).codec().orElseThrow().h264Profile()).contains("42001f");

        PublisherAnswer vp8Room = answer(PublisherPolicy.defaults(), SdpFixtures.H264_ONLY);
        MediaDescription rejected = vp8Room.answer().media().get(1);
        assertThat(rejected.port()).isZero();
        assertThat(rejected.formats()).containsExactly("0");
        assertThat(rejected.direction()).isEqualTo(Direction.INACTIVE);
        assertThat(rejected.mid()).isEqualTo("1");
        assertThat(rejected.codecs()).isEmpty();
        assertThat(rejected.extmaps()).isEmpty();
        assertThat(rejected.iceUfrag()).isNull();
        assertThat(vp8Room.rejected()).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo(MediaKind.VIDEO);
            assertThat(r.reason()).isEqualTo("no codec the room allows (vp8) is offered");
        });
        assertThat(vp8Room.answer().bundleGroup().orElseThrow().mids()).containsExactly("0");
        assertThat(vp8Room.streams()).extracting(PublishedStream::kind).containsExactly(MediaKind.AUDIO);
        assertThat(vp8Room.sdp()).endsWith("m=video 0 UDP/TLS/RTP/SAVPF 0\r\nc=IN IP4 0.0.0.0\r\na=mid:1\r\n"
                + "a=inactive\r\n");
    }

    @Test
    void audioOnlyPublisherWithoutBundleNeedsNoGroup() {
        String offer = "v=0\r\no=- 5 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=ice-ufrag:abcd\r\n"
                + "a=ice-pwd:abcdefghijklmnopqrstuvwxyz\r\na=fingerprint:sha-256 " + "AB:".repeat(31) + "AB\r\n"
                + "m=audio 9 UDP/TLS/RTP/SAVPF 0 111\r\na=mid:audio\r\na=sendonly\r\na=rtcp-mux\r\n"
                + "a=rtpmap:111 opus/48000/2\r\na=ssrc:11 cname:c\r\n";
        PublisherAnswer a = new PublisherAnswerBuilder(PublisherPolicy.defaults().withCodecs(CodecPolicy.of("pcmu",
                null))).answer(SdpParser.parse(offer), LOCAL, ORIGIN);
        assertThat(a.answer().groups()).isEmpty();
        MediaDescription m = a.answer().media().get(0);
        assertThat(m.formats()).containsExactly("0");
        assertThat(m.codecs()).extracting(Codec::rtpmap).containsExactly("PCMU/8000");
        assertThat(m.setup()).as("no setup in the offer means active (RFC 4145)").isEqualTo(Setup.PASSIVE);
        assertThat(a.remote().iceUfrag()).as("session-level credentials").isEqualTo("abcd");
        assertThat(a.streams()).singleElement().satisfies(s -> {
            assertThat(s.ssrcs()).containsExactly(11L);
            assertThat(s.codecName()).contains("pcmu");
        });
    }

    @Test
    void refusalsThatRejectOneMLine() {
        String head = "v=0\r\no=- 5 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE a\r\na=ice-ufrag:abcd\r\n"
                + "a=ice-pwd:abcdefghijklmnopqrstuvwxyz\r\na=fingerprint:sha-256 " + "AB:".repeat(31) + "AB\r\n"
                + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:a\r\na=rtcp-mux\r\na=rtpmap:111 opus/48000/2\r\n";
        String[][] cases = {
            {"m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:v\r\na=rtcp-mux\r\na=rtpmap:96 VP8/90000\r\n",
                "mid v is not in the BUNDLE group"},
            {"m=video 0 UDP/TLS/RTP/SAVPF 96\r\na=rtpmap:96 VP8/90000\r\n", "disabled in the offer (port 0)"},
            {"m=text 9 RTP/AVP 98\r\na=rtpmap:98 t140/1000\r\n", "media type text is not supported"},
            {"m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=rtcp-mux\r\na=rtpmap:96 VP8/90000\r\n", "the m-line has no a=mid"},
        };
        for (String[] c : cases) {
            PublisherAnswer a = new PublisherAnswerBuilder(PublisherPolicy.defaults())
                    .answer(SdpParser.parse(head + c[0]), LOCAL, ORIGIN);
            assertThat(a.rejected()).singleElement().satisfies(r -> assertThat(r.reason()).startsWith(c[1]));
            assertThat(a.answer().media().get(1).port()).isZero();
        }
        String bundled = head.replace("BUNDLE a", "BUNDLE a v");
        String[][] bundledCases = {
            {"m=video 9 RTP/AVP 96\r\na=mid:v\r\na=rtcp-mux\r\na=rtpmap:96 VP8/90000\r\n", "protocol RTP/AVP"},
            {"m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:v\r\na=rtpmap:96 VP8/90000\r\n", "the m-line has no a=rtcp-mux"},
            {"m=application 9 DTLS/SCTP 5000\r\na=mid:v\r\na=sctpmap:5000 webrtc-datachannel 1024\r\n",
                "only SCTP data channels"},
        };
        for (String[] c : bundledCases) {
            PublisherAnswer a = new PublisherAnswerBuilder(PublisherPolicy.defaults())
                    .answer(SdpParser.parse(bundled + c[0]), LOCAL, ORIGIN);
            assertThat(a.rejected()).singleElement().satisfies(r -> assertThat(r.reason()).startsWith(c[1]));
        }
    }

    @Test
    void offersThatCannotBeAnsweredAtAll() {
        String head = "v=0\r\no=- 5 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";
        String ice = "a=ice-ufrag:abcd\r\na=ice-pwd:abcdefghijklmnopqrstuvwxyz\r\n";
        String fp = "a=fingerprint:sha-256 " + "AB:".repeat(31) + "AB\r\n";
        String audio = "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:a\r\na=rtcp-mux\r\na=rtpmap:111 opus/48000/2\r\n";
        String video = "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:v\r\na=rtcp-mux\r\na=rtpmap:96 VP8/90000\r\n";
        PublisherAnswerBuilder b = new PublisherAnswerBuilder(PublisherPolicy.defaults());
        assertThatThrownBy(() -> b.answer(SdpParser.parse(head), LOCAL, ORIGIN))
                .isInstanceOf(SdpNegotiationException.class).hasMessage("the offer has no m-line");
        assertThatThrownBy(() -> b.answer(SdpParser.parse(head + ice + fp + audio + video), LOCAL, ORIGIN))
                .hasMessageContaining("2 m-lines and no a=group:BUNDLE");
        assertThatThrownBy(() -> b.answer(SdpParser.parse(head + fp + audio), LOCAL, ORIGIN))
                .isInstanceOf(SdpNegotiationException.class).hasMessage("offer m-line mid a has no a=ice-ufrag");
        assertThatThrownBy(() -> b.answer(SdpParser.parse(head + ice + audio), LOCAL, ORIGIN))
                .hasMessageContaining("has no a=fingerprint");
        assertThatThrownBy(() -> b.answer(SdpParser.parse(head + ice + fp + "a=setup:holdconn\r\n" + audio), LOCAL,
                ORIGIN)).hasMessageContaining("holdconn");
        PublisherAnswer passive = b.answer(SdpParser.parse(head + ice + fp + "a=setup:passive\r\n" + audio), LOCAL,
                ORIGIN);
        assertThat(passive.localSetup()).isEqualTo(Setup.ACTIVE);
    }

    @Test
    void everyChromiumOfferIsAnsweredWithoutError() {
        for (String f : List.of(SdpFixtures.PUBLISHER_AUDIO_VIDEO, SdpFixtures.DUAL_STREAM, SdpFixtures.SIMULCAST_RID,
                SdpFixtures.H264_ONLY)) {
            PublisherAnswer a = answer(SdpInteropTool.POLICY, f);
            assertThat(a.rejected()).as(f).isEmpty();
            assertThat(a.answer().media()).hasSameSizeAs(SdpFixtures.parse(f).media());
        }
    }
}
