package io.github.wildfiresfu.transport.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import cn.wildfirechat.proto.WFCConferenceData;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.wildfiresfu.janus.JsonFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transport against a real broker (mosquitto), a fake IM ({@code /api/node} over HTTP plus an
 * MQTT client playing the IM) and the real Janus core with the VideoRoom plugin.
 */
class MqttTransportBrokerTest {

    static final String CLIENT_ID = "conference_server_1";
    static final String ROOM = "alice|12345";

    @TempDir
    Path tmp;

    static MqttTransportSettings settings(FakeIm im) {
        return MqttTransportSettings.defaults()
                .withEnabled(true)
                .withClientId(CLIENT_ID)
                .withIm(List.of("127.0.0.1"), im.port())
                .withJson(JsonFormat.COMPACT)
                .withTimings(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofMillis(50),
                        Duration.ofMillis(500), Duration.ofMillis(200));
    }

    @Test
    void videoRoomConversationInJsonMode() throws Exception {
        try (Mosquitto broker = Mosquitto.startNew(tmp);
                FakeIm im = FakeIm.start(0).answer("127.0.0.1:" + broker.port());
                CoreFixture core = new CoreFixture(60)) {
            RecordingApi api = new RecordingApi(core.core);
            core.core.registerTransport(WildfireMqttTransport.transportInfo("0.1.0", 100));
            try (WildfireMqttTransport transport = new WildfireMqttTransport(settings(im), api, core.pbMode);
                    ImClient imc = ImClient.connect(broker.port(), "im-server")) {
                jsonConversation(broker, im, core, api, transport, imc);
            }
        }
    }

    private static void jsonConversation(Mosquitto broker, FakeIm im, CoreFixture core, RecordingApi api,
            WildfireMqttTransport transport, ImClient imc) {
        assertThat(transport.transportSession().keepsSessionsAcrossDisconnect()).isTrue();
        transport.start();
        imc.awaitLinkUp(Duration.ofSeconds(10));
        // The bootstrap request as the fork writes it.
        FakeIm.Request asked = im.requests().get(0);
        assertThat(asked.query()).isEqualTo("id=" + CLIENT_ID);
        assertThat(asked.host()).isEqualTo("127.0.0.1");
        assertThat(asked.connection()).isEqualToIgnoringCase("close");

        String tx = imc.request("{'janus':'create'}");
        ImClient.Message raw = imc.await(m -> m.isJson() && m.text().contains("\"" + tx + "\""));
        assertThat(raw.text()).doesNotContain(" ").doesNotContain("\n"); // json = compact
        long session = raw.json().path("data").path("id").asLong();
        assertThat(raw.json().path("janus").asText()).isEqualTo("success");
        assertThat(transport.stats().ownedSessions()).isEqualTo(1);

        String attach = imc.request("{'janus':'attach','plugin':'janus.plugin.videoroom','session_id':" + session + "}");
        long handle = imc.awaitJson(attach, "success").path("data").path("id").asLong();

        String create = message(imc, session, handle, "{'request':'create','room':'" + ROOM + "'}");
        ObjectNode created = imc.awaitJson(create, "success");
        assertThat(created.path("sender").asLong()).isEqualTo(handle);
        assertThat(created.path("plugindata").path("data").path("videoroom").asText()).isEqualTo("created");
        assertThat(created.path("plugindata").path("data").path("room").asText()).isEqualTo(ROOM);

        String join = message(imc, session, handle,
                "{'request':'join','ptype':'publisher','room':'" + ROOM + "','id':'alice','display':'Alice'}");
        imc.awaitJson(join, "ack");
        ObjectNode joined = imc.awaitJson(join, "event");
        assertThat(joined.path("plugindata").path("data").path("videoroom").asText()).isEqualTo("joined");
        assertThat(joined.path("plugindata").path("data").path("id").asText()).isEqualTo("alice");

        String list = message(imc, session, handle, "{'request':'listparticipants','room':'" + ROOM + "'}");
        ObjectNode participants = imc.awaitJson(list, "success").path("plugindata").path("data").deepCopy();
        assertThat(participants.path("participants")).hasSize(1);
        assertThat(participants.path("participants").get(0).path("id").asText()).isEqualTo("alice");
        assertThat(participants.path("participants").get(0).path("display").asText()).isEqualTo("Alice");

        String leave = message(imc, session, handle, "{'request':'leave'}");
        imc.awaitJson(leave, "ack");
        assertThat(imc.awaitJson(leave, "event").path("plugindata").path("data").path("leaving").asText())
                .isEqualTo("ok");

        String destroy = imc.request("{'janus':'destroy','session_id':" + session + "}");
        assertThat(imc.awaitJson(destroy, "success").path("session_id").asLong()).isEqualTo(session);
        assertThat(core.core.sessionCount()).isZero();
        MqttTransportStats stats = transport.stats();
        assertThat(stats.connected()).isTrue();
        assertThat(stats.broker()).isEqualTo("127.0.0.1:" + broker.port());
        assertThat(stats.pbMode()).isFalse();
        assertThat(stats.ownedSessions()).isZero();
        assertThat(stats.pbPublished()).isZero();
        assertThat(stats.publishFailures()).isZero();
        assertThat(stats.droppedBufferFull()).isZero();

        // info lists the transport with the values the launcher registers.
        ObjectNode info = imc.awaitJson(imc.request("{'janus':'info'}"), "server_info");
        assertThat(info.path("transports").path("janus.transport.mqtt").path("name").asText())
                .isEqualTo("JANUS MQTT transport plugin");
        // Requests reach the core from the transport's own thread, never the MQTT event loop,
        // and replies come back on the core thread.
        assertThat(api.requestThreads).isNotEmpty().containsOnly("wildfire-mqtt-in");
        assertThat(api.replyThreads).isNotEmpty().containsOnly("janus-core");
    }

