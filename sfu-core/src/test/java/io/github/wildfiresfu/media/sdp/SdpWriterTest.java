package io.github.wildfiresfu.media.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Round trips through the writer: parse, write, parse gives an equal model. */
class SdpWriterTest {

    static List<String> fixtures() {
        return SdpFixtures.ALL;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void everyFixtureRoundTrips(String name) {
        SessionDescription parsed = SdpFixtures.parse(name);
        String written = SdpWriter.write(parsed);
        assertThat(SdpParser.parse(written)).isEqualTo(parsed);
        assertThat(SdpWriter.write(SdpParser.parse(written))).isEqualTo(written);
        assertThat(written).endsWith("\r\n").doesNotContain("\r\r").doesNotContainPattern("[^\r]\n");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void writerKeepsEveryLineOfChromiumSdp(String name) {
        // The writer may reorder lines, but it writes each input line exactly once.
        List<String> in = SdpFixtures.text(name).lines().sorted().toList();
        List<String> out = SdpWriter.write(SdpFixtures.parse(name)).lines().sorted().toList();
        assertThat(out).isEqualTo(in);
    }

    @Test
    void handWrittenEdgeCasesRoundTrip() {
        String sdp = "v=0\r\no=alice 2890844526 2890844527 IN IP6 ::1\r\ns= \r\ni=info\r\nu=http://x\r\n"
                + "e=a@b\r\nc=IN IP4 224.2.1.1/127\r\nb=CT:128\r\nt=0 0\r\nt=1 2\r\nr=7d 1h 0 25h\r\n"
                + "a=ice-lite\r\na=ice-ufrag:abcd\r\na=ice-pwd:abcdefghijklmnopqrstuvwx\r\na=ice-options:trickle x\r\n"
                + "a=setup:actpass\r\na=extmap:15 urn:two-byte\r\na=custom\r\n"
                + "m=audio 5004/2 RTP/AVP 0 8 101\r\nb=TIAS:64000\r\na=rtpmap:101 telephone-event/8000\r\n"
                + "a=fmtp:101\r\na=ptime:20\r\n"
                + "m=text 0 RTP/AVP 98\r\n"
                + "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=sctp-port:5000\r\n"
                + "a=max-message-size:0\r\na=end-of-candidates\r\n";
        SessionDescription sd = SdpParser.parse(sdp);
        assertThat(sd.media().get(0).numberOfPorts()).isEqualTo(2);
        assertThat(sd.media().get(0).codec(101).orElseThrow().fmtp()).isEmpty();
        assertThat(sd.media().get(1).kind()).isEqualTo(MediaKind.OTHER);
        assertThat(SdpParser.parse(SdpWriter.write(sd))).isEqualTo(sd);
    }

    @Test
    void builtDescriptionsHaveChromiumsLineOrder() {
        MediaDescription m = MediaDescription.builder("audio", 9, "UDP/TLS/RTP/SAVPF", List.of("111"))
                .mid("0").direction(Direction.SENDONLY).rtcpMux(true).codecs(List.of(new Codec(111, "opus", 48000, 2,
                        "minptime=10", List.of("transport-cc")))).build();
        String text = SdpWriter.write(SessionDescription.builder(Origin.of("1", 2, "127.0.0.1"), "-").media(List.of(m))
                .build());
        assertThat(text).isEqualTo("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
                + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\na=sendonly\r\na=rtcp-mux\r\n"
                + "a=rtpmap:111 opus/48000/2\r\na=rtcp-fb:111 transport-cc\r\na=fmtp:111 minptime=10\r\n");
    }
}
