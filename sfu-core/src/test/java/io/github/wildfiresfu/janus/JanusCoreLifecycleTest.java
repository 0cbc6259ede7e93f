package io.github.wildfiresfu.janus;

import static io.github.wildfiresfu.janus.CoreFixture.compact;
import static io.github.wildfiresfu.janus.CoreFixture.expected;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The happy path of every verb, with the exact reply and event shapes of Janus 1.1.2. */
class JanusCoreLifecycleTest {

    private final CoreFixture f = new CoreFixture();

    @Test
    void createAttachMessageDetachDestroy() {
        ObjectNode created = f.call("{\"janus\":\"create\",\"transaction\":\"t1\"}");
        long session = created.path("data").path("id").asLong();
        assertThat(compact(created)).isEqualTo(expected("{\"janus\":\"success\",\"transaction\":\"t1\",\"data\":{\"id\":%d}}", session));
        assertThat(session).isPositive().isLessThan(1L << 53);
        assertThat(f.core.sessionCount()).isEqualTo(1);

        ObjectNode attached = f.callf("{\"janus\":\"attach\",\"plugin\":\"%s\",\"opaque_id\":\"me\","
                + "\"session_id\":%d,\"transaction\":\"t2\"}", TestPlugin.PACKAGE, session);
        long handle = attached.path("data").path("id").asLong();
        assertThat(compact(attached)).isEqualTo(expected(
                "{\"janus\":\"success\",\"session_id\":%d,\"transaction\":\"t2\",\"data\":{\"id\":%d}}", session, handle));
        assertThat(handle).isPositive().isLessThan(1L << 53);
        assertThat(f.plugin.created).containsExactly(handle);
        assertThat(f.plugin.handles.get(handle).opaqueId()).isEqualTo("me");
        assertThat(f.plugin.handles.get(handle).pluginData()).isEqualTo("state of " + handle);
        assertThat(f.core.handleCount()).isEqualTo(1);

        ObjectNode sync = f.callf("{\"janus\":\"message\",\"body\":{\"request\":\"sync\"},"
                + "\"session_id\":%d,\"handle_id\":%d,\"transaction\":\"t3\"}", session, handle);
        assertThat(compact(sync)).isEqualTo(expected("{\"janus\":\"success\",\"session_id\":%d,\"transaction\":\"t3\",\"sender\":%d,"
                + "\"plugindata\":{\"plugin\":\"janus.plugin.test\",\"data\":{\"result\":\"ok\"}}}", session, handle));

        ObjectNode ack = f.callf("{\"janus\":\"message\",\"body\":{\"request\":\"async\"},"
                + "\"session_id\":%d,\"handle_id\":%d,\"transaction\":\"t4\"}", session, handle);
        assertThat(compact(ack)).isEqualTo(expected(
                "{\"janus\":\"ack\",\"session_id\":%d,\"transaction\":\"t4\",\"hint\":\"working\"}", session));
        assertThat(f.transport.events).extracting(CoreFixture::compact).containsExactly(expected("{\"janus\":\"event\",\"session_id\":%d,\"transaction\":\"t4\","
                + "\"sender\":%d,\"plugindata\":{\"plugin\":\"janus.plugin.test\",\"data\":{\"result\":\"done\"}}}",
                session, handle));

        ObjectNode detached = f.callf("{\"janus\":\"detach\",\"session_id\":%d,\"handle_id\":%d,\"transaction\":\"t5\"}",
                session, handle);
        assertThat(compact(detached)).isEqualTo(expected("{\"janus\":\"success\",\"session_id\":%d,\"transaction\":\"t5\"}", session));
        assertThat(compact(f.transport.events.get(f.transport.events.size() - 1)))
                .isEqualTo(expected("{\"janus\":\"detached\",\"session_id\":%d,\"sender\":%d}", session, handle));
        assertThat(f.plugin.destroyed).containsExactly(handle);
        assertThat(f.plugin.hungUp).as("detach does not hang up through the plugin").isEmpty();
        assertThat(f.core.handleCount()).isZero();

        ObjectNode destroyed = f.callf("{\"janus\":\"destroy\",\"session_id\":%d,\"transaction\":\"t6\"}", session);
        assertThat(compact(destroyed)).isEqualTo(expected("{\"janus\":\"success\",\"session_id\":%d,\"transaction\":\"t6\"}", session));
        assertThat(f.transport.closed).containsExactly(session);
        assertThat(f.core.sessionCount()).isZero();
        assertThat(f.core.stats().eventsDroppedGone()).isZero();
    }

