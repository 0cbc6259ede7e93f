package io.github.wildfiresfu.transport.mqtt;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/** The IM's {@code GET /api/node} endpoint, answering whatever {@link #answer(String)} set. */
final class FakeIm implements AutoCloseable {

    /** One request as received: the query and the Host header. */
    record Request(String query, String host, String connection) {
    }

    private final HttpServer server;
    private final AtomicReference<String> answer = new AtomicReference<>("");
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private FakeIm(HttpServer server) {
        this.server = server;
    }

    /** Listens on {@code port} (0: any free port) of 127.0.0.1. */
    static FakeIm start(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        FakeIm im = new FakeIm(server);
        server.createContext("/api/node", exchange -> {
            im.requests.add(new Request(exchange.getRequestURI().getRawQuery(),
                    exchange.getRequestHeaders().getFirst("Host"), exchange.getRequestHeaders().getFirst("Connection")));
            byte[] body = im.answer.get().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return im;
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** The body of the next answers, e.g. {@code 127.0.0.1:1883}. */
    FakeIm answer(String body) {
        answer.set(body);
        return this;
    }

    List<Request> requests() {
        return requests;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
