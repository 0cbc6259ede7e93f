package io.github.wildfiresfu.media.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Room codec lists, codec selection and the H.264 profile rules of RFC 6184 §8.2.2. */
class CodecPolicyTest {

    private static MediaDescription video(String... lines) {
        StringBuilder sdp = new StringBuilder("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n");
        sdp.append(lines[0]).append("\r\n");
        for (int i = 1; i < lines.length; i++) {
            sdp.append(lines[i]).append("\r\n");
        }
        return SdpParser.parse(sdp.toString()).media().get(0);
    }

    @Test
    void listsFollowJanusNamesAndDefaults() {
        CodecPolicy p = CodecPolicy.of(" OPUS , pcmu,g722,opus", "vp9,H264");
        assertThat(p.audio()).containsExactly(CodecName.OPUS, CodecName.PCMU, CodecName.G722);
        assertThat(p.videoList()).isEqualTo("vp9,h264");
        assertThat(CodecPolicy.of(null, " ").audioList()).isEqualTo("opus");
        assertThat(CodecPolicy.of(null, null).videoList()).isEqualTo("vp8");
        assertThat(CodecPolicy.of("isac32,isac16,l16-48,l16,multiopus,pcma", "av1,h265").audio()).hasSize(6);
    }

    @Test
    void unknownOrWrongKindNamesAreRefusedClearly() {
        assertThatThrownBy(() -> CodecPolicy.of("opus,speex", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("audiocodec: \"speex\" is not one of opus, multiopus, pcmu, pcma, g722, isac32, isac16, "
                        + "l16-48, l16");
        assertThatThrownBy(() -> CodecPolicy.of(null, "opus")).hasMessageStartingWith("videocodec: \"opus\"");
        assertThatThrownBy(() -> CodecPolicy.defaults().withH264Profile("42e01")).hasMessageContaining("six hex");
        assertThatThrownBy(() -> CodecPolicy.defaults().withVp9Profile("4")).hasMessageContaining("0, 1, 2 or 3");
    }

    @Test
    void picksTheFirstRoomCodecTheOfferHasWithItsRtxAndSupportedFeedback() {
        MediaDescription offer = SdpFixtures.parse(SdpFixtures.DUAL_STREAM).media().get(1);
        SelectedCodec vp8 = CodecPolicy.of(null, "av1,vp8").select(offer).orElseThrow();
        assertThat(vp8.name()).isEqualTo(CodecName.AV1);
        assertThat(vp8.payloadType()).isEqualTo(45);
        assertThat(vp8.rtxPayloadType()).hasValue(46);
        SelectedCodec h264 = CodecPolicy.of(null, "h264,vp8").select(offer).orElseThrow();
        assertThat(h264.payloadType()).as("first H.264 with packetization-mode=1").isEqualTo(102);
        assertThat(h264.codec().feedback()).containsExactly("goog-remb", "transport-cc", "ccm fir", "nack", "nack pli");
        assertThat(h264.h264Profile()).contains("42001f");
        assertThat(CodecPolicy.of(null, "h265").select(offer)).isEmpty();
        MediaDescription audio = SdpFixtures.parse(SdpFixtures.DUAL_STREAM).media().get(0);
        SelectedCodec pcma = CodecPolicy.of("isac16,pcma,opus", null).select(audio).orElseThrow();
        assertThat(pcma.name()).isEqualTo(CodecName.PCMA);
        assertThat(pcma.payloadType()).isEqualTo(8);
        assertThat(pcma.rtx()).isEmpty();
    }

    @Test
    void unsupportedFeedbackIsDropped() {
        MediaDescription m = video("m=video 9 UDP/TLS/RTP/SAVPF 96", "a=rtpmap:96 VP8/90000",
                "a=rtcp-fb:96 nack", "a=rtcp-fb:96 nack rpsi", "a=rtcp-fb:96 ccm tmmbr", "a=rtcp-fb:96 NACK PLI");
        assertThat(CodecPolicy.defaults().select(m).orElseThrow().codec().feedback()).containsExactly("nack", "NACK PLI");
    }

    @Test
    void opusNeedsTwoChannels() {
        MediaDescription mono = video("m=audio 9 UDP/TLS/RTP/SAVPF 111", "a=rtpmap:111 opus/48000");
        assertThat(CodecPolicy.defaults().select(mono)).isEmpty();
    }

    @Test
    void h264RoomProfileMatchesTheProfileNotTheLevel() {
        MediaDescription m = SdpFixtures.parse(SdpFixtures.H264_ONLY).media().get(1);
        CodecPolicy cb = CodecPolicy.of(null, "h264").withH264Profile("42e034");
        assertThat(cb.select(m).orElseThrow().payloadType()).as("42e01f is constrained baseline, mode 1").isEqualTo(108);
        CodecPolicy main = CodecPolicy.of(null, "h264").withH264Profile("4d0032");
        assertThat(main.select(m).orElseThrow().payloadType()).isEqualTo(116);
        CodecPolicy high = CodecPolicy.of(null, "h264").withH264Profile("640c1f");
        assertThat(high.select(m)).isEmpty();
    }

    @Test
    void h264PacketizationModeZeroIsALastResort() {
        MediaDescription onlyMode0 = video("m=video 9 UDP/TLS/RTP/SAVPF 104",
                "a=rtpmap:104 H264/90000", "a=fmtp:104 packetization-mode=0;profile-level-id=42e01f");
        assertThat(CodecPolicy.of(null, "h264").select(onlyMode0).orElseThrow().payloadType()).isEqualTo(104);
        assertThat(CodecPolicy.of(null, "h264").withH264Profile("42e01f").select(onlyMode0)).isEmpty();
        MediaDescription noFmtp = video("m=video 9 UDP/TLS/RTP/SAVPF 99", "a=rtpmap:99 H264/90000");
        assertThat(CodecPolicy.of(null, "h264").select(noFmtp)).isPresent();
        MediaDescription badProfile = video("m=video 9 UDP/TLS/RTP/SAVPF 99", "a=rtpmap:99 H264/90000",
                "a=fmtp:99 profile-level-id=zz;packetization-mode=1");
        assertThat(CodecPolicy.of(null, "h264").select(badProfile)).isEmpty();
    }

    @Test
    void vp9ProfileIdDefaultsToZero() {
        MediaDescription m = SdpFixtures.parse(SdpFixtures.DUAL_STREAM).media().get(1);
        assertThat(CodecPolicy.of(null, "vp9").withVp9Profile("2").select(m).orElseThrow().payloadType()).isEqualTo(100);
        assertThat(CodecPolicy.of(null, "vp9").withVp9Profile("0").select(m).orElseThrow().payloadType()).isEqualTo(98);
        MediaDescription bare = video("m=video 9 UDP/TLS/RTP/SAVPF 98", "a=rtpmap:98 VP9/90000");
        assertThat(CodecPolicy.of(null, "vp9").withVp9Profile("0").select(bare)).isPresent();
        assertThat(CodecPolicy.of(null, "vp9").withVp9Profile("1").select(bare)).isEmpty();
    }

    static Stream<Arguments> profiles() {
        return Stream.of(
                Arguments.of("42e01f", H264ProfileLevelId.Profile.CONSTRAINED_BASELINE),
                Arguments.of("42c015", H264ProfileLevelId.Profile.CONSTRAINED_BASELINE),
                Arguments.of("4d801f", H264ProfileLevelId.Profile.CONSTRAINED_BASELINE),
                Arguments.of("58c01f", H264ProfileLevelId.Profile.CONSTRAINED_BASELINE),
                Arguments.of("42001f", H264ProfileLevelId.Profile.BASELINE),
                Arguments.of("42a01f", H264ProfileLevelId.Profile.BASELINE),
                Arguments.of("58801f", H264ProfileLevelId.Profile.BASELINE),
                Arguments.of("4d001f", H264ProfileLevelId.Profile.MAIN),
                Arguments.of("4d401f", H264ProfileLevelId.Profile.MAIN),
                Arguments.of("640032", H264ProfileLevelId.Profile.HIGH),
                Arguments.of("640c1f", H264ProfileLevelId.Profile.CONSTRAINED_HIGH),
                Arguments.of("f4001f", H264ProfileLevelId.Profile.PREDICTIVE_HIGH_444),
                Arguments.of("F4801F", H264ProfileLevelId.Profile.PREDICTIVE_HIGH_444),
                Arguments.of("4d201f", null),
                Arguments.of("6e001f", null));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("profiles")
    void h264ProfilesFollowTheAnnexATable(String hex, H264ProfileLevelId.Profile expected) {
        H264ProfileLevelId id = H264ProfileLevelId.parse(hex).orElseThrow();
        assertThat(id.profile().orElse(null)).isEqualTo(expected);
        assertThat(id.toHex()).isEqualToIgnoringCase(hex);
    }

    @Test
    void h264ProfileComparison() {
        H264ProfileLevelId a = H264ProfileLevelId.parse("42e01f").orElseThrow();
        assertThat(a.sameProfile(H264ProfileLevelId.parse("42c034").orElseThrow())).isTrue();
        assertThat(a.sameProfile(H264ProfileLevelId.parse("42001f").orElseThrow())).isFalse();
        H264ProfileLevelId odd = H264ProfileLevelId.parse("4d201f").orElseThrow();
        assertThat(odd.sameProfile(H264ProfileLevelId.parse("4d2033").orElseThrow())).isTrue();
        assertThat(odd.sameProfile(a)).isFalse();
        assertThat(List.of("", "42e01", "42e01g", "42e01f0")).allMatch(s -> H264ProfileLevelId.parse(s).isEmpty());
        assertThat(H264ProfileLevelId.of(Codec.of(96, "H264", 90000, 0))).contains(H264ProfileLevelId.DEFAULT);
    }
}
