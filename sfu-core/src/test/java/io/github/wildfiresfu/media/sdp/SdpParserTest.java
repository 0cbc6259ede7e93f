package io.github.wildfiresfu.media.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The parser on real Chromium SDP, on hand-written variants, and on malformed input. */
class SdpParserTest {

    private static final String HEAD = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";
    private static final String VIDEO = "m=video 9 UDP/TLS/RTP/SAVPF 96 97\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\n"
            + "a=rtpmap:96 VP8/90000\r\na=rtpmap:97 rtx/90000\r\na=fmtp:97 apt=96\r\n";

    @Test
    void dualStreamOfferFromChromium() {
        SessionDescription sd = SdpFixtures.parse(SdpFixtures.DUAL_STREAM);
        assertThat(sd.media()).extracting(MediaDescription::kind)
                .containsExactly(MediaKind.AUDIO, MediaKind.VIDEO, MediaKind.VIDEO, MediaKind.APPLICATION);
        assertThat(sd.bundleGroup().orElseThrow().mids()).containsExactly("0", "1", "2", "3");
        assertThat(sd.extmapAllowMixed()).isTrue();
        assertThat(sd.msidSemantic().semantic()).isEqualTo("WMS");

        MediaDescription audio = sd.media().get(0);
        assertThat(audio.mid()).isEqualTo("0");
        assertThat(audio.direction()).isEqualTo(Direction.SENDRECV);
        assertThat(audio.rtcpMux()).isTrue();
        assertThat(audio.rtcpRsize()).isTrue();
        assertThat(audio.setup()).isEqualTo(Setup.ACTPASS);
        assertThat(audio.iceUfrag()).isEqualTo("3VRx");
        assertThat(audio.fingerprints()).singleElement().satisfies(f -> {
            assertThat(f.hashFunction()).isEqualTo("sha-256");
            assertThat(f.bytes()).hasSize(32);
        });
        assertThat(audio.candidates()).hasSize(8);
        Candidate first = audio.candidates().get(0);
        assertThat(first.address()).isEqualTo("127.0.0.1");
        assertThat(first.type()).isEqualTo("host");
        assertThat(first.extension("network-cost")).contains("50");
        assertThat(audio.candidates().get(4).extension("tcptype")).contains("active");
        Codec opus = audio.codec(111).orElseThrow();
        assertThat(opus.rtpmap()).isEqualTo("opus/48000/2");
        assertThat(opus.parameters()).containsEntry("useinbandfec", "1").containsEntry("minptime", "10");
        assertThat(opus.feedback()).containsExactly("transport-cc");
        assertThat(audio.codec(0).orElseThrow().name()).isEqualTo("PCMU");
        assertThat(audio.attribute("rtcp")).map(Attribute::value).contains("9 IN IP4 0.0.0.0");
        assertThat(audio.ssrcs()).singleElement().satisfies(s -> {
            assertThat(s.cname()).contains("WgkBYRqR4+ugKRoz");
            assertThat(s.msid().orElseThrow().trackId()).isEqualTo("3a3ce55e-699c-4c69-80ff-dc151750d96a");
        });

        MediaDescription big = sd.media().get(1);
        MediaDescription small = sd.media().get(2);
        assertThat(big.codecs()).hasSize(23);
        assertThat(big.rtxFor(96)).map(Codec::payloadType).contains(97);
        assertThat(big.codec(102).orElseThrow().parameter("packetization-mode")).contains("1");
        assertThat(big.ssrcGroup(SsrcGroup.FID).orElseThrow().ssrcs()).containsExactly(3439750382L, 606993607L);
        assertThat(big.extmap(HeaderExtensionPolicy.TRANSPORT_WIDE_CC)).map(Extmap::id).contains(3);
        assertThat(small.msid().orElseThrow().streamId()).isNotEqualTo(big.msid().orElseThrow().streamId());

        MediaDescription data = sd.media().get(3);
        assertThat(data.protocol()).isEqualTo("UDP/DTLS/SCTP");
        assertThat(data.formats()).containsExactly("webrtc-datachannel");
        assertThat(data.isRtp()).isFalse();
        assertThat(data.sctpPort()).isEqualTo(5000);
        assertThat(data.maxMessageSize()).isEqualTo(262144);
    }

