package io.github.wildfiresfu.janus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** A core on a {@link FakeCoreScheduler} with one {@link TestPlugin} and helpers to talk to it. */
class CoreFixture {

    final FakeCoreScheduler scheduler = new FakeCoreScheduler();
    final TestPlugin plugin = new TestPlugin();
    final RecordingTransport transport = new RecordingTransport("ws test");
    final JanusCore core;

    CoreFixture() {
        this(JanusCoreSettings.defaults());
    }

    CoreFixture(JanusCoreSettings settings) {
        core = new JanusCore(settings, List.of(plugin), scheduler);
    }

    /** Sends {@code body} (text) from {@link #transport} with no path ids; the fake completes it at once. */
    ObjectNode call(String body) {
        return call(transport, body, RequestPath.NONE);
    }

    ObjectNode call(TransportSession from, String body, RequestPath path) {
        return core.handle(from, body, path).toCompletableFuture().getNow(null);
    }

    /** Sends a request built from a format string with {@code %d}/{@code %s} arguments. */
    ObjectNode callf(String format, Object... args) {
        return call(String.format(format, args));
    }

    long createSession() {
        ObjectNode reply = call("{\"janus\":\"create\",\"transaction\":\"c\"}");
        assertThat(reply.path("janus").asText()).as("create reply %s", reply).isEqualTo("success");
        return reply.path("data").path("id").asLong();
    }

    long attach(long sessionId) {
        ObjectNode reply = callf("{\"janus\":\"attach\",\"plugin\":\"%s\",\"session_id\":%d,\"transaction\":\"a\"}",
                TestPlugin.PACKAGE, sessionId);
        assertThat(reply.path("janus").asText()).as("attach reply %s", reply).isEqualTo("success");
        return reply.path("data").path("id").asLong();
    }

    /**
     * Expected JSON written with {@code %d}/{@code %s} placeholders, in the compact form
     * {@link #compact} gives, so comparisons also check key order (as Janus orders them).
     */
    static String expected(String format, Object... args) {
        return compact(json(format, args));
    }

    /** One-line JSON of {@code node}; numbers compare by value whatever their Java width. */
    static String compact(com.fasterxml.jackson.databind.JsonNode node) {
        return JsonFormat.COMPACT.write(node);
    }

    /** Parses expected JSON written with {@code %d}/{@code %s} placeholders. */
    static ObjectNode json(String format, Object... args) {
        try {
            return (ObjectNode) JsonFormat.MAPPER.readTree(String.format(format, args));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("bad expected JSON: " + format, e);
        }
    }
}
