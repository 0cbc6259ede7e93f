package io.github.wildfiresfu.transport.mqtt;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Asks the Wildfire IM which MQTT broker to use: {@code GET /api/node?id=<client_id>} on a plain
 * TCP socket, as {@code getNodeHost()} in the fork's {@code janus_mqtt.c} does
 * (wildfire-protocol.md §1.2).
 *
 * <ul>
 *   <li>The request is exactly {@code GET /api/node?id=<id> HTTP/1.1}, {@code Host: <im_host>}
 *       (no port), {@code Connection: close}. The id is percent-encoded, which leaves the usual
 *       ids ({@code [A-Za-z0-9._~-]}) unchanged; the fork pastes it raw.</li>
 *   <li>Connect and each read time out after the bootstrap timeout (5 s, the fork's
 *       {@code SO_RCVTIMEO}/{@code SO_SNDTIMEO}).</li>
 *   <li>The answer is read until the IM closes the connection; the status code is ignored, and
 *       everything after the first CRLFCRLF is the body, which must be at most 1 KiB (the fork's
 *       buffer) and parse as a {@link BrokerAddress} (surrounding whitespace trimmed, see
 *       {@link BrokerAddress#parse}). There is no chunked decoding, as in the fork.</li>
 *   <li>Hosts are asked in order and the first valid answer wins.</li>
 * </ul>
 * Not thread-safe except {@link #abort()}, which may be called from any thread to unblock a
 * resolution in progress (used by {@code close()}).
 */
final class ImNodeResolver {

    /** The fork's answer buffer: a longer body cannot be a node address. */
    static final int MAX_BODY_BYTES = 1024;
    /** Headers plus body; more is not an answer we read. */
    static final int MAX_ANSWER_BYTES = 64 * 1024;

    private final List<String> hosts;
    private final int port;
    private final String clientId;
    private final int defaultMqttPort;
    private final int timeoutMillis;
    private volatile Socket current;
    private volatile boolean aborted;

    ImNodeResolver(List<String> hosts, int port, String clientId, int defaultMqttPort, Duration timeout) {
        this.hosts = List.copyOf(hosts);
        this.port = port;
        this.clientId = Objects.requireNonNull(clientId, "clientId");
        this.defaultMqttPort = defaultMqttPort;
        this.timeoutMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    }

    /** One IM's answer: the broker and which IM named it. */
    record Answer(BrokerAddress broker, String imHost) {
    }

    /**
     * Asks each IM host in turn. Returns the first valid answer, or empty when none answered;
     * {@code failures} then receives one line per host saying why.
     */
    Optional<Answer> resolve(List<String> failures) {
        for (String host : hosts) {
            if (aborted) {
                failures.add("stopped");
                return Optional.empty();
            }
            try {
                String body = fetchBody(host);
                Optional<BrokerAddress> broker = BrokerAddress.parse(body, defaultMqttPort);
                if (broker.isPresent()) {
                    return Optional.of(new Answer(broker.get(), host));
                }
                failures.add(describe(host) + " answered " + quote(body) + ", which is not a host or host:port");
            } catch (IOException | RuntimeException e) {
                failures.add(describe(host) + ": " + reason(e));
            }
        }
        return Optional.empty();
    }

    /** Unblocks a resolution in progress and makes later ones fail at once. */
    void abort() {
        aborted = true;
        Socket s = current;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // Closing is all we wanted.
            }
        }
    }

    /** The request the fork writes, byte for byte apart from the percent-encoding of the id. */
    String request(String host) {
        return "GET /api/node?id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8).replace("+", "%20")
                + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n";
    }

    private String fetchBody(String host) throws IOException {
        try (Socket socket = new Socket()) {
            current = socket;
            if (aborted) {
                throw new IOException("stopped");
            }
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            OutputStream out = socket.getOutputStream();
            out.write(request(host).getBytes(StandardCharsets.UTF_8));
            out.flush();
            byte[] answer = readAnswer(socket.getInputStream());
            int bodyStart = indexOfBlankLine(answer);
            if (bodyStart < 0) {
                throw new IOException("the answer has no header end (CRLFCRLF)" + statusOf(answer));
            }
            int bodyLength = answer.length - bodyStart;
            if (bodyLength > MAX_BODY_BYTES) {
                throw new IOException("the answer body has " + bodyLength + " bytes, more than a node address's "
                        + MAX_BODY_BYTES + statusOf(answer));
            }
            return new String(answer, bodyStart, bodyLength, StandardCharsets.UTF_8);
        } finally {
            current = null;
        }
    }

    private static byte[] readAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            answer.write(buffer, 0, n);
            if (answer.size() > MAX_ANSWER_BYTES) {
                throw new IOException("the answer is longer than " + MAX_ANSWER_BYTES + " bytes");
            }
        }
        return answer.toByteArray();
    }

    private static int indexOfBlankLine(byte[] b) {
        for (int i = 0; i + 3 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') {
                return i + 4;
            }
        }
        return -1;
    }

    private static String statusOf(byte[] answer) {
        String text = new String(answer, 0, Math.min(answer.length, 200), StandardCharsets.ISO_8859_1);
        int eol = text.indexOf('\r');
        String line = eol >= 0 ? text.substring(0, eol) : text;
        return line.isBlank() ? "" : " (" + line.strip() + ")";
    }

    private String describe(String host) {
        return "http://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port + "/api/node";
    }

    private static String reason(Exception e) {
        if (e instanceof SocketTimeoutException) {
            return "no answer in time";
        }
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : " " + message);
    }

    private static String quote(String body) {
        String shown = body.length() > 80 ? body.substring(0, 80) + "..." : body;
        return "\"" + shown.replace("\r", "\\r").replace("\n", "\\n") + "\"";
    }
}