    @Test
    void simulcastOfferFromChromium() {
        MediaDescription video = SdpFixtures.parse(SdpFixtures.SIMULCAST_RID).media().get(1);
        assertThat(video.direction()).isEqualTo(Direction.SENDONLY);
        assertThat(video.rids()).extracting(Rid::id).containsExactly("h", "m", "l");
        assertThat(video.rids()).allMatch(Rid::send);
        assertThat(video.simulcast().sendRids()).containsExactly("h", "m", "l");
        assertThat(video.simulcast().recv()).isEmpty();
        assertThat(video.ssrcs()).isEmpty();
        assertThat(video.extmap(HeaderExtensionPolicy.DEPENDENCY_DESCRIPTOR)).map(Extmap::id).contains(12);
    }

    @Test
    void h264OnlyOfferFromChromium() {
        MediaDescription video = SdpFixtures.parse(SdpFixtures.H264_ONLY).media().get(1);
        assertThat(video.codecs()).extracting(Codec::lowerName).containsOnly("h264", "rtx");
        assertThat(video.payloadTypes()).startsWith(102, 103);
    }

    @Test
    void subscriberAnswerFromChromium() {
        SessionDescription sd = SdpFixtures.parse(SdpFixtures.CHROMIUM_SUBSCRIBER_ANSWER);
        assertThat(sd.media()).extracting(MediaDescription::direction).containsOnly(Direction.RECVONLY);
        assertThat(sd.media()).extracting(MediaDescription::setup).containsOnly(Setup.ACTIVE);
        assertThat(sd.media().get(1).port()).isEqualTo(9);
        assertThat(sd.media().get(1).candidates()).isEmpty();
        assertThat(sd.msidSemantic().ids()).isEmpty();
    }

    @Test
    void lfLineEndsBlankLinesAndMissingTimingAreAccepted() {
        String lf = "v=0\no=- 1 2 IN IP4 127.0.0.1\ns=-\n\n" + VIDEO.replace("\r\n", "\n") + "\n\n";
        SessionDescription sd = SdpParser.parse(lf);
        assertThat(sd.timing()).isEqualTo(Timing.UNBOUNDED);
        assertThat(sd.media().get(0).codecs()).hasSize(2);
    }

    @Test
    void unknownAttributesAndLinesAreKeptInOrder() {
        SessionDescription sd = SdpParser.parse(HEAD.replace("s=-\r\n", "s=-\r\ni=info\r\n")
                + "a=x-session:1\r\na=tool:foo bar\r\n" + VIDEO + "i=title\r\nb=AS:500\r\na=x-one\r\na=ptime:20\r\n"
                + "a=x-one:again\r\na=rtcp-fb:* nack\r\na=extmap:3/recvonly urn:x attr\r\n");
        assertThat(sd.attributes()).containsExactly(new Attribute("x-session", "1"), new Attribute("tool", "foo bar"));
        assertThat(sd.otherLines()).containsExactly(new SdpLine('i', "info"));
        MediaDescription m = sd.media().get(0);
        assertThat(m.attributes()).containsExactly(Attribute.flag("x-one"), new Attribute("ptime", "20"),
                new Attribute("x-one", "again"));
        assertThat(m.otherLines()).containsExactly(new SdpLine('i', "title"));
        assertThat(m.bandwidths()).containsExactly(new Bandwidth("AS", 500));
        assertThat(m.wildcardFeedback()).containsExactly("nack");
        assertThat(m.extmaps()).containsExactly(new Extmap(3, Direction.RECVONLY, "urn:x", "attr"));
    }

