package io.github.wildfiresfu.janus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Media engine reports become Janus's ice.c events and plugin callbacks, by handle id alone. */
class MediaEventSinkTest {

    private final CoreFixture f = new CoreFixture();

    @Test
    void webrtcupRunsSetupMediaThenPushesTheEvent() {
        long s = f.createSession();
        long h = f.attach(s);
        f.core.mediaEvents().webRtcUp(h);
        assertThat(f.plugin.mediaUp).containsExactly(h);
        ObjectNode e = last();
        assertThat(e.path("janus").asText()).isEqualTo("webrtcup");
        assertThat(e.path("session_id").asLong()).isEqualTo(s);
        assertThat(e.path("sender").asLong()).isEqualTo(h);
    }

    @Test
    void mediaSlowlinkTrickleShapes() {
        long s = f.createSession();
        long h = f.attach(s);
        f.core.mediaEvents().media(h, "1", "video", true);
        f.core.mediaEvents().slowLink(h, "1", "video", false, 12);
        f.core.mediaEvents().localCandidate(h, "0", 0, "candidate:1 1 udp 2130706431 127.0.0.1 20000 typ host");
        f.core.mediaEvents().localCandidatesDone(h);
        List<ObjectNode> events = f.transport.events.subList(f.transport.events.size() - 4, f.transport.events.size());
        assertThat(events.get(0).toString()).contains("\"janus\":\"media\"", "\"mid\":\"1\"", "\"type\":\"video\"",
                "\"receiving\":true");
        assertThat(events.get(1).toString()).contains("\"janus\":\"slowlink\"", "\"media\":\"video\"",
                "\"uplink\":false", "\"lost\":12");
        assertThat(events.get(2).path("candidate").path("sdpMLineIndex").asInt()).isZero();
        assertThat(events.get(2).path("candidate").path("candidate").asText()).startsWith("candidate:1 ");
        assertThat(events.get(3).path("candidate").path("completed").asBoolean()).isTrue();
    }

    @Test
    void hangupReachesThePluginOnceAndIsPushedOnce() {
        long s = f.createSession();
        long h = f.attach(s);
        f.core.mediaEvents().hangup(h, "DTLS alert");
        f.core.mediaEvents().hangup(h, "DTLS alert");
        assertThat(f.plugin.hungUp).containsExactly(h);
        assertThat(f.transport.events.stream().filter(e -> e.path("janus").asText().equals("hangup")))
                .singleElement().satisfies(e -> assertThat(e.path("reason").asText()).isEqualTo("DTLS alert"));
    }

    @Test
    void reportsForUnknownHandlesAreDroppedAndCounted() {
        long before = f.core.stats().eventsDroppedGone();
        f.core.mediaEvents().webRtcUp(12345);
        assertThat(f.core.stats().eventsDroppedGone()).isEqualTo(before + 1);
        assertThat(f.plugin.mediaUp).isEmpty();
    }

    private ObjectNode last() {
        return f.transport.events.get(f.transport.events.size() - 1);
    }
}
