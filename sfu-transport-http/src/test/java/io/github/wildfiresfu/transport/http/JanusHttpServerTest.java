package io.github.wildfiresfu.transport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.wildfiresfu.janus.JsonFormat;
import io.github.wildfiresfu.janus.RequestPath;
import io.github.wildfiresfu.janus.TransportSession;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The HTTP transport over real sockets on 127.0.0.1, driven by the JDK HTTP client. */
@Timeout(20)
class JanusHttpServerTest {

    private static final Duration POLL_TIMEOUT = Duration.ofMillis(400);

    private final FakeJanusApi api = new FakeJanusApi();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private JanusHttpServer server;
    private String base;

    private static HttpTransportSettings testSettings() {
        return HttpTransportSettings.defaults().withListen(ListenAddress.loopback(0))
                .withLongPollTimeout(POLL_TIMEOUT);
    }

    private void start(HttpTransportSettings settings) {
        server = new JanusHttpServer(settings, api);
        InetSocketAddress bound = server.start();
        base = "http://127.0.0.1:" + bound.getPort();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(base + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private CompletableFuture<HttpResponse<String>> getAsync(String path) {
        return client.sendAsync(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return JsonFormat.MAPPER.readTree(r.body());
    }

    /** Waits (bounded) until the server has parked {@code n} long polls; no fixed sleeps. */
    private void awaitWaitingPolls(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.waitingPolls() != n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + n + " waiting polls, have " + server.waitingPolls());
            }
            Thread.sleep(5);
        }
    }

    @Test
    void postToRootSessionAndHandleCarriesTheIdsOfThePath() throws Exception {
        start(testSettings());
        String body = "{\"janus\":\"attach\",\"transaction\":\"t1\"}";
        for (String path : List.of("/janus", "/janus/", "/janus/11", "/janus/11/22")) {
            HttpResponse<String> r = post(path, body);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
            FakeJanusApi.Call call = api.nextCall();
            assertThat(call.body()).isEqualTo(body);
            assertThat(call.transport()).isSameAs(server.transportSession());
            RequestPath expected = switch (path) {
                case "/janus/11" -> new RequestPath(11, 0);
                case "/janus/11/22" -> new RequestPath(11, 22);
                default -> RequestPath.NONE;
            };
            assertThat(call.path()).isEqualTo(expected);
            assertThat(json(r).get("path_session").asLong()).isEqualTo(expected.sessionId());
            assertThat(json(r).get("transaction").asText()).isEqualTo("t1");
        }
    }

    @Test
    void repliesAreWrittenInTheConfiguredJsonFormat() throws Exception {
        start(testSettings());
        HttpResponse<String> indented = post("/janus", "{\"janus\":\"ping\",\"transaction\":\"p\"}");
        assertThat(indented.body()).isEqualTo("{\n   \"janus\": \"pong\",\n   \"transaction\": \"p\"\n}");
        server.close();
        start(testSettings().withJson(JsonFormat.COMPACT));
        assertThat(post("/janus", "{\"janus\":\"ping\",\"transaction\":\"p\"}").body())
                .isEqualTo("{\"janus\":\"pong\",\"transaction\":\"p\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/janus/abc", "/janus/12abc", "/janus/1/2/3", "/janusfoo", "/other", "/janus//1"})
    void badPathsAre404WithError457(String path) throws Exception {
        start(testSettings());
        HttpResponse<String> r = post(path, "{\"janus\":\"keepalive\",\"transaction\":\"k\"}");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(json(r).at("/error/code").asInt()).isEqualTo(457);
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(api.calls).isEmpty();
    }

