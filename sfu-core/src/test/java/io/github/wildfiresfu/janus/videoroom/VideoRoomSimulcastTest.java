package io.github.wildfiresfu.janus.videoroom;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.wildfiresfu.janus.videoroom.VideoRoomMedia.SubscribedStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Simulcast in the VideoRoom with the fake media port and a real Chromium rid-simulcast offer:
 * {@code simulcast: true} where Janus lists it, the subscriber's targets ({@code substream},
 * {@code temporal}, {@code fallback}, 1.x per-mid and legacy flat forms) handed to the media port,
 * and the engine's layer changes turned into Janus's {@code substream}/{@code temporal} events.
 */
class VideoRoomSimulcastTest {

    private Harness h;
    private FakeHandle admin;
    private FakeHandle alice;
    private FakeHandle sub;

    private static String offer() throws IOException {
        try (InputStream in = VideoRoomSimulcastTest.class.getResourceAsStream("/sdp/chromium-simulcast-rid.offer.sdp")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @BeforeEach
    void room() throws IOException {
        h = new Harness();
        admin = h.attach(1);
        h.sync(admin, "{'request':'create','room':'conf','publishers':3}");
        alice = h.attach(10);
        List<FakeHandle.Pushed> joined = h.async(alice, "tx", "{'request':'joinandconfigure','ptype':'publisher',"
                + "'room':'conf','id':'alice'}", Harness.jsep("offer", offer()));
        assertThat(joined.get(0).data().get("streams").get(1).get("simulcast").asBoolean()).isTrue();
        h.plugin.setupMedia(alice);
        sub = h.attach(20);
    }

    private SubscribedStream lastVideoUpdate() {
        List<SubscribedStream> last = h.media.subscriberUpdates.get(h.media.subscriberUpdates.size() - 1);
        return last.stream().filter(s -> s.type() == VideoRoomMedia.MediaType.VIDEO).findFirst().orElseThrow();
    }

    @Test
    void publishersAndParticipantsSaySimulcastAndSubscribersSeeTheLayersTheEngineReports() {
        ObjectNode participants = h.sync(admin, "{'request':'listparticipants','room':'conf'}");
        assertThat(participants.get("participants").get(0).get("streams").get(1).toString())
                .isEqualTo("{\"type\":\"video\",\"mindex\":1,\"mid\":\"1\",\"codec\":\"vp8\",\"simulcast\":true}");

        List<FakeHandle.Pushed> attached = h.async(sub, "tx-sub", "{'request':'join','ptype':'subscriber',"
                + "'room':'conf','streams':[{'feed':'alice','mid':'1'}]}", null);
        assertThat(attached.get(0).data().get("streams").get(0).get("simulcast")).isEqualTo(Harness.json(
                "{'substream':-1,'substream-target':2,'temporal-layer':-1,'temporal-layer-target':2}"));
        h.async(sub, "tx-start", "{'request':'start'}",
                Harness.jsep("answer", "v=0\r\nm=video 9 X\r\na=mid:0\r\na=recvonly\r\n"));

        // 1.x: per mid, with the fallback.
        ObjectNode configured = h.asyncData(sub, "{'request':'configure','streams':[{'mid':'0','substream':0,"
                + "'temporal':0,'fallback':500000}]}");
        assertThat(configured.get("configured").asText()).isEqualTo("ok");
        SubscribedStream video = lastVideoUpdate();
        assertThat(List.of(video.substream(), video.temporal(), video.fallback())).containsExactly(0, 0, 500000);
        // Legacy: flat, for every video m-line.
        h.asyncData(sub, "{'request':'configure','substream':1,'temporal':1}");
        video = lastVideoUpdate();
        assertThat(List.of(video.substream(), video.temporal(), video.fallback())).containsExactly(1, 1, 500000);

        // The engine switched: Janus's notifications, one per change, with the subscriber's mid.
        h.media.simulcastListener.onSubstream(sub.handleId(), "0", 1);
        h.media.simulcastListener.onTemporal(sub.handleId(), "0", 1);
        h.media.simulcastListener.onSubstream(sub.handleId(), "7", 0);
        h.media.simulcastListener.onSubstream(999, "0", 0);
        assertThat(sub.drain()).as("delivered on the signalling thread only").isEmpty();
        h.runDeferred();
        List<FakeHandle.Pushed> pushed = sub.drain();
        assertThat(pushed).extracting(FakeHandle.Pushed::data).containsExactly(
                Harness.json("{'videoroom':'event','room':'conf','mid':'0','substream':1}"),
                Harness.json("{'videoroom':'event','room':'conf','mid':'0','temporal':1}"));
        assertThat(pushed).extracting(FakeHandle.Pushed::transaction).containsOnlyNulls();

        // Listings show the current layers from then on.
        List<FakeHandle.Pushed> updated = h.async(sub, "tx-upd", "{'request':'update','subscribe':[{'feed':'alice',"
                + "'mid':'0'}]}", null);
        assertThat(updated.get(0).data().get("streams").get(0).get("simulcast")).isEqualTo(Harness.json(
                "{'substream':1,'substream-target':1,'temporal-layer':1,'temporal-layer-target':1,'fallback':500000}"));
    }
}
