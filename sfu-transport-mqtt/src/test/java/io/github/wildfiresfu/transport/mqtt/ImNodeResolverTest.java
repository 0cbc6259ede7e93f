package io.github.wildfiresfu.transport.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code GET /api/node} against a raw socket server that answers exactly the bytes we choose. */
class ImNodeResolverTest {

    /** Accepts one connection, records the request, writes {@code answer} and closes. */
    static final class RawIm implements AutoCloseable {
        final ServerSocket server;
        final CompletableFuture<String> request = new CompletableFuture<>();

        RawIm(byte[] answer, boolean silent) throws IOException {
            server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
            Thread t = new Thread(() -> {
                try (Socket s = server.accept()) {
                    request.complete(readRequest(s.getInputStream()));
                    if (silent) {
                        Thread.sleep(2000);
                        return;
                    }
                    s.getOutputStream().write(answer);
                } catch (IOException | InterruptedException e) {
                    request.completeExceptionally(e);
                }
            }, "raw-im");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }

        private static String readRequest(InputStream in) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            while (!out.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                out.write(b);
            }
            return out.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static ImNodeResolver resolver(List<String> hosts, int port, String id, Duration timeout) {
        return new ImNodeResolver(hosts, port, id, 1883, timeout);
    }

    @Test
    void sendsTheForksRequestAndReadsTheBodyAfterTheFirstBlankLine() throws Exception {
        byte[] answer = "HTTP/1.1 200 OK\r\nContent-Length: 16\r\n\r\n10.1.2.3:1884\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        try (RawIm im = new RawIm(answer, false)) {
            List<String> failures = new ArrayList<>();
            Optional<ImNodeResolver.Answer> got = resolver(List.of("127.0.0.1"), im.port(), "conference_server_1",
                    Duration.ofSeconds(2)).resolve(failures);
            assertThat(im.request.get(2, TimeUnit.SECONDS)).isEqualTo(
                    "GET /api/node?id=conference_server_1 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            assertThat(got).contains(new ImNodeResolver.Answer(new BrokerAddress("10.1.2.3", 1884), "127.0.0.1"));
            assertThat(failures).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "status is ignored                | HTTP/1.1 500 Oops\\r\\n\\r\\n10.0.0.1     | 10.0.0.1:1883",
        "no header end                    | HTTP/1.1 200 OK\\r\\n10.0.0.1              | no header end",
        "html                             | HTTP/1.1 404 Not Found\\r\\n\\r\\n<h1>no</h1> | is not a host or host:port",
        "empty body                       | HTTP/1.1 200 OK\\r\\n\\r\\n                | is not a host or host:port",
    })
    void answersAreJudgedAsTheForkWouldButStrictly(String name, String answer, String expected) throws Exception {
        try (RawIm im = new RawIm(answer.replace("\\r\\n", "\r\n").getBytes(StandardCharsets.US_ASCII), false)) {
            List<String> failures = new ArrayList<>();
            Optional<ImNodeResolver.Answer> got = resolver(List.of("127.0.0.1"), im.port(), "x", Duration.ofSeconds(2))
                    .resolve(failures);
            if (expected.contains(":") && Character.isDigit(expected.charAt(0))) {
                assertThat(got.map(a -> a.broker().toString())).contains(expected);
            } else {
                assertThat(got).isEmpty();
                assertThat(failures).singleElement().asString().contains(expected);
            }
        }
    }

    @Test
    void aBodyOverOneKibibyteIsNotAnAddress() throws Exception {
        byte[] answer = ("HTTP/1.1 200 OK\r\n\r\n" + "a".repeat(1025)).getBytes(StandardCharsets.US_ASCII);
        try (RawIm im = new RawIm(answer, false)) {
            List<String> failures = new ArrayList<>();
            assertThat(resolver(List.of("127.0.0.1"), im.port(), "x", Duration.ofSeconds(2)).resolve(failures)).isEmpty();
            assertThat(failures).singleElement().asString().contains("1025 bytes");
        }
    }

    @Test
    void triesEachHostInTurnAndTheFirstValidAnswerWins() throws Exception {
        byte[] good = "HTTP/1.1 200 OK\r\n\r\n10.9.9.9:2000".getBytes(StandardCharsets.US_ASCII);
        try (RawIm im = new RawIm(good, false)) {
            // Hosts share one im_port: 127.0.0.2 has nothing listening, 127.0.0.1 answers.
            int port = im.port();
            List<String> failures = new ArrayList<>();
            Optional<ImNodeResolver.Answer> got = resolver(List.of("127.0.0.2", "127.0.0.1"), port, "x",
                    Duration.ofMillis(300)).resolve(failures);
            assertThat(got.map(ImNodeResolver.Answer::imHost)).contains("127.0.0.1");
            assertThat(failures).singleElement().asString().startsWith("http://127.0.0.2:" + port + "/api/node:");
        }
    }

    @Test
    void aSilentImTimesOutAndTheIdIsPercentEncoded() throws Exception {
        try (RawIm im = new RawIm(new byte[0], true)) {
            List<String> failures = new ArrayList<>();
            ImNodeResolver r = resolver(List.of("127.0.0.1"), im.port(), "a b&c", Duration.ofMillis(200));
            long start = System.nanoTime();
            assertThat(r.resolve(failures)).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            assertThat(failures).singleElement().asString().contains("no answer in time");
            assertThat(im.request.get(2, TimeUnit.SECONDS)).startsWith("GET /api/node?id=a%20b%26c HTTP/1.1\r\n");
        }
    }

    @Test
    void abortUnblocksAResolutionInProgress() throws Exception {
        try (RawIm im = new RawIm(new byte[0], true)) {
            ImNodeResolver r = resolver(List.of("127.0.0.1", "127.0.0.1"), im.port(), "x", Duration.ofSeconds(10));
            List<String> failures = new ArrayList<>();
            CompletableFuture<Optional<ImNodeResolver.Answer>> running =
                    CompletableFuture.supplyAsync(() -> r.resolve(failures));
            im.request.get(2, TimeUnit.SECONDS);
            r.abort();
            assertThat(running.get(2, TimeUnit.SECONDS)).isEmpty();
            assertThat(failures).last().asString().isEqualTo("stopped");
        }
    }
}