    @Test
    void videoRoomConversationInPbMode() throws Exception {
        try (Mosquitto broker = Mosquitto.startNew(tmp);
                FakeIm im = FakeIm.start(0).answer("127.0.0.1:" + broker.port());
                CoreFixture core = new CoreFixture(60);
                WildfireMqttTransport transport = new WildfireMqttTransport(settings(im), core.core, core.pbMode);
                ImClient imc = ImClient.connect(broker.port(), "im-server")) {
            transport.start();
            imc.awaitLinkUp(Duration.ofSeconds(10));
            // PB is off until a pb_message room exists: create and attach are answered in JSON.
            long session = imc.awaitJson(imc.request("{'janus':'create'}"), "success").path("data").path("id").asLong();
            String attach = imc.request("{'janus':'attach','plugin':'janus.plugin.videoroom','session_id':" + session + "}");
            long handle = imc.awaitJson(attach, "success").path("data").path("id").asLong();

            // The created reply of the very room that switches PB on is already PB.
            String create = message(imc, session, handle, "{'request':'create','room':'" + ROOM + "','pb_message':true}");
            WFCConferenceData.PluginSuccess created = WFCConferenceData.PluginSuccess.parseFrom(
                    imc.awaitTopic("p_success").payload());
            assertThat(created.getTransaction()).isEqualTo(create);
            assertThat(created.getSessionId()).isEqualTo(session);
            assertThat(created.getSender()).isEqualTo(handle);
            assertThat(created.getData()).isEqualTo(
                    "{\"videoroom\": \"created\", \"room\": \"" + ROOM + "\", \"permanent\": false, \"pb_message\": true}");
            assertThat(transport.isPbMode()).isTrue();

            String join = message(imc, session, handle,
                    "{'request':'join','ptype':'publisher','room':'" + ROOM + "','id':'alice','display':'Alice'}");
            WFCConferenceData.Ack ack = WFCConferenceData.Ack.parseFrom(imc.awaitTopic("ack").payload());
            assertThat(ack.getTransaction()).isEqualTo(join);
            assertThat(ack.getSessionId()).isEqualTo(session);
            WFCConferenceData.JanusPluginData joined = WFCConferenceData.JanusPluginData.parseFrom(
                    imc.awaitTopic("event").payload());
            assertThat(joined.getJanus()).isEqualTo("event");
            assertThat(joined.getSessionId()).isEqualTo(session);
            assertThat(joined.getSender()).isEqualTo(handle);
            assertThat(joined.getTransaction()).isEqualTo(join);
            assertThat(joined.hasJsep()).isFalse();
            ObjectNode joinedData = json(joined.getPluginData().getData());
            assertThat(joinedData.path("videoroom").asText()).isEqualTo("joined");
            assertThat(joinedData.path("id").asText()).isEqualTo("alice");

            String list = message(imc, session, handle, "{'request':'listparticipants','room':'" + ROOM + "'}");
            WFCConferenceData.PluginSuccess participants = WFCConferenceData.PluginSuccess.parseFrom(
                    imc.awaitTopic("p_success").payload());
            assertThat(participants.getTransaction()).isEqualTo(list);
            assertThat(json(participants.getData()).path("participants").get(0).path("id").asText()).isEqualTo("alice");

            String keepalive = imc.request("{'janus':'keepalive','session_id':" + session + "}");
            assertThat(WFCConferenceData.Ack.parseFrom(imc.awaitTopic("ack").payload()).getTransaction())
                    .isEqualTo(keepalive);
            // claim's success, errors and pong stay JSON on from-janus in PB mode.
            String claim = imc.request("{'janus':'claim','session_id':" + session + "}");
            assertThat(imc.awaitJson(claim, "success").path("session_id").asLong()).isEqualTo(session);
            assertThat(imc.awaitJson(imc.request("{'janus':'info'}"), "server_info")).isNotNull();
            String bad = imc.request("{'janus':'keepalive','session_id':1}");
            assertThat(imc.awaitJson(bad, "error").path("error").path("code").asInt()).isEqualTo(458);

            String leave = message(imc, session, handle, "{'request':'leave'}");
            assertThat(WFCConferenceData.Ack.parseFrom(imc.awaitTopic("ack").payload()).getTransaction())
                    .isEqualTo(leave);
            WFCConferenceData.JanusPluginData left = WFCConferenceData.JanusPluginData.parseFrom(
                    imc.awaitTopic("event").payload());
            assertThat(json(left.getPluginData().getData()).path("leaving").asText()).isEqualTo("ok");

            String detach = imc.request("{'janus':'detach','session_id':" + session + ",'handle_id':" + handle + "}");
            WFCConferenceData.JanusSuccess detached = WFCConferenceData.JanusSuccess.parseFrom(
                    imc.awaitTopic("j_success").payload());
            assertThat(detached.getTransaction()).isEqualTo(detach);
            assertThat(detached.getSessionId()).isEqualTo(session);
            assertThat(detached.hasId()).isFalse();
            WFCConferenceData.Detached detachedEvent = WFCConferenceData.Detached.parseFrom(
                    imc.awaitTopic("detached").payload());
            assertThat(detachedEvent.getSessionId()).isEqualTo(session);
            assertThat(detachedEvent.getSender()).isEqualTo(handle);

            String destroy = imc.request("{'janus':'destroy','session_id':" + session + "}");
            WFCConferenceData.JanusSuccess destroyed = WFCConferenceData.JanusSuccess.parseFrom(
                    imc.awaitTopic("j_success").payload());
            assertThat(destroyed.getTransaction()).isEqualTo(destroy);
            assertThat(destroyed.getSessionId()).isEqualTo(session);

            // create and attach in PB mode: JanusSuccess with session_id 0 / the session, id = the new id.
            String create2 = imc.request("{'janus':'create'}");
            WFCConferenceData.JanusSuccess newSession = WFCConferenceData.JanusSuccess.parseFrom(
                    imc.awaitTopic("j_success").payload());
            assertThat(newSession.getTransaction()).isEqualTo(create2);
            assertThat(newSession.getSessionId()).isZero();
            assertThat(newSession.getId()).isPositive();
            String attach2 = imc.request("{'janus':'attach','plugin':'janus.plugin.videoroom','session_id':"
                    + newSession.getId() + "}");
            WFCConferenceData.JanusSuccess newHandle = WFCConferenceData.JanusSuccess.parseFrom(
                    imc.awaitTopic("j_success").payload());
            assertThat(newHandle.getTransaction()).isEqualTo(attach2);
            assertThat(newHandle.getSessionId()).isEqualTo(newSession.getId());
            assertThat(newHandle.getId()).isPositive();
            assertThat(transport.stats().pbPublished()).isGreaterThanOrEqualTo(12);
            assertThat(transport.stats().pbFallbacks()).isZero();
        }
    }

