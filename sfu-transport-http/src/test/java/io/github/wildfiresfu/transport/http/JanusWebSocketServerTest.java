package io.github.wildfiresfu.transport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.wildfiresfu.janus.JsonFormat;
import io.github.wildfiresfu.janus.RequestPath;
import io.github.wildfiresfu.janus.TransportSession;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The WebSocket transport over real sockets on 127.0.0.1, driven by the JDK WebSocket client. */
@Timeout(20)
class JanusWebSocketServerTest {

    private final FakeJanusApi api = new FakeJanusApi();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private JanusWebSocketServer server;
    private URI uri;

    /** Collects what the server sends to one client. */
    static final class Inbox implements WebSocket.Listener {
        final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        final CompletableFuture<String> closed = new CompletableFuture<>();
        final BlockingQueue<ByteBuffer> pings = new LinkedBlockingQueue<>();
        final BlockingQueue<ByteBuffer> pongs = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                texts.add(partial.toString());
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket ws, ByteBuffer message) {
            pings.add(message);
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
            pongs.add(message);
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.completeExceptionally(error);
        }

        JsonNode next() throws Exception {
            String t = texts.poll(5, TimeUnit.SECONDS);
            assertThat(t).as("a message from the server within 5 s").isNotNull();
            return JsonFormat.MAPPER.readTree(t);
        }
    }

    private void start(WebSocketTransportSettings settings) {
        server = new JanusWebSocketServer(settings, api);
        uri = URI.create("ws://127.0.0.1:" + server.start().getPort() + "/");
    }

    private static WebSocketTransportSettings testSettings() {
        return WebSocketTransportSettings.defaults().withListen(ListenAddress.loopback(0)).withJson(JsonFormat.COMPACT);
    }

    private WebSocket connect(Inbox inbox, String... subprotocols) throws Exception {
        WebSocket.Builder b = client.newWebSocketBuilder();
        if (subprotocols.length > 0) {
            b.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
        }
        return b.buildAsync(uri, inbox).get(5, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void requestGetsItsReplyOnTheSameConnection() throws Exception {
        start(testSettings());
        Inbox inbox = new Inbox();
        WebSocket ws = connect(inbox, "janus-protocol");
        assertThat(ws.getSubprotocol()).isEqualTo("janus-protocol");
        ws.sendText("{\"janus\":\"create\",\"transaction\":\"c1\"}", true).get(5, TimeUnit.SECONDS);
        JsonNode reply = inbox.next();
        assertThat(reply.get("janus").asText()).isEqualTo("success");
        assertThat(reply.get("transaction").asText()).isEqualTo("c1");
        FakeJanusApi.Call call = api.nextCall();
        assertThat(call.path()).isEqualTo(RequestPath.NONE);
        assertThat(call.transport().keepsSessionsAcrossDisconnect()).isFalse();
        assertThat(call.transport().describe()).startsWith("ws /127.0.0.1:");
    }

    @Test
    void eachConnectionIsItsOwnTransportSession() throws Exception {
        start(testSettings());
        WebSocket a = connect(new Inbox(), "janus-protocol");
        WebSocket b = connect(new Inbox(), "janus-protocol");
        a.sendText("{\"janus\":\"ping\",\"transaction\":\"a\"}", true);
        TransportSession first = api.nextCall().transport();
        b.sendText("{\"janus\":\"ping\",\"transaction\":\"b\"}", true);
        TransportSession second = api.nextCall().transport();
        assertThat(first).isNotSameAs(second);
    }

    @Test
    void missingSubprotocolIsAccepted() throws Exception {
        start(testSettings());
        Inbox inbox = new Inbox();
        WebSocket ws = connect(inbox);
        assertThat(ws.getSubprotocol()).isEmpty();
        ws.sendText("{\"janus\":\"ping\",\"transaction\":\"p\"}", true);
        assertThat(inbox.next().get("janus").asText()).isEqualTo("pong");
    }

    @Test
    void anyPathIsAcceptedAsByLibwebsockets() throws Exception {
        start(testSettings());
        Inbox inbox = new Inbox();
        WebSocket ws = client.newWebSocketBuilder().subprotocols("janus-protocol")
                .buildAsync(uri.resolve("/janus/ws?x=1"), inbox).get(5, TimeUnit.SECONDS);
        ws.sendText("{\"janus\":\"ping\",\"transaction\":\"p\"}", true);
        assertThat(inbox.next().get("janus").asText()).isEqualTo("pong");
    }

    @Test
    void janusProtocolIsChosenAmongOthers() throws Exception {
        start(testSettings());
        WebSocket ws = connect(new Inbox(), "chat", "janus-protocol");
        assertThat(ws.getSubprotocol()).isEqualTo("janus-protocol");
    }

    @Test
    void adminProtocolIsRefusedClearly() throws Exception {
        start(testSettings());
        assertThatThrownBy(() -> connect(new Inbox(), "janus-admin-protocol"))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> {
                    HttpResponse<?> r = ((WebSocketHandshakeException) e).getResponse();
                    assertThat(r.statusCode()).isEqualTo(400);
                    // The JDK client hands the refusal body over as a String.
                    assertThat(String.valueOf(r.body()))
                            .contains("janus-admin-protocol refused: the Janus Admin API is not implemented");
                });
        assertThatThrownBy(() -> connect(new Inbox(), "mqtt"))
                .cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(400));
        assertThat(api.gone).isEmpty();
    }

    @Test
    void plainHttpIsForbiddenAsInJanus() throws Exception {
        start(testSettings());
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + uri.getPort() + "/janus"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(403);
    }

    @Test
    void pushedEventsArriveInOrder() throws Exception {
        start(testSettings());
        Inbox inbox = new Inbox();
        WebSocket ws = connect(inbox, "janus-protocol");
        ws.sendText("{\"janus\":\"create\",\"transaction\":\"c\"}", true);
        long session = inbox.next().at("/data/id").asLong();
        TransportSession owner = api.owners.get(session);
        Thread core = new Thread(() -> {
            for (int i = 0; i < 200; i++) {
                owner.pushEvent(session, FakeJanusApi.event(session, "e" + i));
            }
        }, "fake-core");
        core.start();
        core.join();
        List<String> markers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            markers.add(inbox.next().at("/plugindata/data/marker").asText());
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            expected.add("e" + i);
        }
        assertThat(markers).isEqualTo(expected);
    }

    @Test
    void closingTheConnectionTellsTheCoreOnce() throws Exception {
        start(testSettings());
        Inbox inbox = new Inbox();
        WebSocket ws = connect(inbox, "janus-protocol");
        ws.sendText("{\"janus\":\"ping\",\"transaction\":\"p\"}", true);
        TransportSession ts = api.nextCall().transport();
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
        assertThat(api.gone.poll(5, TimeUnit.SECONDS)).isSameAs(ts);
        assertThat(inbox.closed.get(5, TimeUnit.SECONDS)).startsWith("1000");
        assertThat(api.gone.poll(200, TimeUnit.MILLISECONDS)).isNull();
        // Events for the gone connection are dropped without error.
        ts.pushEvent(1, FakeJanusApi.event(1, "late"));
    }

    @Test
    void binaryMessagesAreReadAsJsonTextAsJanusDoes() throws Exception {
        start(testSettings());
        Inbox inbox = new Inbox();
        WebSocket ws = connect(inbox, "janus-protocol");
        ws.sendBinary(ByteBuffer.wrap("{\"janus\":\"ping\",\"transaction\":\"b\"}".getBytes(StandardCharsets.UTF_8)), true);
        assertThat(inbox.next().get("transaction").asText()).isEqualTo("b");
        ws.sendBinary(ByteBuffer.wrap(new byte[] {(byte) 0xff, (byte) 0xfe, 0x00}), true);
        JsonNode error = inbox.next();
        assertThat(error.at("/error/code").asInt()).isEqualTo(454);
    }

    @Test
    void fragmentsAreJoinedAndBackToBackValuesHandledInOrder() throws Exception {
        start(testSettings());
        Inbox inbox = new Inbox();
        WebSocket ws = connect(inbox, "janus-protocol");
        ws.sendText("{\"janus\":\"ping\",", false).get(5, TimeUnit.SECONDS);
        ws.sendText("\"transaction\":\"frag\"}", true).get(5, TimeUnit.SECONDS);
        assertThat(inbox.next().get("transaction").asText()).isEqualTo("frag");
        ws.sendText("{\"janus\":\"ping\",\"transaction\":\"one\"} {\"janus\":\"ping\",\"transaction\":\"two\"}", true);
        assertThat(inbox.next().get("transaction").asText()).isEqualTo("one");
        assertThat(inbox.next().get("transaction").asText()).isEqualTo("two");
        ws.sendText("{bad", true);
        assertThat(inbox.next().at("/error/code").asInt()).isEqualTo(454);
    }

    @Test
    void oversizedMessageClosesWith1009() throws Exception {
        start(testSettings().withMaxMessageBytes(1024));
        Inbox inbox = new Inbox();
        WebSocket ws = connect(inbox, "janus-protocol");
        ws.sendText("{\"janus\":\"ping\",", false).get(5, TimeUnit.SECONDS);
        ws.sendText("\"x\":\"" + "y".repeat(2000) + "\"}", true);
        assertThat(inbox.closed.get(5, TimeUnit.SECONDS)).startsWith("1009");
        assertThat(api.gone.poll(5, TimeUnit.SECONDS)).isNotNull();
        assertThat(api.calls).isEmpty();
    }

    @Test
    void pingIsAnsweredWithPong() throws Exception {
        start(testSettings());
        Inbox inbox = new Inbox();
        WebSocket ws = connect(inbox, "janus-protocol");
        ws.sendPing(ByteBuffer.wrap(new byte[] {1, 2, 3})).get(5, TimeUnit.SECONDS);
        ByteBuffer pong = inbox.pongs.poll(5, TimeUnit.SECONDS);
        assertThat(pong).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2, 3}));
    }

    @Test
    void serverPingsSilentClients() throws Exception {
        start(testSettings().withPingPong(Duration.ofMillis(200), Duration.ofSeconds(5)));
        Inbox inbox = new Inbox();
        connect(inbox, "janus-protocol");
        // The JDK client answers the PING with a PONG by itself, so the connection stays up.
        assertThat(inbox.pings.poll(5, TimeUnit.SECONDS)).isNotNull();
        assertThat(inbox.pings.poll(5, TimeUnit.SECONDS)).isNotNull();
        assertThat(inbox.closed).isNotDone();
    }

    @Test
    void configuredOriginIsEnforcedOnTheHandshake() throws Exception {
        start(testSettings().withCors(new CorsPolicy("http://app.example", true)));
        assertThatThrownBy(() -> client.newWebSocketBuilder().subprotocols("janus-protocol")
                .header("Origin", "http://evil.example").buildAsync(uri, new Inbox()).get(5, TimeUnit.SECONDS))
                .cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(403));
        WebSocket ok = client.newWebSocketBuilder().subprotocols("janus-protocol").header("Origin", "http://app.example")
                .buildAsync(uri, new Inbox()).get(5, TimeUnit.SECONDS);
        assertThat(ok.getSubprotocol()).isEqualTo("janus-protocol");
    }

    @Test
    void closeSaysGoodbyeFreesThePortAndThreads() throws Exception {
        start(testSettings());
        int port = uri.getPort();
        Inbox inbox = new Inbox();
        WebSocket ws = connect(inbox, "janus-protocol");
        ws.sendText("{\"janus\":\"ping\",\"transaction\":\"p\"}", true);
        inbox.next();
        server.close();
        assertThat(inbox.closed.get(5, TimeUnit.SECONDS)).isEqualTo("1001 server shutting down");
        assertThat(api.gone.poll(5, TimeUnit.SECONDS)).isNotNull();
        assertThat(JanusHttpServerTest.liveThreads("sfu-ws")).isEmpty();
        try (ServerSocket again = new ServerSocket(port, 50, InetAddress.getByName("127.0.0.1"))) {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void startOnATakenPortFailsNamingTheAddress() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            JanusWebSocketServer s = new JanusWebSocketServer(testSettings().withListen(ListenAddress.loopback(port)), api);
            assertThatThrownBy(s::start).isInstanceOf(TransportStartException.class)
                    .hasMessage("WebSocket transport: 127.0.0.1:" + port + " is already in use");
            s.close();
        }
        assertThat(JanusHttpServerTest.liveThreads("sfu-ws")).isEmpty();
    }

    @Test
    void accessListRefusesOtherAddresses() throws Exception {
        start(testSettings().withAcl(new AccessList(List.of("10.1."), false)));
        assertThatThrownBy(() -> connect(new Inbox(), "janus-protocol")).isInstanceOf(ExecutionException.class);
        assertThat(api.calls).isEmpty();
    }
}
