package io.github.wildfiresfu.transport.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import cn.wildfirechat.proto.WFCConferenceData;
import io.github.wildfiresfu.launcher.WildfireSfu;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher wires the MQTT transport from {@code janus.transport.mqtt.jcfg} to the same core
 * and VideoRoom as the other transports, and the first {@code pb_message} room switches the
 * output to protobuf already for the reply to that {@code create} (the plugin's listener runs
 * before the reply leaves). Real mosquitto and a fake IM, as in the module's own tests.
 */
class LauncherMqttWiringTest {

    @TempDir
    Path dir;

    @Test
    void imDrivesTheServerOverMqttAndPbModeSwitchesOnTheCreatedReply() throws Exception {
        try (Mosquitto broker = Mosquitto.startNew(dir);
                FakeIm im = FakeIm.start(0).answer("127.0.0.1:" + broker.port())) {
            Path conf = Files.createDirectories(dir.resolve("conf"));
            Files.writeString(conf.resolve("janus.transport.http.jcfg"),
                    "general: { http = true port = " + free() + " ip = \"127.0.0.1\" }\n");
            Files.writeString(conf.resolve("janus.transport.websockets.jcfg"), "general: { ws = false }\n");
            Files.writeString(conf.resolve("janus.transport.mqtt.jcfg"), """
                    general: {
                      enabled = true
                      im_host = "127.0.0.1"
                      im_port = %d
                      client_id = "janus-test-1"
                      json = "compact"
                    }
                    """.formatted(im.port()));
            try (ImClient imClient = ImClient.connect(broker.port(), "the-im");
                    WildfireSfu sfu = WildfireSfu.start(conf, Map.of())) {
                imClient.awaitLinkUp(Duration.ofSeconds(15));
                assertThat(im.requests()).isNotEmpty();

                String tx = imClient.request("{'janus':'create'}");
                ImClient.Message created = imClient.await(m -> m.isJson()
                        && tx.equals(m.json().path("transaction").asText(null)));
                long session = created.json().path("data").path("id").asLong();
                assertThat(created.json().path("janus").asText()).isEqualTo("success");

                String atx = imClient.request("{'janus':'attach','plugin':'janus.plugin.videoroom','session_id':"
                        + session + "}");
                long handle = imClient.await(m -> m.isJson() && atx.equals(m.json().path("transaction").asText(null)))
                        .json().path("data").path("id").asLong();

                String rtx = imClient.request("{'janus':'message','session_id':" + session + ",'handle_id':" + handle
                        + ",'body':{'request':'create','room':'alice|12345','pb_message':true}}");
                ImClient.Message reply = imClient.awaitTopic("p_success");
                WFCConferenceData.PluginSuccess ps = WFCConferenceData.PluginSuccess.parseFrom(reply.payload());
                assertThat(ps.getTransaction()).isEqualTo(rtx);
                assertThat(ps.getSessionId()).isEqualTo(session);
                assertThat(ps.getSender()).isEqualTo(handle);
                assertThat(ps.getData()).contains("\"videoroom\": \"created\"", "alice|12345", "\"pb_message\": true");
                assertThat(sfu.videoRoom().roomIds()).contains("alice|12345");
            }
        }
    }

    private static int free() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
