package io.github.wildfiresfu.janus;

import static io.github.wildfiresfu.janus.CoreFixture.expected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What plugins do to the core through {@link PluginHandle}. */
class PluginHandleTest {

    private final CoreFixture f = new CoreFixture();
    private final long session = f.createSession();
    private final long handle = f.attach(session);
    private final PluginHandle pluginHandle = f.plugin.handles.get(handle);

    @Test
    void pushEventBuildsJanussEventShape() {
        pluginHandle.pushEvent(null, data("{\"videoroom\":\"event\"}"), null);
        pluginHandle.pushEvent("tx", data("{\"videoroom\":\"joined\"}"), data("{\"type\":\"offer\",\"sdp\":\"v=0\"}"));
        // Janus only forwards a JSEP that has both a type and an SDP.
        pluginHandle.pushEvent(null, data("{}"), data("{\"type\":\"offer\"}"));
        assertThat(f.transport.events).extracting(CoreFixture::compact).containsExactly(
                expected("{\"janus\":\"event\",\"session_id\":%d,\"sender\":%d,\"plugindata\":{\"plugin\":\"janus.plugin.test\","
                        + "\"data\":{\"videoroom\":\"event\"}}}", session, handle),
                expected("{\"janus\":\"event\",\"session_id\":%d,\"transaction\":\"tx\",\"sender\":%d,\"plugindata\":"
                        + "{\"plugin\":\"janus.plugin.test\",\"data\":{\"videoroom\":\"joined\"}},"
                        + "\"jsep\":{\"type\":\"offer\",\"sdp\":\"v=0\"}}", session, handle),
                expected("{\"janus\":\"event\",\"session_id\":%d,\"sender\":%d,\"plugindata\":{\"plugin\":\"janus.plugin.test\","
                        + "\"data\":{}}}", session, handle));
        assertThatThrownBy(() -> pluginHandle.pushEvent(null, null, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void eventPushedWhileHandlingARequestGoesOutAfterTheReply() {
        List<String> order = new ArrayList<>();
        TransportSession watching = new TransportSession() {
            @Override
            public void pushEvent(long sessionId, ObjectNode message) {
                order.add(message.path("janus").asText());
            }

            @Override
            public String describe() {
                return "watching";
            }
        };
        long s = f.call(watching, "{\"janus\":\"create\",\"transaction\":\"c\"}", RequestPath.NONE).path("data").path("id")
                .asLong();
        long h = f.call(watching, String.format("{\"janus\":\"attach\",\"plugin\":\"janus.plugin.test\",\"session_id\":%d,"
                + "\"transaction\":\"a\"}", s), RequestPath.NONE).path("data").path("id").asLong();
        f.scheduler.hold();
        f.core.handle(watching, String.format("{\"janus\":\"message\",\"body\":{\"request\":\"async\"},"
                + "\"session_id\":%d,\"handle_id\":%d,\"transaction\":\"m\"}", s, h), RequestPath.NONE)
                .thenAccept(reply -> order.add(reply.path("janus").asText()));
        assertThat(order).isEmpty();
        f.scheduler.release();
        assertThat(order).containsExactly("ack", "event");
    }

    @Test
    void endHandleDetachesWithDetachedEvent() {
        ObjectNode reply = f.callf("{\"janus\":\"message\",\"body\":{\"request\":\"end\"},\"session_id\":%d,"
                + "\"handle_id\":%d,\"transaction\":\"e\"}", session, handle);
        assertThat(reply.path("janus").asText()).isEqualTo("ack");
        assertThat(pluginHandle.isAlive()).isFalse();
        assertThat(f.plugin.destroyed).containsExactly(handle);
        assertThat(f.transport.events).extracting(CoreFixture::compact).containsExactly(
                expected("{\"janus\":\"detached\",\"session_id\":%d,\"sender\":%d}", session, handle));
        assertThat(f.core.handleCount()).isZero();
        pluginHandle.endHandle();
        assertThat(f.plugin.destroyed).as("ending twice does nothing").hasSize(1);
    }

    @Test
    void closePeerConnectionHangsUpThroughThePluginOnce() {
        f.callf("{\"janus\":\"message\",\"body\":{\"request\":\"close\"},\"session_id\":%d,\"handle_id\":%d,"
                + "\"transaction\":\"c\"}", session, handle);
        pluginHandle.closePeerConnection("again");
        assertThat(f.plugin.hungUp).containsExactly(handle);
        assertThat(f.transport.events).isEmpty();
        assertThat(pluginHandle.isAlive()).isTrue();
    }

    @Test
    void eventsOfDetachedHandlesAndDestroyedSessionsAreDroppedAndCounted() {
        f.plugin.pushOnDestroy = true;
        f.callf("{\"janus\":\"detach\",\"session_id\":%d,\"handle_id\":%d,\"transaction\":\"d\"}", session, handle);
        pluginHandle.pushEvent(null, data("{\"late\":true}"), null);
        long h2 = f.attach(session);
        f.callf("{\"janus\":\"destroy\",\"session_id\":%d,\"transaction\":\"x\"}", session);
        assertThat(f.transport.eventVerbs()).containsExactly("detached");
        assertThat(f.plugin.destroyed).containsExactly(handle, h2);
        assertThat(f.core.stats().eventsDroppedGone()).as("two pushed from destroySession, one late").isEqualTo(3);
    }

    @Test
    void accessorsReflectTheHandle() {
        assertThat(pluginHandle.sessionId()).isEqualTo(session);
        assertThat(pluginHandle.handleId()).isEqualTo(handle);
        assertThat(pluginHandle.opaqueId()).isNull();
        assertThat(pluginHandle.isAlive()).isTrue();
        pluginHandle.pluginData(42);
        assertThat(pluginHandle.pluginData()).isEqualTo(42);
    }

    private static ObjectNode data(String json) {
        return CoreFixture.json(json);
    }
}