    @Test
    void fmtpAndFeedbackOfStaticOrUnlistedPayloadTypesStayUnmodelled() {
        SessionDescription sd = SdpParser.parse(HEAD + "m=audio 9 UDP/TLS/RTP/SAVPF 0 8\r\na=mid:a\r\n"
                + "a=fmtp:8 foo=1\r\na=rtcp-fb:0 nack\r\na=fmtp:99 bar=2\r\n");
        MediaDescription m = sd.media().get(0);
        assertThat(m.codecs()).isEmpty();
        assertThat(m.allCodecs()).extracting(Codec::name).containsExactly("PCMU", "PCMA");
        assertThat(m.attributes()).extracting(Attribute::toSdp)
                .containsExactlyInAnyOrder("fmtp:8 foo=1", "rtcp-fb:0 nack", "fmtp:99 bar=2");
    }

    @Test
    void candidateWithRelatedAddress() {
        Candidate c = Candidate.parse("842163049 1 udp 1677729535 203.0.113.7 46154 typ srflx raddr 10.0.0.2 rport"
                + " 46154 generation 0 ufrag abcd network-cost 999");
        assertThat(c.type()).isEqualTo("srflx");
        assertThat(c.relatedAddress()).isEqualTo("10.0.0.2");
        assertThat(c.relatedPort()).isEqualTo(46154);
        assertThat(c.extension("ufrag")).contains("abcd");
        assertThat(Candidate.parse(c.toSdp())).isEqualTo(c);
    }