    @Test
    void asyncMessageWithJsepPassesTypeAndSdpAndEventCarriesThePluginJsep() {
        long session = f.createSession();
        long handle = f.attach(session);
        ObjectNode ack = f.callf("{\"janus\":\"message\",\"body\":{\"request\":\"async\"},\"jsep\":{\"type\":\"offer\","
                + "\"sdp\":\"v=0\",\"trickle\":true,\"e2ee\":true},\"session_id\":%d,\"handle_id\":%d,\"transaction\":\"j\"}",
                session, handle);
        assertThat(ack.path("janus").asText()).isEqualTo("ack");
        assertThat(f.plugin.jseps).extracting(CoreFixture::compact).containsExactly(expected("{\"type\":\"offer\",\"sdp\":\"v=0\",\"e2ee\":true}"));
        assertThat(f.transport.events).singleElement().satisfies(event -> {
            assertThat(compact(event.path("jsep"))).isEqualTo(expected("{\"type\":\"answer\",\"sdp\":\"v=0 answer\"}"));
            assertThat(event.path("transaction").asText()).isEqualTo("j");
        });
    }

    @Test
    void pathIdsAreUsedWhenTheBodyHasNone() {
        long session = f.createSession();
        long handle = f.attach(session);
        ObjectNode reply = f.call(f.transport, "{\"janus\":\"message\",\"body\":{\"request\":\"sync\"},\"transaction\":\"p\"}",
                new RequestPath(session, handle));
        assertThat(reply.path("sender").asLong()).isEqualTo(handle);
        ObjectNode same = f.call(f.transport, String.format(
                "{\"janus\":\"keepalive\",\"session_id\":%d,\"transaction\":\"p\"}", session), new RequestPath(session, 0));
        assertThat(same.path("janus").asText()).isEqualTo("ack");
    }

    @Test
    void pingInfoKeepaliveHangupAndVerbCaseInsensitivity() {
        assertThat(compact(f.call("{\"janus\":\"PING\",\"transaction\":\"p\"}")))
                .isEqualTo(expected("{\"janus\":\"pong\",\"transaction\":\"p\"}"));
        long session = f.createSession();
        long handle = f.attach(session);
        assertThat(compact(f.callf("{\"janus\":\"KeepAlive\",\"session_id\":%d,\"transaction\":\"k\"}", session)))
                .isEqualTo(expected("{\"janus\":\"ack\",\"session_id\":%d,\"transaction\":\"k\"}", session));
        // keepalive and claim are also valid at handle level (Janus 1.1.2 answers them there).
        assertThat(f.callf("{\"janus\":\"keepalive\",\"session_id\":%d,\"handle_id\":%d,\"transaction\":\"k\"}",
                session, handle).path("janus").asText()).isEqualTo("ack");

        ObjectNode hangup = f.callf("{\"janus\":\"hangup\",\"session_id\":%d,\"handle_id\":%d,\"transaction\":\"h\"}",
                session, handle);
        assertThat(compact(hangup)).isEqualTo(expected("{\"janus\":\"success\",\"session_id\":%d,\"transaction\":\"h\"}", session));
        assertThat(f.plugin.hungUp).containsExactly(handle);
        assertThat(f.transport.events).as("no PeerConnection, so no hangup event").isEmpty();
        // As in Janus, a second hangup before any new negotiation does not reach the plugin again.
        f.callf("{\"janus\":\"hangup\",\"session_id\":%d,\"handle_id\":%d,\"transaction\":\"h\"}", session, handle);
        assertThat(f.plugin.hungUp).containsExactly(handle);
        f.callf("{\"janus\":\"message\",\"body\":{\"request\":\"sync\"},\"jsep\":{\"type\":\"offer\",\"sdp\":\"v=0\"},"
                + "\"session_id\":%d,\"handle_id\":%d,\"transaction\":\"o\"}", session, handle);
        f.callf("{\"janus\":\"hangup\",\"session_id\":%d,\"handle_id\":%d,\"transaction\":\"h\"}", session, handle);
        assertThat(f.plugin.hungUp).containsExactly(handle, handle);
    }

