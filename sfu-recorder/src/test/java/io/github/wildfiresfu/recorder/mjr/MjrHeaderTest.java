package io.github.wildfiresfu.recorder.mjr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class MjrHeaderTest {

    @Test
    void writesKeysInJanusOrderAndReadsThemBack() throws Exception {
        MjrHeader h = MjrHeader.forWriting(MjrMediaType.VIDEO, "h264", "profile-level-id=42e01f", "camera",
                Map.of(13, "urn:3gpp:video-orientation", 3, "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time"),
                1_700_000_000_000_000L, 1_700_000_000_123_456L, 0, true);

        String json = h.toJson();

        assertThat(json).isEqualTo("{\"t\":\"v\",\"c\":\"h264\",\"f\":\"profile-level-id=42e01f\",\"d\":\"camera\","
                + "\"x\":{\"3\":\"http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time\","
                + "\"13\":\"urn:3gpp:video-orientation\"},\"s\":1700000000000000,\"u\":1700000000123456,\"e\":true}");
        MjrHeader back = MjrHeader.parse(json, "test");
        assertThat(back.type()).isEqualTo(MjrMediaType.VIDEO);
        assertThat(back.codec()).isEqualTo("h264");
        assertThat(back.fmtp()).isEqualTo("profile-level-id=42e01f");
        assertThat(back.description()).isEqualTo("camera");
        assertThat(back.extmaps()).containsEntry(13, "urn:3gpp:video-orientation").hasSize(2);
        assertThat(back.createdMicros()).isEqualTo(1_700_000_000_000_000L);
        assertThat(back.firstWriteMicros()).isEqualTo(1_700_000_000_123_456L);
        assertThat(back.endToEndEncrypted()).isTrue();
        assertThat(back.json()).isEqualTo(json);
        assertThat(back.clockRate()).isEqualTo(90_000);
    }

    @Test
    void readsWhatJanusWritesWithSpacesAndRed() throws Exception {
        MjrHeader h = MjrHeader.parse("{\"t\": \"a\", \"c\": \"opus\", \"s\": 1, \"u\": 2, \"or\": 63}", "f");
        assertThat(h.type()).isEqualTo(MjrMediaType.AUDIO);
        assertThat(h.opusRedPayloadType()).isEqualTo(63);
        assertThat(h.clockRate()).isEqualTo(48_000);
        assertThat(h.extmaps()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not json                 | {\"t\":                                      | not valid JSON",
        "not an object            | [1,2]                                        | not a JSON object",
        "missing type             | {\"c\":\"opus\",\"s\":1,\"u\":2}             | recording type",
        "unknown type             | {\"t\":\"x\",\"c\":\"opus\",\"s\":1,\"u\":2} | recording type",
        "missing codec            | {\"t\":\"a\",\"s\":1,\"u\":2}                | no codec",
        "missing created          | {\"t\":\"a\",\"c\":\"opus\",\"u\":2}         | creation time",
        "created not an integer   | {\"t\":\"a\",\"c\":\"opus\",\"s\":\"1\",\"u\":2} | creation time",
        "missing first write      | {\"t\":\"a\",\"c\":\"opus\",\"s\":1}         | first-write time",
    })
    void refusesHeadersJanusPpRecRefuses(String name, String json, String message) {
        assertThatThrownBy(() -> MjrHeader.parse(json, "rec.mjr offset 10"))
                .isInstanceOf(MjrFormatException.class)
                .hasMessageStartingWith("rec.mjr offset 10: ")
                .hasMessageContaining(message);
    }

    @Test
    void skipsMalformedExtensionEntriesLikeJanusPpRec() throws Exception {
        MjrHeader h = MjrHeader.parse("{\"t\":\"v\",\"c\":\"vp8\",\"s\":1,\"u\":2,\"x\":{\"a\":\"u1\",\"4\":5,\"5\":\"u5\"}}", "f");
        assertThat(h.extmaps()).containsExactly(Map.entry(5, "u5"));
    }

    @Test
    void refusesAHeaderTooLongForItsLengthField() {
        MjrHeader h = MjrHeader.forWriting(MjrMediaType.AUDIO, "opus", "x".repeat(70_000), null, null, 1, 2, 0, false);
        assertThatThrownBy(h::toJsonBytes).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("u16");
    }
}