    @Test
    void legacySimulcastAndPausedRids() {
        SessionDescription sd = SdpParser.parse(HEAD + VIDEO + "a=rid:a send\r\na=rid:b send max-width=320\r\n"
                + "a=rid:c recv\r\na=simulcast:send a;~b recv c\r\na=ssrc-group:SIM 1 2 3\r\na=ssrc:1 cname:x\r\n");
        MediaDescription m = sd.media().get(0);
        assertThat(m.simulcast().send().get(1)).containsExactly(new Simulcast.Alternative("b", true));
        assertThat(m.simulcast().recvRids()).containsExactly("c");
        assertThat(m.rids().get(1).restrictions()).isEqualTo("max-width=320");
        assertThat(m.ssrcGroup(SsrcGroup.SIM).orElseThrow().ssrcs()).containsExactly(1L, 2L, 3L);
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("", 0, "SDP is empty"),
                Arguments.of("o=- 1 2 IN IP4 1.2.3.4\r\n", 1, "must start with v=0"),
                Arguments.of("v=1\r\n", 1, "only v=0 exists"),
                Arguments.of("v=0\r\ns=-\r\n", 0, "no o= line"),
                Arguments.of("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n", 0, "no s= line"),
                Arguments.of("v=0\r\no=- 1 IN IP4 127.0.0.1\r\ns=-\r\n", 2, "o= needs 6 fields"),
                Arguments.of("v=0\r\no=- x 2 IN IP4 127.0.0.1\r\ns=-\r\n", 2, "session id \"x\" is not a number"),
                Arguments.of(HEAD + "o=- 1 2 IN IP4 127.0.0.1\r\n", 5, "second o= line"),
                Arguments.of(HEAD + "x=1\r\n", 5, "unknown line type 'x'"),
                Arguments.of(HEAD + "garbage\r\n", 5, "not a <type>=<value> line"),
                Arguments.of(HEAD + "A=1\r\n", 5, "not a <type>=<value> line"),
                Arguments.of(HEAD + "t=0\r\n", 5, "t= needs 2 fields"),
                Arguments.of(HEAD + "c=IN IP4\r\n", 5, "c= needs 3 fields"),
                Arguments.of(HEAD + "b=AS\r\n", 5, "b= must be <type>:<bandwidth>"),
                Arguments.of(HEAD + "m=video 9 UDP/TLS/RTP/SAVPF\r\n", 5, "m= needs <media> <port> <proto> <fmt>"),
                Arguments.of(HEAD + "m=video x UDP/TLS/RTP/SAVPF 96\r\n", 5, "port \"x\" is not a number"),
                Arguments.of(HEAD + "m=video 70000 UDP/TLS/RTP/SAVPF 96\r\n", 5, "port 70000 is out of range"),
                Arguments.of(HEAD + "m=video 9 UDP/TLS/RTP/SAVPF 96 abc\r\n", 5, "payload type \"abc\" is not a number"),
                Arguments.of(HEAD + "m=video 9 UDP/TLS/RTP/SAVPF 128\r\n", 5, "payload type 128 is out of range"),
                Arguments.of(HEAD + "m=video 9 UDP/TLS/RTP/SAVPF 96 96\r\n", 5, "payload type 96 is listed twice"),
                Arguments.of(HEAD + "m=vid3o 9 UDP/TLS/RTP/SAVPF 96\r\n", 5, "media type \"vid3o\" must be letters"),
                Arguments.of(HEAD + VIDEO + "a=rtpmap:98 H264/90000\r\n", 11, "rtpmap for payload type 98 which is not"),
                Arguments.of(HEAD + VIDEO + "a=rtpmap:96 VP8/90000\r\n", 11, "second rtpmap for payload type 96"),
                Arguments.of(HEAD + VIDEO + "a=fmtp:97 apt=100\r\n", 11, "second fmtp for payload type 97"),
                Arguments.of(HEAD + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=rtpmap:96 VP8\r\n", 6, "rtpmap must be"),
                Arguments.of(HEAD + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=rtpmap:96 VP8/fast\r\n", 6,
                        "clock rate \"fast\""),
                Arguments.of(HEAD + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:0\r\n", 5,
                        "payload type 96 has no a=rtpmap"),
                Arguments.of(HEAD + VIDEO + "a=mid:1\r\n", 11, "second a=mid"),
                Arguments.of(HEAD + VIDEO + VIDEO, 13, "mid 0 is used by two m-lines"),
                Arguments.of(HEAD + "a=group:BUNDLE 0 1\r\n" + VIDEO, 5, "names mid 1 which no m-line has"),
                Arguments.of(HEAD + VIDEO + "a=sendonly\r\na=recvonly\r\n", 12, "second a=direction"),
                Arguments.of(HEAD + VIDEO + "a=rtcp-mux:yes\r\n", 11, "a=rtcp-mux takes no value"),
                Arguments.of(HEAD + VIDEO + "a=setup:sometimes\r\n", 11, "setup \"sometimes\" must be"),
                Arguments.of(HEAD + VIDEO + "a=ice-ufrag:abc\r\n", 11, "ice-ufrag \"abc\" must be 4-256"),
                Arguments.of(HEAD + VIDEO + "a=ice-pwd:short\r\n", 11, "ice-pwd must be 22-256"),
                Arguments.of(HEAD + VIDEO + "a=ice-ufrag:ab_cd\r\n", 11, "ice-ufrag \"ab_cd\""),
                Arguments.of(HEAD + "a=fingerprint:sha-256 AB:CD\r\n", 5, "sha-256 must have 32 bytes, found 2"),
                Arguments.of(HEAD + "a=fingerprint:sha-256 ZZ:CD\r\n", 5, "is not XX:XX:... hex pairs"),
                Arguments.of(HEAD + "a=fingerprint:sha-256\r\n", 5, "fingerprint must be <hash-func>"),
                Arguments.of(HEAD + VIDEO + "a=extmap:0 urn:x\r\n", 11, "extmap id 0 is out of range"),
                Arguments.of(HEAD + VIDEO + "a=extmap:1 urn:x\r\na=extmap:1 urn:y\r\n", 12, "extmap id 1 is already used"),
                Arguments.of(HEAD + VIDEO + "a=extmap:1/sideways urn:x\r\n", 11, "extmap direction \"sideways\""),
                Arguments.of(HEAD + VIDEO + "a=ssrc:abc cname:x\r\n", 11, "ssrc \"abc\" is not a number"),
                Arguments.of(HEAD + VIDEO + "a=ssrc:4294967296 cname:x\r\n", 11, "ssrc 4294967296 is out of range"),
                Arguments.of(HEAD + VIDEO + "a=ssrc:1\r\n", 11, "ssrc must be <ssrc> <attribute>"),
                Arguments.of(HEAD + VIDEO + "a=ssrc-group:FID 1\r\n", 11, "FID must pair exactly 2 ssrcs, found 1"),
                Arguments.of(HEAD + VIDEO + "a=ssrc-group:FID 1 2 3\r\n", 11, "FID must pair exactly 2"),
                Arguments.of(HEAD + VIDEO + "a=candidate:1 1 udp 1 1.2.3.4 5 host\r\n", 11, "at least 8 fields"),
                Arguments.of(HEAD + VIDEO + "a=candidate:1 1 udp 1 1.2.3.4 5 type host\r\n", 11, "must be \"typ\""),
                Arguments.of(HEAD + VIDEO + "a=candidate:1 1 udp 1 1.2.3.4 99999 typ host\r\n", 11,
                        "candidate port 99999"),
                Arguments.of(HEAD + VIDEO + "a=candidate:1 1 udp 1 1.2.3.4 5 typ host generation\r\n", 11,
                        "name/value pairs"),
                Arguments.of(HEAD + VIDEO + "a=rid:h sideways\r\n", 11, "rid direction \"sideways\""),
                Arguments.of(HEAD + VIDEO + "a=rid:h! send\r\n", 11, "rid \"h!\" must be"),
                Arguments.of(HEAD + VIDEO + "a=rid:h send\r\na=rid:h send\r\n", 12, "rid h is declared twice"),
                Arguments.of(HEAD + VIDEO + "a=rid:h send\r\na=simulcast:send h;m\r\n", 12,
                        "simulcast names rid m which has no a=rid:m send"),
                Arguments.of(HEAD + VIDEO + "a=simulcast:up h\r\n", 11, "simulcast direction \"up\""),
                Arguments.of(HEAD + VIDEO + "a=sctp-port:abc\r\n", 11, "sctp-port \"abc\""),
                Arguments.of(HEAD + VIDEO + "a=mid\r\n", 11, "a=mid needs a value"),
                Arguments.of(HEAD + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\no=- 1 2 IN IP4 1.1.1.1\r\n", 6,
                        "o= is a session-level line"),
                Arguments.of(HEAD + "s=again\r\n", 5, "second s= line"),
                Arguments.of(HEAD + "a=x\u0000y\r\n", 5, "bare CR or a NUL"),
                Arguments.of(HEAD + "a=x\ry\r\n", 5, "bare CR or a NUL"),
                Arguments.of(HEAD + "a=" + "x".repeat(SdpParser.MAX_LINE_LENGTH) + "\r\n", 5, "the limit is"));
    }