    @Test
    void clientChosenSessionIdIsUsedAndDestroyDetachesEveryHandleSilently() {
        ObjectNode created = f.call("{\"janus\":\"create\",\"id\":123,\"transaction\":\"c\"}");
        assertThat(compact(created)).isEqualTo(expected("{\"janus\":\"success\",\"transaction\":\"c\",\"data\":{\"id\":123}}"));
        long h1 = f.attach(123);
        long h2 = f.attach(123);
        assertThat(h1).isNotEqualTo(h2);
        f.call("{\"janus\":\"destroy\",\"session_id\":123,\"transaction\":\"d\"}");
        assertThat(f.plugin.destroyed).containsExactlyInAnyOrder(h1, h2);
        assertThat(f.transport.eventVerbs()).as("Janus sends no detached events for a destroyed session").isEmpty();
        assertThat(f.core.handleCount()).isZero();
        assertThat(f.call("{\"janus\":\"create\",\"id\":123,\"transaction\":\"c\"}").path("janus").asText())
                .as("the id is free again").isEqualTo("success");
    }

    @Test
    void infoHasExactlyTheKeysOfJanus112() {
        f.core.registerTransport(new TransportInfo("janus.transport.http", "JANUS REST (HTTP/HTTPS) transport plugin",
                "Meetecho s.r.l.", "REST", "0.0.2", 2));
        ObjectNode info = f.call("{\"janus\":\"info\",\"transaction\":\"i\"}");
        // The key list of Janus 1.1.2's reply on this machine (Debian package, default janus.jcfg).
        List<String> janus112 = List.of("janus", "transaction", "name", "version", "version_string", "author",
                "commit-hash", "compile-time", "log-to-stdout", "log-to-file", "data_channels",
                "accepting-new-sessions", "session-timeout", "reclaim-session-timeout", "candidates-timeout",
                "server-name", "local-ip", "ipv6", "ice-lite", "ice-tcp", "ice-nomination", "ice-keepalive-conncheck",
                "full-trickle", "mdns-enabled", "min-nack-queue", "nack-optimizations", "twcc-period", "dtls-mtu",
                "static-event-loops", "api_secret", "auth_token", "event_handlers", "opaqueid_in_api", "dependencies",
                "transports", "events", "loggers", "plugins");
        assertThat(info.fieldNames()).toIterable().containsExactlyElementsOf(janus112);
        assertThat(info.path("janus").asText()).isEqualTo("server_info");
        assertThat(info.path("name").asText()).isEqualTo(JanusCore.NAME);
        assertThat(info.path("session-timeout").asInt()).isEqualTo(60);
        assertThat(info.path("server-name").asText()).isEqualTo("MyJanusInstance");
        assertThat(info.path("transports").path("janus.transport.http").path("version_string").asText())
                .isEqualTo("0.0.2");
        assertThat(compact(info.path("plugins").path(TestPlugin.PACKAGE))).isEqualTo(expected("{\"name\":\"Test plugin\","
                + "\"author\":\"Wildfire SFU tests\",\"description\":\"Answers sync, async and errors for core tests\","
                + "\"version_string\":\"0.0.1\",\"version\":1}"));
    }

    @Test
    void opaqueIdInApiAddsTheOpaqueIdToEventsAndReplies() {
        CoreFixture g = new CoreFixture(JanusCoreSettings.builder().opaqueIdInApi(true).build());
        long session = g.createSession();
        long handle = g.attach(session);
        ObjectNode withOpaque = g.callf("{\"janus\":\"attach\",\"plugin\":\"%s\",\"opaque_id\":\"op\",\"session_id\":%d,"
                + "\"transaction\":\"a\"}", TestPlugin.PACKAGE, session);
        long opaqueHandle = withOpaque.path("data").path("id").asLong();
        ObjectNode sync = g.callf("{\"janus\":\"message\",\"body\":{\"request\":\"sync\"},\"session_id\":%d,"
                + "\"handle_id\":%d,\"transaction\":\"m\"}", session, opaqueHandle);
        assertThat(sync.path("opaque_id").asText()).isEqualTo("op");
        assertThat(g.callf("{\"janus\":\"message\",\"body\":{\"request\":\"sync\"},\"session_id\":%d,"
                + "\"handle_id\":%d,\"transaction\":\"m\"}", session, handle).has("opaque_id")).isFalse();
        g.callf("{\"janus\":\"detach\",\"session_id\":%d,\"handle_id\":%d,\"transaction\":\"d\"}", session, opaqueHandle);
        assertThat(compact(g.transport.events.get(g.transport.events.size() - 1))).isEqualTo(expected(
                "{\"janus\":\"detached\",\"session_id\":%d,\"sender\":%d,\"opaque_id\":\"op\"}", session, opaqueHandle));
    }
}