    @Test
    void infoThroughGetIsAnInfoRequestWithAGeneratedTransaction() throws Exception {
        start(testSettings());
        HttpResponse<String> r = get("/janus/info");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("janus").asText()).isEqualTo("server_info");
        FakeJanusApi.Call call = api.nextCall();
        assertThat(call.verb()).isEqualTo("info");
        assertThat(call.request().get("transaction").asText()).matches("[A-Za-z0-9]{12}");
        assertThat(call.path()).isEqualTo(RequestPath.NONE);
        // Janus 1.1.2 answers POST /janus/info with 400 and no body.
        assertThat(post("/janus/info", "{}").statusCode()).isEqualTo(400);
    }

    @Test
    void emptyPostAndUnsupportedMethodAreJanusErrors() throws Exception {
        start(testSettings());
        HttpResponse<String> empty = post("/janus", "");
        assertThat(json(empty).at("/error/code").asInt()).isEqualTo(454);
        HttpResponse<String> put = client.send(HttpRequest.newBuilder(URI.create(base + "/janus"))
                .PUT(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(json(put).at("/error/code").asInt()).isEqualTo(450);
        assertThat(json(put).at("/error/reason").asText()).isEqualTo("Unsupported method PUT");
        assertThat(api.calls).isEmpty();
    }

    @Test
    void longPollOnUnknownSessionIs404WithError458() throws Exception {
        start(testSettings());
        HttpResponse<String> r = get("/janus/999?rid=1&maxev=10");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(json(r).at("/error/code").asInt()).isEqualTo(458);
        assertThat(json(r).at("/error/reason").asText()).isEqualTo("No such session 999");
        assertThat(api.touched).containsExactly(999L);
    }

    @Test
    void longPollReturnsAnEventPushedWhileWaiting() throws Exception {
        start(testSettings().withLongPollTimeout(Duration.ofSeconds(10)));
        api.addSession(42);
        CompletableFuture<HttpResponse<String>> poll = getAsync("/janus/42?rid=123");
        awaitWaitingPolls(1);
        server.transportSession().pushEvent(42, FakeJanusApi.event(42, "hello"));
        HttpResponse<String> r = poll.get(5, TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(json(r).at("/plugindata/data/marker").asText()).isEqualTo("hello");
        assertThat(api.touched).containsExactly(42L);
    }

    @Test
    void longPollReturnsKeepaliveWhenNothingHappens() throws Exception {
        start(testSettings());
        api.addSession(42);
        HttpResponse<String> single = get("/janus/42");
        assertThat(single.statusCode()).isEqualTo(200);
        assertThat(json(single)).isEqualTo(JsonFormat.MAPPER.readTree("{\"janus\":\"keepalive\"}"));
        // With maxev > 1 Janus wraps the keepalive in an array.
        HttpResponse<String> array = get("/janus/42?maxev=10");
        assertThat(json(array)).isEqualTo(JsonFormat.MAPPER.readTree("[{\"janus\":\"keepalive\"}]"));
    }

    @Test
    void maxevReturnsQueuedEventsAsOneArrayInOrder() throws Exception {
        start(testSettings());
        api.addSession(42);
        for (String m : List.of("a", "b", "c")) {
            server.transportSession().pushEvent(42, FakeJanusApi.event(42, m));
        }
        HttpResponse<String> two = get("/janus/42?maxev=2");
        assertThat(json(two).isArray()).isTrue();
        assertThat(json(two).findValuesAsText("marker")).containsExactly("a", "b");
        HttpResponse<String> one = get("/janus/42");
        assertThat(json(one).isObject()).isTrue();
        assertThat(json(one).at("/plugindata/data/marker").asText()).isEqualTo("c");
    }

    @Test
    void getWithAHandleRedirectsToTheSessionAsJanusDoes() throws Exception {
        start(testSettings());
        HttpResponse<String> r = get("/janus/42/43");
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location")).hasValue("/janus/42");
    }

    @Test
    void endOfSessionAnswersAPendingPollWithWhatIsLeftThen404() throws Exception {
        start(testSettings().withLongPollTimeout(Duration.ofSeconds(10)));
        api.addSession(42);
        TransportSession ts = server.transportSession();
        CompletableFuture<HttpResponse<String>> waiting = getAsync("/janus/42");
        awaitWaitingPolls(1);
        api.endSession(42, ts);
        HttpResponse<String> gone = waiting.get(5, TimeUnit.SECONDS);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(json(gone).at("/error/code").asInt()).isEqualTo(458);

        // A "timeout" event pushed just before the end still reaches the next poll.
        api.addSession(43);
        ts.pushEvent(43, JsonFormat.MAPPER.createObjectNode().put("janus", "timeout").put("session_id", 43));
        api.endSession(43, ts);
        HttpResponse<String> last = get("/janus/43");
        assertThat(last.statusCode()).isEqualTo(200);
        assertThat(json(last).get("janus").asText()).isEqualTo("timeout");
        assertThat(get("/janus/43").statusCode()).isEqualTo(404);
    }

    @Test
    void droppedConnectionReleasesItsPoll() throws Exception {
        start(testSettings().withLongPollTimeout(Duration.ofSeconds(10)));
        api.addSession(42);
        try (Socket raw = new Socket("127.0.0.1", server.boundAddress().getPort())) {
            raw.getOutputStream().write("GET /janus/42 HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            raw.getOutputStream().flush();
            awaitWaitingPolls(1);
        }
        awaitWaitingPolls(0);
        // The event is not lost to the dead connection: the next poll gets it.
        server.transportSession().pushEvent(42, FakeJanusApi.event(42, "kept"));
        assertThat(json(get("/janus/42")).at("/plugindata/data/marker").asText()).isEqualTo("kept");
    }

    @Test
    void everyResponseCarriesJanusCorsHeaders() throws Exception {
        start(testSettings());
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + "/janus"))
                .header("Origin", "http://app.example")
                .POST(HttpRequest.BodyPublishers.ofString("{\"janus\":\"ping\",\"transaction\":\"p\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(r.headers().firstValue("Access-Control-Max-Age")).hasValue("86400");
        assertThat(r.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
    }

    @Test
    void optionsPreflightEchoesRequestedMethodAndHeaders() throws Exception {
        start(testSettings());
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + "/janus/123"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://app.example")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type, x-foo")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(r.headers().firstValue("Access-Control-Allow-Methods")).hasValue("POST");
        assertThat(r.headers().firstValue("Access-Control-Allow-Headers")).hasValue("content-type, x-foo");
        assertThat(r.headers().firstValue("Access-Control-Max-Age")).hasValue("86400");
        assertThat(api.calls).isEmpty();
    }

    @Test
    void configuredOriginIsReturnedAndEnforced() throws Exception {
        start(testSettings().withCors(new CorsPolicy("http://app.example", true)));
        HttpResponse<String> ok = client.send(HttpRequest.newBuilder(URI.create(base + "/janus"))
                .header("Origin", "http://app.example")
                .POST(HttpRequest.BodyPublishers.ofString("{\"janus\":\"ping\",\"transaction\":\"p\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://app.example");
        assertThat(ok.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
        assertThat(ok.headers().firstValue("Vary")).hasValue("Origin");

        HttpResponse<String> foreign = client.send(HttpRequest.newBuilder(URI.create(base + "/janus"))
                .header("Origin", "http://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString("{\"janus\":\"ping\",\"transaction\":\"p\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(post("/janus", "{\"janus\":\"ping\",\"transaction\":\"p\"}").statusCode()).isEqualTo(403);
        assertThat(api.calls).hasSize(1);
    }

    @Test
    void oversizedBodyIs413AndTheServerKeepsServing() throws Exception {
        start(testSettings().withLimits(1024, 100));
        String big = "{\"janus\":\"ping\",\"transaction\":\"" + "x".repeat(5000) + "\"}";
        HttpResponse<String> r = post("/janus", big);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(json(r).at("/error/code").asInt()).isEqualTo(450);
        assertThat(json(r).at("/error/reason").asText()).isEqualTo("Request body larger than 1024 bytes");
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(api.calls).isEmpty();
        assertThat(post("/janus", "{\"janus\":\"ping\",\"transaction\":\"p\"}").statusCode()).isEqualTo(200);
    }

    @Test
    void malformedHttpIs400AndTheConnectionIsClosed() throws Exception {
        start(testSettings());
        try (Socket raw = new Socket("127.0.0.1", server.boundAddress().getPort())) {
            raw.setSoTimeout(5000);
            raw.getOutputStream().write("GARBAGE\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String response = new String(raw.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(response).startsWith("HTTP/1.1 400 Bad Request").contains("Connection: close");
        }
        assertThat(post("/janus", "{\"janus\":\"ping\",\"transaction\":\"p\"}").statusCode()).isEqualTo(200);
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        start(testSettings());
        api.addSession(42);
        String poll = "GET /janus/42 HTTP/1.1\r\nHost: x\r\n\r\n";
        String pingBody = "{\"janus\":\"ping\",\"transaction\":\"abc\"}";
        String ping = "POST /janus HTTP/1.1\r\nHost: x\r\nContent-Length: " + pingBody.length() + "\r\n\r\n"
                + pingBody;
        try (Socket raw = new Socket("127.0.0.1", server.boundAddress().getPort())) {
            raw.setSoTimeout(5000);
            OutputStream out = raw.getOutputStream();
            out.write((poll + ping + "GET /janus/1/2/3/4 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = raw.getInputStream();
            String all = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            int keepalive = all.indexOf("\"keepalive\"");
            int pong = all.indexOf("\"pong\"");
            int notFound = all.indexOf("404 Not Found");
            assertThat(keepalive).isPositive();
            assertThat(pong).isGreaterThan(keepalive);
            assertThat(notFound).isGreaterThan(pong);
        }
    }

    @Test
    void requestWithoutReplyTimesOut() throws Exception {
        start(testSettings().withRequestTimeout(Duration.ofMillis(300)));
        HttpResponse<String> r = post("/janus", "{\"janus\":\"hold\",\"transaction\":\"h\"}");
        assertThat(r.statusCode()).isEqualTo(504);
        assertThat(json(r).at("/error/code").asInt()).isEqualTo(490);
    }

    @Test
    void transportSessionOutlivesConnections() throws Exception {
        start(testSettings());
        TransportSession ts = server.transportSession();
        assertThat(ts.keepsSessionsAcrossDisconnect()).isTrue();
        assertThat(ts.describe()).isEqualTo("http 127.0.0.1:" + server.boundAddress().getPort());
    }

    @Test
    void startOnATakenPortFailsNamingTheAddressAndLeaksNoThreads() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            JanusHttpServer s = new JanusHttpServer(testSettings().withListen(ListenAddress.loopback(port)), api);
            assertThatThrownBy(s::start)
                    .isInstanceOf(TransportStartException.class)
                    .hasMessage("HTTP transport: 127.0.0.1:" + port + " is already in use");
            s.close();
        }
        assertThat(liveThreads("sfu-http")).isEmpty();
    }

    @Test
    void closeReleasesThePortAndTheThreads() throws Exception {
        start(testSettings());
        int port = server.boundAddress().getPort();
        api.addSession(42);
        CompletableFuture<HttpResponse<String>> pending = getAsync("/janus/42");
        awaitWaitingPolls(1);
        assertThat(liveThreads("sfu-http")).isNotEmpty();
        server.close();
        assertThat(pending).failsWithin(5, TimeUnit.SECONDS);
        assertThat(liveThreads("sfu-http")).isEmpty();
        try (ServerSocket again = new ServerSocket(port, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
        server.close();
        assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void connectionsBeyondTheLimitAreClosed() throws Exception {
        start(testSettings().withAccess(AccessList.ALLOW_ALL, 1));
        try (Socket first = new Socket("127.0.0.1", server.boundAddress().getPort())) {
            first.setSoTimeout(5000);
            OutputStream out = first.getOutputStream();
            out.write("GET /janus/info HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(first.getInputStream().read()).isEqualTo('H');
            try (Socket second = new Socket("127.0.0.1", server.boundAddress().getPort())) {
                second.setSoTimeout(5000);
                assertThat(second.getInputStream().read()).isEqualTo(-1);
            }
        }
    }

    @Test
    void accessListRefusesOtherAddresses() throws Exception {
        start(testSettings().withAccess(new AccessList(List.of("10.1."), false), 100));
        try (Socket s = new Socket("127.0.0.1", server.boundAddress().getPort())) {
            s.setSoTimeout(5000);
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void forwardedForIsCheckedWhenConfigured() throws Exception {
        start(testSettings().withAccess(new AccessList(List.of("127."), true), 100));
        assertThat(post("/janus", "{\"janus\":\"ping\",\"transaction\":\"p\"}").statusCode()).isEqualTo(200);
        HttpRequest proxied = HttpRequest.newBuilder(URI.create(base + "/janus")).header("X-Forwarded-For", "10.9.9.9")
                .POST(HttpRequest.BodyPublishers.ofString("{\"janus\":\"ping\",\"transaction\":\"p\"}")).build();
        assertThatThrownBy(() -> client.send(proxied, HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
        assertThat(api.calls).hasSize(1);
    }

    @Test
    void sharedNioGroupIsLeftRunning() throws Exception {
        // NIO here also covers machines without the epoll native library.
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            server = new JanusHttpServer(testSettings(), api, group);
            base = "http://127.0.0.1:" + server.start().getPort();
            assertThat(post("/janus", "{\"janus\":\"ping\",\"transaction\":\"p\"}").statusCode()).isEqualTo(200);
            server.close();
            assertThat(group.isShuttingDown()).isFalse();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    static List<Thread> liveThreads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(prefix)).toList();
    }
}