    @ParameterizedTest(name = "[{index}] {2}")
    @MethodSource("malformed")
    void malformedInputIsRefusedWithLineAndReason(String sdp, int line, String reason) {
        SdpParseException e = catchThrowableOfType(SdpParseException.class, () -> SdpParser.parse(sdp));
        assertThat(e).as("expected a refusal of %s", sdp).isNotNull();
        assertThat(e.getMessage()).contains(reason);
        assertThat(e.lineNumber()).isEqualTo(line);
        assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("\r").doesNotContain("\u0000");
    }

    @Test
    void hugeInputIsRefusedBeforeParsing() {
        String huge = HEAD + "a=x-pad:0123456789\r\n".repeat(SdpParser.MAX_CHARS / 20 + 1);
        assertThatThrownBy(() -> SdpParser.parse(huge)).isInstanceOf(SdpParseException.class)
                .hasMessageStartingWith("SDP: SDP is").hasMessageContaining("the limit is " + SdpParser.MAX_CHARS);
        assertThatThrownBy(() -> SdpParser.parse(null)).isInstanceOf(SdpParseException.class);
        String manyLines = HEAD + "a=x\r\n".repeat(SdpParser.MAX_LINES);
        assertThatThrownBy(() -> SdpParser.parse(manyLines)).isInstanceOf(SdpParseException.class)
                .hasMessageContaining("more than " + SdpParser.MAX_LINES + " lines");
        String manyMedia = HEAD + "m=audio 0 RTP/AVP 0\r\n".repeat(SdpParser.MAX_MEDIA + 1);
        assertThatThrownBy(() -> SdpParser.parse(manyMedia)).isInstanceOf(SdpParseException.class)
                .hasMessageContaining("more than " + SdpParser.MAX_MEDIA + " m-lines");
    }