    @Test
    void combinedSessionEventsArePublishedLikeAnyEvent() throws Exception {
        try (Mosquitto broker = Mosquitto.startNew(tmp);
                FakeIm im = FakeIm.start(0).answer("127.0.0.1:" + broker.port());
                CoreFixture core = new CoreFixture(60);
                WildfireMqttTransport transport = new WildfireMqttTransport(settings(im), core.core, core.pbMode);
                ImClient imc = ImClient.connect(broker.port(), "im-server")) {
            transport.start();
            imc.awaitLinkUp(Duration.ofSeconds(10));
            long a = imc.awaitJson(imc.request("{'janus':'create'}"), "success").path("data").path("id").asLong();
            long ha = imc.awaitJson(imc.request("{'janus':'attach','plugin':'janus.plugin.videoroom','session_id':" + a + "}"),
                    "success").path("data").path("id").asLong();
            long b = imc.awaitJson(imc.request("{'janus':'create'}"), "success").path("data").path("id").asLong();
            long hb = imc.awaitJson(imc.request("{'janus':'attach','plugin':'janus.plugin.videoroom','session_id':" + b + "}"),
                    "success").path("data").path("id").asLong();
            message(imc, a, ha, "{'request':'create','room':'" + ROOM + "','pb_message':true}");
            imc.awaitTopic("p_success");
            message(imc, a, ha, "{'request':'join','ptype':'publisher','room':'" + ROOM + "','id':'alice'}");
            imc.awaitTopic("ack");
            imc.awaitTopic("event");
            message(imc, b, hb, "{'request':'join','ptype':'publisher','room':'" + ROOM + "','id':'bob'}");
            imc.awaitTopic("ack");
            imc.awaitTopic("event");

            message(imc, a, ha, "{'request':'leave'}");
            // alice's own "leaving: ok" and ONE combined notification, through bob's handle.
            WFCConferenceData.JanusPluginData first = WFCConferenceData.JanusPluginData.parseFrom(
                    imc.awaitTopic("event").payload());
            WFCConferenceData.JanusPluginData second = WFCConferenceData.JanusPluginData.parseFrom(
                    imc.awaitTopic("event").payload());
            WFCConferenceData.JanusPluginData combined = first.getSessionId() == b ? first : second;
            assertThat(combined.getSessionId()).isEqualTo(b);
            assertThat(combined.getSender()).isEqualTo(hb);
            assertThat(combined.hasTransaction()).isFalse();
            ObjectNode data = json(combined.getPluginData().getData());
            assertThat(data.path("leaving").asText()).isEqualTo("alice");
            assertThat(data.path("combine_session")).hasSize(1);
            assertThat(data.path("combine_session").get(0).asLong()).isEqualTo(b);
        }
    }

