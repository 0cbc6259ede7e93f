package io.github.wildfiresfu.janus.videoroom;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.github.wildfiresfu.janus.JsonFormat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Replays the synchronous requests recorded against the real Janus 1.1.2 (Debian package,
 * {@code string_ids = true}, static room {@code demo}) and compares every answer as a JSON tree.
 * The recording ({@code janus-1.1.2-sync-*.jsonl}) was made on this machine over the HTTP API.
 * Only two things are normalised: random room ids (UUIDs in both) and the order of rooms and
 * tokens in lists (Janus iterates a hash table; we keep creation order).
 */
class JanusReferenceSyncTest {

    @Test
    void everySynchronousAnswerMatchesJanus112() throws Exception {
        RoomSettings demo = RoomSettings.builder("demo").description("Demo Room").secret("adminpwd").publishers(6)
                .bitrate(128000).firFreq(10).record(false).build();
        Harness h = new Harness(new VideoRoomSettings(null, false, true, true, List.of(demo)));
        FakeHandle handle = h.attach(1);
        List<String> requests = Harness.resource("janus-1.1.2-sync-requests.jsonl").lines().toList();
        List<String> responses = Harness.resource("janus-1.1.2-sync-responses.jsonl").lines().toList();
        assertThat(requests).hasSameSizeAs(responses);
        for (int i = 0; i < requests.size(); i++) {
            JsonNode req = JsonFormat.MAPPER.readTree(requests.get(i));
            JsonNode expected = JsonFormat.MAPPER.readTree(responses.get(i));
            assertThat(expected.get("label")).isEqualTo(req.get("label"));
            ObjectNode actual = h.sync(handle, req.get("body").toString());
            assertThat(normalize(actual)).as(req.get("label").asText())
                    .isEqualTo(normalize(expected.get("response")));
        }
        assertThat(h.store.rooms()).containsOnlyKeys("rp");
    }

    private static JsonNode normalize(JsonNode node) throws Exception {
        // Re-parse so that numbers compare by value (Jackson keeps int and long nodes apart).
        JsonNode copy = JsonFormat.MAPPER.readTree(node.toString());
        walk(copy);
        return copy;
    }

    private static void walk(JsonNode node) {
        if (node instanceof ObjectNode o) {
            for (Map.Entry<String, JsonNode> e : o.properties()) {
                if (e.getValue().isTextual() && e.getValue().asText().matches("[0-9a-f]{8}-[0-9a-f-]{27}")) {
                    o.set(e.getKey(), TextNode.valueOf("<uuid>"));
                } else if (e.getValue().isTextual() && e.getValue().asText().matches("Room [0-9a-f]{8}-[0-9a-f-]{27}")) {
                    o.set(e.getKey(), TextNode.valueOf("Room <uuid>"));
                } else {
                    walk(e.getValue());
                }
            }
        } else if (node instanceof ArrayNode a) {
            List<JsonNode> items = new ArrayList<>();
            a.forEach(items::add);
            for (JsonNode item : items) {
                walk(item);
            }
            items.sort(Comparator.comparing((JsonNode n) -> n.has("room") ? n.get("room").asText() : n.toString()));
            a.removeAll();
            items.forEach(a::add);
        }
    }
}
