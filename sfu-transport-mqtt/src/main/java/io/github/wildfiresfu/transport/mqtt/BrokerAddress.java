package io.github.wildfiresfu.transport.mqtt;

import java.util.Objects;
import java.util.Optional;

/**
 * Where the IM's MQTT broker listens, as {@code GET /api/node} names it.
 *
 * @param host a host name or IP literal (IPv6 without brackets)
 * @param port the TCP port
 */
public record BrokerAddress(String host, int port) {

    public BrokerAddress {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("empty broker host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("broker port out of range: " + port);
        }
    }

    /**
     * Reads the body of an {@code /api/node} answer. The fork builds {@code tcp://<body>} when the
     * body holds a {@code :}, else {@code tcp://<body>:<mqtt_port>} ({@code janus_mqtt.c},
     * {@code getNodeHost()} callers). We read the same {@code host:port} or {@code host} forms,
     * plus {@code [v6]:port}, {@code [v6]} and a bare IPv6 literal (which the fork would turn into
     * a broken URL). Leading and trailing whitespace is dropped (the fork keeps it, so a trailing
     * newline would break its URL). Anything else (HTML, JSON, a chunked body, inner whitespace,
     * a bad port) is not an address: empty.
     */
    public static Optional<BrokerAddress> parse(String body, int defaultPort) {
        if (body == null) {
            return Optional.empty();
        }
        String text = body.strip();
        if (text.isEmpty() || text.chars().anyMatch(c -> c <= ' ' || c == 0x7f || "/<>{}\"'".indexOf(c) >= 0)) {
            return Optional.empty();
        }
        String host;
        String port = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 2) {
                return Optional.empty();
            }
            host = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    return Optional.empty();
                }
                port = rest.substring(1);
            }
        } else {
            int first = text.indexOf(':');
            if (first < 0) {
                host = text;
            } else if (first == text.lastIndexOf(':')) {
                host = text.substring(0, first);
                port = text.substring(first + 1);
            } else {
                host = text; // a bare IPv6 literal
            }
        }
        if (host.isEmpty() || host.contains("[") || host.contains("]")) {
            return Optional.empty();
        }
        int portNumber = defaultPort;
        if (port != null) {
            if (!port.matches("\\d{1,5}")) {
                return Optional.empty();
            }
            portNumber = Integer.parseInt(port);
            if (portNumber < 1 || portNumber > 65535) {
                return Optional.empty();
            }
        }
        return Optional.of(new BrokerAddress(host, portNumber));
    }

    /** {@code host:port}, with brackets around an IPv6 host. */
    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