    @Test
    void gzipRequestsOnZtoAndRequestsOnAnyDeliveredTopic() throws Exception {
        try (Mosquitto broker = Mosquitto.startNew(tmp);
                FakeIm im = FakeIm.start(0).answer("127.0.0.1:" + broker.port())) {
            // The IM's broker delivers to the media server by client id: zto is never subscribed.
            ImClient.presetSession(broker.port(), CLIENT_ID, "zto", "im/direct");
            try (CoreFixture core = new CoreFixture(60);
                    WildfireMqttTransport transport = new WildfireMqttTransport(settings(im), core.core, core.pbMode);
                    ImClient imc = ImClient.connect(broker.port(), "im-server", "im/direct")) {
                transport.start();
                imc.awaitLinkUp(Duration.ofSeconds(10));

                imc.publish("zto", Gzip.compress("{\"janus\":\"create\",\"transaction\":\"z1\"}"
                        .getBytes(StandardCharsets.UTF_8)));
                assertThat(imc.awaitJson("z1", "success").path("data").path("id").asLong()).isPositive();

                imc.publish("zto", "not gzip".getBytes(StandardCharsets.UTF_8));
                imc.publish("zto", Gzip.compress(new byte[2 << 20])); // inflates past the 1 MiB request limit
                imc.publish("im/direct", "{\"janus\":\"ping\",\"transaction\":\"d1\"}".getBytes(StandardCharsets.UTF_8));
                assertThat(imc.awaitJson("d1", "pong")).isNotNull();
                assertThat(transport.stats().invalidRequests()).isEqualTo(2);

                // Invalid JSON reaches the core, which answers 454 as Janus does.
                imc.send("{\"janus\":");
                ObjectNode error = imc.await(m -> m.isJson() && "error".equals(m.json().path("janus").asText())).json();
                assertThat(error.path("error").path("code").asInt()).isEqualTo(454);
                assertThat(transport.stats().gzipRequests()).isEqualTo(1);
            }
        }
    }

