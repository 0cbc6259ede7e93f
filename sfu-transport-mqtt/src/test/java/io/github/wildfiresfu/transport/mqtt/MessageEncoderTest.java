package io.github.wildfiresfu.transport.mqtt;

import static io.github.wildfiresfu.transport.mqtt.PbMapperTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import cn.wildfirechat.proto.WFCConferenceData;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.wildfiresfu.janus.JsonFormat;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MessageEncoderTest {

    private final MessageEncoder compact = new MessageEncoder(JsonFormat.COMPACT);

    @Test
    void jsonModeWritesTheConfiguredFormatOnFromJanus() {
        ObjectNode ack = json("{'janus':'ack','session_id':5,'transaction':'t'}");
        MessageEncoder.Encoded e = compact.encode(ack, "keepalive", false);
        assertThat(e.topic()).isEqualTo("from-janus");
        assertThat(new String(e.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"janus\":\"ack\",\"session_id\":5,\"transaction\":\"t\"}");
        assertThat(e.pb()).isFalse();
        MessageEncoder.Encoded indented = new MessageEncoder(JsonFormat.INDENTED).encode(ack, "keepalive", false);
        assertThat(new String(indented.payload(), StandardCharsets.UTF_8)).isEqualTo(
                "{\n   \"janus\": \"ack\",\n   \"session_id\": 5,\n   \"transaction\": \"t\"\n}");
    }

    @Test
    void pbModeUsesPerKindTopicsAndKeepsUnmappedMessagesJson() throws Exception {
        MessageEncoder.Encoded ack = compact.encode(json("{'janus':'ack','session_id':5,'transaction':'t'}"), "keepalive", true);
        assertThat(ack.topic()).isEqualTo("ack");
        assertThat(ack.pb()).isTrue();
        assertThat(WFCConferenceData.Ack.parseFrom(ack.payload()).getTransaction()).isEqualTo("t");
        MessageEncoder.Encoded error = compact.encode(json(
                "{'janus':'error','transaction':'t','error':{'code':454,'reason':'x'}}"), null, true);
        assertThat(error.topic()).isEqualTo("from-janus");
        assertThat(error.pb()).isFalse();
    }

    @Test
    void protobufOverOneKibibyteIsGzippedOnZipTopics() throws Exception {
        // A PluginSuccess whose serialized size is exactly 1024, then 1025 bytes.
        for (int size : new int[] {1024, 1025}) {
            ObjectNode reply = pluginSuccessOfSize(size);
            MessageEncoder.Encoded e = compact.encode(reply, "message", true);
            if (size == 1024) {
                assertThat(e.topic()).isEqualTo("p_success");
                assertThat(e.payload()).hasSize(1024);
                assertThat(e.zipped()).isFalse();
            } else {
                assertThat(e.topic()).isEqualTo("zipp_success");
                assertThat(e.zipped()).isTrue();
                byte[] inflated = Gzip.decompress(e.payload(), 1 << 20);
                assertThat(inflated).hasSize(1025);
                assertThat(WFCConferenceData.PluginSuccess.parseFrom(inflated).getTransaction()).isEqualTo("t");
            }
        }
        // JSON is never compressed, however large.
        ObjectNode big = json("{'janus':'error','transaction':'t','error':{'code':1,'reason':'" + "r".repeat(5000) + "'}}");
        assertThat(compact.encode(big, null, true).topic()).isEqualTo("from-janus");
    }

    @Test
    void aMessageMissingARequiredPbFieldGoesAsJsonAndIsCounted() {
        MessageEncoder.Encoded e = compact.encode(json("{'janus':'hangup','session_id':5,'sender':6}"), null, true);
        assertThat(e.topic()).isEqualTo("from-janus");
        assertThat(compact.pbFallbacks()).isEqualTo(1);
    }

    /** A p_success reply whose protobuf form has exactly {@code size} bytes. */
    private static ObjectNode pluginSuccessOfSize(int size) {
        for (int n = 0; n < size; n++) {
            ObjectNode reply = json("{'janus':'success','session_id':5,'transaction':'t','sender':6,"
                    + "'plugindata':{'plugin':'p','data':{'x':'" + "a".repeat(n) + "'}}}");
            int actual = PbMapper.map(reply, "message").message().toByteArray().length;
            if (actual == size) {
                return reply;
            }
        }
        throw new AssertionError("no payload of " + size + " bytes");
    }
}