    /**
     * Mutations of real SDP (cut lines, swapped characters, deleted or duplicated lines) must either
     * parse or be refused with an SdpParseException, never another exception.
     */
    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void mutatedFixturesNeverThrowAnythingButSdpParseException() {
        Random random = new Random(20240613);
        String alphabet = " :/=;,~*-\r\n0123456789abcxyzAZ\u0000\u00e9";
        int refused = 0;
        for (String name : SdpFixtures.ALL) {
            String text = SdpFixtures.text(name);
            for (int i = 0; i < 400; i++) {
                String mutated = mutate(text, random, alphabet);
                try {
                    SdpParser.parse(mutated);
                } catch (SdpParseException expected) {
                    refused++;
                }
            }
        }
        assertThat(refused).as("most mutations break something").isGreaterThan(500);
    }

    private static String mutate(String text, Random random, String alphabet) {
        StringBuilder sb = new StringBuilder(text);
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits && sb.length() > 0; e++) {
            int at = random.nextInt(sb.length());
            switch (random.nextInt(5)) {
                case 0:
                    sb.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    break;
                case 1:
                    sb.delete(at, Math.min(sb.length(), at + 1 + random.nextInt(30)));
                    break;
                case 2:
                    sb.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    break;
                case 3: {
                    int start = sb.lastIndexOf("\n", at) + 1;
                    int end = sb.indexOf("\n", at);
                    if (end > start) {
                        sb.insert(start, sb.substring(start, end + 1));
                    }
                    break;
                }
                default:
                    sb.setLength(at);
            }
        }
        return sb.toString();
    }

    @Test
    void validatingValueTypesDirectly() {
        assertThat(Fingerprint.parse("sha-1 " + "AB:".repeat(19) + "AB").bytes()).hasSize(20);
        assertThat(Fingerprint.parse("x-new 01:02").value()).isEqualTo("01:02");
        assertThatThrownBy(() -> new Fingerprint("sha-256", "")).hasMessageContaining("not XX:XX");
        assertThat(Simulcast.parse("recv h;m,~l").toSdp()).isEqualTo("recv h;m,~l");
        assertThat(Extmap.parse("4 urn:x").toSdp()).isEqualTo("4 urn:x");
        assertThat(Origin.parse("- 18446744073709551615 1 IN IP4 1.2.3.4").nextVersion().sessionVersion())
                .isEqualTo("2");
        assertThat(Timing.parse("18446744073709551615 0").toSdp()).isEqualTo("18446744073709551615 0");
        assertThat(Msid.parse("- t").streamId()).isEqualTo("-");
        assertThat(List.of(Direction.SENDONLY.reversed(), Direction.RECVONLY.reversed(), Direction.SENDRECV.reversed()))
                .containsExactly(Direction.RECVONLY, Direction.SENDONLY, Direction.SENDRECV);
    }
}