    @Test
    void largePbPayloadsAreZippedOnZipTopics() throws Exception {
        try (Mosquitto broker = Mosquitto.startNew(tmp);
                FakeIm im = FakeIm.start(0).answer("127.0.0.1:" + broker.port());
                CoreFixture core = new CoreFixture(60);
                WildfireMqttTransport transport = new WildfireMqttTransport(settings(im), core.core, core.pbMode);
                ImClient imc = ImClient.connect(broker.port(), "im-server")) {
            transport.start();
            imc.awaitLinkUp(Duration.ofSeconds(10));
            long session = imc.awaitJson(imc.request("{'janus':'create'}"), "success").path("data").path("id").asLong();
            long handle = imc.awaitJson(imc.request("{'janus':'attach','plugin':'janus.plugin.videoroom','session_id':"
                    + session + "}"), "success").path("data").path("id").asLong();
            String description = "d".repeat(1500);
            message(imc, session, handle, "{'request':'create','room':'" + ROOM + "','pb_message':true,'description':'"
                    + description + "'}");
            imc.awaitTopic("p_success"); // small: not zipped

            String list = message(imc, session, handle, "{'request':'list'}");
            ImClient.Message zipped = imc.awaitTopic("zipp_success");
            WFCConferenceData.PluginSuccess listed = WFCConferenceData.PluginSuccess.parseFrom(
                    Gzip.decompress(zipped.payload(), 1 << 20));
            assertThat(listed.getTransaction()).isEqualTo(list);
            assertThat(json(listed.getData()).path("list").get(0).path("description").asText()).isEqualTo(description);

            String join = message(imc, session, handle,
                    "{'request':'join','ptype':'publisher','room':'" + ROOM + "','id':'alice'}");
            imc.awaitTopic("ack");
            WFCConferenceData.JanusPluginData joined = WFCConferenceData.JanusPluginData.parseFrom(
                    Gzip.decompress(imc.awaitTopic("zipevent").payload(), 1 << 20));
            assertThat(joined.getTransaction()).isEqualTo(join);
            assertThat(json(joined.getPluginData().getData()).path("description").asText()).isEqualTo(description);
            assertThat(transport.stats().zipPublished()).isEqualTo(2);
        }
    }

    private static String message(ImClient imc, long session, long handle, String body) {
        return imc.request("{'janus':'message','session_id':" + session + ",'handle_id':" + handle + ",'body':" + body + "}");
    }

    private static ObjectNode json(String text) throws IOException {
        return (ObjectNode) JsonFormat.MAPPER.readTree(text);
    }
}
