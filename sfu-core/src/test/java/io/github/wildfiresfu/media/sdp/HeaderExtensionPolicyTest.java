package io.github.wildfiresfu.media.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which header extensions answers keep, and the subscriber offer's fixed ids. */
class HeaderExtensionPolicyTest {

    @Test
    void answerKeepsAcceptedExtensionsWithTheOfferersIds() {
        MediaDescription video = SdpFixtures.parse(SdpFixtures.SIMULCAST_RID).media().get(1);
        List<Extmap> answer = HeaderExtensionPolicy.defaults().answer(video);
        assertThat(answer).extracting(e -> e.id() + " " + e.uri()).containsExactly(
                "2 " + HeaderExtensionPolicy.ABS_SEND_TIME,
                "13 " + HeaderExtensionPolicy.VIDEO_ORIENTATION,
                "3 " + HeaderExtensionPolicy.TRANSPORT_WIDE_CC,
                "5 " + HeaderExtensionPolicy.PLAYOUT_DELAY,
                "4 " + HeaderExtensionPolicy.MID,
                "10 " + HeaderExtensionPolicy.RID,
                "11 " + HeaderExtensionPolicy.REPAIRED_RID);
        List<Extmap> withDd = HeaderExtensionPolicy.defaults().with(HeaderExtensionPolicy.DEPENDENCY_DESCRIPTOR, true)
                .answer(video);
        assertThat(withDd).extracting(Extmap::uri).contains(HeaderExtensionPolicy.DEPENDENCY_DESCRIPTOR);
        List<Extmap> noTwcc = HeaderExtensionPolicy.defaults().with(HeaderExtensionPolicy.TRANSPORT_WIDE_CC, false)
                .answer(video);
        assertThat(noTwcc).extracting(Extmap::uri).doesNotContain(HeaderExtensionPolicy.TRANSPORT_WIDE_CC);
    }

    @Test
    void audioLevelOnlyOnAudioAndVideoOnlyExtensionsOnlyOnVideo() {
        HeaderExtensionPolicy p = HeaderExtensionPolicy.defaults();
        assertThat(p.accepts(MediaKind.AUDIO, HeaderExtensionPolicy.AUDIO_LEVEL)).isTrue();
        assertThat(p.accepts(MediaKind.VIDEO, HeaderExtensionPolicy.AUDIO_LEVEL)).isFalse();
        assertThat(p.accepts(MediaKind.AUDIO, HeaderExtensionPolicy.VIDEO_ORIENTATION)).isFalse();
        assertThat(p.accepts(MediaKind.APPLICATION, HeaderExtensionPolicy.MID)).isFalse();
        assertThat(p.accepts(MediaKind.VIDEO, "urn:unknown")).isFalse();
        assertThat(p.with("urn:unknown", true).accepts(MediaKind.VIDEO, "urn:unknown")).isTrue();
    }

    @Test
    void directionsAreMirroredAndTwoByteIdsNeedTwoByteHeaders() {
        MediaDescription m = SdpParser.parse("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
                + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=rtpmap:111 opus/48000/2\r\n"
                + "a=extmap:1/sendonly " + HeaderExtensionPolicy.AUDIO_LEVEL + " vad=on\r\n"
                + "a=extmap:20 " + HeaderExtensionPolicy.MID + "\r\n").media().get(0);
        assertThat(HeaderExtensionPolicy.defaults().answer(m)).containsExactly(
                new Extmap(1, Direction.RECVONLY, HeaderExtensionPolicy.AUDIO_LEVEL, null),
                Extmap.of(20, HeaderExtensionPolicy.MID));
        assertThat(HeaderExtensionPolicy.defaults().withTwoByteHeaders(false).answer(m)).extracting(Extmap::id)
                .containsExactly(1);
    }

    @Test
    void subscriberOfferUsesFixedOneByteIds() {
        HeaderExtensionPolicy p = HeaderExtensionPolicy.defaults();
        assertThat(p.subscriberOffer(MediaKind.AUDIO)).extracting(e -> e.id() + " " + e.uri()).containsExactly(
                "1 " + HeaderExtensionPolicy.MID, "2 " + HeaderExtensionPolicy.AUDIO_LEVEL,
                "3 " + HeaderExtensionPolicy.TRANSPORT_WIDE_CC, "4 " + HeaderExtensionPolicy.ABS_SEND_TIME);
        assertThat(p.subscriberOffer(MediaKind.VIDEO)).extracting(Extmap::id).containsExactly(1, 3, 4, 5, 6);
    }
}
