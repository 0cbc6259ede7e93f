package io.github.wildfiresfu.transport.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.wildfirechat.proto.WFCConferenceData;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.MessageLite;
import com.google.protobuf.UninitializedMessageException;
import io.github.wildfiresfu.janus.JsonFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Janus JSON → PB mapping of wildfire-protocol.md §1.6, message by message. */
class PbMapperTest {

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) JsonFormat.MAPPER.readTree(text.replace('\'', '"'));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PbMapper.Mapped map(String message, String verb) {
        return PbMapper.map(json(message), verb);
    }

    @ParameterizedTest(name = "{0} reply to {1} stays JSON")
    @CsvSource({
        "'{''janus'':''success'',''session_id'':5,''transaction'':''t''}', claim",
        "'{''janus'':''success'',''transaction'':''t'',''data'':{''id'':5}}', ",
        "'{''janus'':''error'',''session_id'':5,''transaction'':''t'',''error'':{''code'':458,''reason'':''x''}}', keepalive",
        "'{''janus'':''server_info'',''transaction'':''t''}', info",
        "'{''janus'':''pong'',''transaction'':''t''}', ping",
        "'{''janus'':''timeout'',''session_id'':5}', ",
        "'{''janus'':''event'',''session_id'':5,''sender'':6}', ",
    })
    void unmappedMessagesStayJson(String message, String verb) {
        assertThat(map(message, verb)).isNull();
    }

    @ParameterizedTest(name = "success to {0}")
    @CsvSource({
        "create,  '{''janus'':''success'',''transaction'':''t'',''data'':{''id'':77}}', 0, 77",
        "attach,  '{''janus'':''success'',''session_id'':5,''transaction'':''t'',''data'':{''id'':88}}', 5, 88",
        "destroy, '{''janus'':''success'',''session_id'':5,''transaction'':''t''}', 5, 0",
        "DETACH,  '{''janus'':''success'',''session_id'':5,''transaction'':''t''}', 5, 0",
        "hangup,  '{''janus'':''success'',''session_id'':5,''transaction'':''t''}', 5, 0",
    })
    void janusSuccess(String verb, String message, long session, long id) throws Exception {
        PbMapper.Mapped m = map(message, verb);
        assertThat(m.topic()).isEqualTo("j_success");
        WFCConferenceData.JanusSuccess s = WFCConferenceData.JanusSuccess.parseFrom(m.message().toByteArray());
        assertThat(s.hasSessionId()).isTrue();
        assertThat(s.getSessionId()).isEqualTo(session);
        assertThat(s.getTransaction()).isEqualTo("t");
        assertThat(s.hasId()).isEqualTo(id > 0);
        assertThat(s.getId()).isEqualTo(id);
    }

    @Test
    void pluginSuccessCarriesThePluginAnswerAsPlainJsonText() throws Exception {
        PbMapper.Mapped m = map("{'janus':'success','session_id':5,'transaction':'t','sender':6,'opaque_id':'o',"
                + "'plugindata':{'plugin':'janus.plugin.videoroom','data':{'videoroom':'success','list':[1,2],'x':true}}}",
                "message");
        assertThat(m.topic()).isEqualTo("p_success");
        WFCConferenceData.PluginSuccess s = WFCConferenceData.PluginSuccess.parseFrom(m.message().toByteArray());
        assertThat(s.getSessionId()).isEqualTo(5);
        assertThat(s.getSender()).isEqualTo(6);
        assertThat(s.getTransaction()).isEqualTo("t");
        assertThat(s.getOpaqueId()).isEqualTo("o");
        // Jansson JSON_INDENT(0) | JSON_PRESERVE_ORDER: one line, ", " and ": ".
        assertThat(s.getData()).isEqualTo("{\"videoroom\": \"success\", \"list\": [1, 2], \"x\": true}");
    }

    @Test
    void ackKeepsTheHint() throws Exception {
        PbMapper.Mapped m = map("{'janus':'ack','session_id':5,'transaction':'t','hint':'h'}", "message");
        assertThat(m.topic()).isEqualTo("ack");
        WFCConferenceData.Ack a = WFCConferenceData.Ack.parseFrom(m.message().toByteArray());
        assertThat(a.getSessionId()).isEqualTo(5);
        assertThat(a.getTransaction()).isEqualTo("t");
        assertThat(a.getHint()).isEqualTo("h");
        assertThat(WFCConferenceData.Ack.parseFrom(map("{'janus':'ack','session_id':5,'transaction':'t'}", "keepalive")
                .message().toByteArray()).hasHint()).isFalse();
    }

    @Test
    void eventDropsPluginNameAndE2eeButKeepsJsepAndTransaction() throws Exception {
        PbMapper.Mapped m = map("{'janus':'event','session_id':5,'transaction':'t','sender':6,'opaque_id':'o',"
                + "'plugindata':{'plugin':'janus.plugin.videoroom','data':{'videoroom':'event','combine_session':[5,9]}},"
                + "'jsep':{'type':'answer','sdp':'v=0','e2ee':true}}", null);
        assertThat(m.topic()).isEqualTo("event");
        WFCConferenceData.JanusPluginData e = WFCConferenceData.JanusPluginData.parseFrom(m.message().toByteArray());
        assertThat(e.getJanus()).isEqualTo("event");
        assertThat(e.getSessionId()).isEqualTo(5);
        assertThat(e.getSender()).isEqualTo(6);
        assertThat(e.getTransaction()).isEqualTo("t");
        assertThat(e.getPluginData().getData()).isEqualTo("{\"videoroom\": \"event\", \"combine_session\": [5, 9]}");
        assertThat(e.getJsep().getType()).isEqualTo("answer");
        assertThat(e.getJsep().getSdp()).isEqualTo("v=0");
        WFCConferenceData.JanusPluginData noJsep = WFCConferenceData.JanusPluginData.parseFrom(map(
                "{'janus':'event','session_id':5,'sender':6,'plugindata':{'plugin':'p','data':{}}}", null)
                .message().toByteArray());
        assertThat(noJsep.hasJsep()).isFalse();
        assertThat(noJsep.hasTransaction()).isFalse();
    }

    @Test
    void trickleCandidateAndEndOfCandidates() throws Exception {
        WFCConferenceData.Trickle t = WFCConferenceData.Trickle.parseFrom(map("{'janus':'trickle','session_id':5,"
                + "'sender':6,'candidate':{'sdpMid':'0','sdpMLineIndex':0,'candidate':'candidate:1 1 udp 1 1.2.3.4 5 typ host'}}",
                null).message().toByteArray());
        assertThat(t.getSessionId()).isEqualTo(5);
        assertThat(t.getSender()).isEqualTo(6);
        assertThat(t.getCandidate().getSdpMid()).isEqualTo("0");
        assertThat(t.getCandidate().getSdpMLineIndex()).isZero();
        assertThat(t.getCandidate().hasSdpMLineIndex()).isTrue();
        assertThat(t.getCandidate().getCandidate()).startsWith("candidate:1");
        assertThat(t.getCandidate().hasCompleted()).isFalse();
        WFCConferenceData.Trickle done = WFCConferenceData.Trickle.parseFrom(map(
                "{'janus':'trickle','session_id':5,'sender':6,'candidate':{'completed':true}}", null)
                .message().toByteArray());
        assertThat(done.getCandidate().getCompleted()).isEqualTo(1);
    }

    @Test
    void mediaAndSlowlinkBooleansBecomeZeroOrOne() throws Exception {
        PbMapper.Mapped media = map("{'janus':'media','session_id':5,'sender':6,'opaque_id':'o','mid':'1',"
                + "'type':'video','substream':2,'receiving':false,'seconds':3}", null);
        assertThat(media.topic()).isEqualTo("media");
        WFCConferenceData.Media m = WFCConferenceData.Media.parseFrom(media.message().toByteArray());
        assertThat(m.getMid()).isEqualTo("1");
        assertThat(m.getTypeVideo()).isEqualTo(1);
        assertThat(m.getSubstream()).isEqualTo(2);
        assertThat(m.getReceiving()).isZero();
        assertThat(m.getSeconds()).isEqualTo(3);
        assertThat(m.getOpaqueId()).isEqualTo("o");
        WFCConferenceData.Media audio = WFCConferenceData.Media.parseFrom(map("{'janus':'media','session_id':5,"
                + "'sender':6,'mid':'0','type':'audio','receiving':true}", null).message().toByteArray());
        assertThat(audio.getTypeVideo()).isZero();
        assertThat(audio.getReceiving()).isEqualTo(1);
        assertThat(audio.hasSubstream()).isFalse();
        assertThat(audio.hasSeconds()).isFalse();

        PbMapper.Mapped slow = map("{'janus':'slowlink','session_id':5,'sender':6,'mid':'1','media':'video',"
                + "'uplink':true,'lost':12}", null);
        assertThat(slow.topic()).isEqualTo("slowlink");
        WFCConferenceData.Slowlink s = WFCConferenceData.Slowlink.parseFrom(slow.message().toByteArray());
        assertThat(s.getMediaVideo()).isEqualTo(1);
        assertThat(s.getUplink()).isEqualTo(1);
        assertThat(s.getLost()).isEqualTo(12);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"webrtcup", "ice-failed", "detached", "hangup"})
    void peerConnectionEventsUseTheirOwnTopic(String kind) throws Exception {
        PbMapper.Mapped m = map("{'janus':'" + kind + "','session_id':5,'sender':6,'opaque_id':'o','reason':'DTLS alert'}",
                null);
        assertThat(m.topic()).isEqualTo(kind);
        MessageLite message = m.message();
        byte[] bytes = message.toByteArray();
        switch (kind) {
            case "webrtcup" -> assertThat(WFCConferenceData.Webrtcup.parseFrom(bytes).getSender()).isEqualTo(6);
            case "ice-failed" -> assertThat(WFCConferenceData.Icefailed.parseFrom(bytes).getOpaqueId()).isEqualTo("o");
            case "detached" -> assertThat(WFCConferenceData.Detached.parseFrom(bytes).getSessionId()).isEqualTo(5);
            default -> assertThat(WFCConferenceData.Hangup.parseFrom(bytes).getReason()).isEqualTo("DTLS alert");
        }
    }

    @Test
    void aMissingRequiredFieldIsReportedSoTheCallerSendsJson() {
        assertThatThrownBy(() -> map("{'janus':'hangup','session_id':5,'sender':6}", null))
                .isInstanceOf(UninitializedMessageException.class).hasMessageContaining("reason");
        assertThatThrownBy(() -> map("{'janus':'detached','session_id':5}", null))
                .isInstanceOf(UninitializedMessageException.class).hasMessageContaining("sender");
    }
}
