package io.github.wildfiresfu.transport.http;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.Objects;

/**
 * Where a transport listens, as Janus's {@code ip}/{@code interface}/{@code port} settings
 * describe it ({@code janus_http.c} {@code janus_http_create_daemon},
 * {@code janus_websockets.c} {@code janus_websockets_create_ws_server}).
 *
 * <ul>
 *   <li>{@code ip} set: bind that address; {@code "0.0.0.0"} means every IPv4 address and
 *       {@code "::"} every address (dual stack), as in Janus.</li>
 *   <li>only {@code networkInterface} set: bind the interface's first IPv4 address (Janus binds
 *       IPv4 only in that case: "When being explicit about the interface only, we only bind
 *       IPv4 for now").</li>
 *   <li>both set: {@code ip} must belong to that interface.</li>
 *   <li>neither set: Janus binds every interface; <b>we bind {@code 127.0.0.1}</b> so that a
 *       server started without configuration is not reachable from the network.</li>
 * </ul>
 *
 * @param ip               address to bind, or null
 * @param networkInterface interface name (e.g. {@code eth0}), or null
 * @param port             TCP port; 0 picks an ephemeral port (tests)
 */
public record ListenAddress(String ip, String networkInterface, int port) {

    /** The address used when neither {@code ip} nor {@code interface} is configured. */
    public static final String DEFAULT_IP = "127.0.0.1";

    public ListenAddress {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 0-65535");
        }
        if (ip == null && networkInterface == null) {
            ip = DEFAULT_IP;
        }
    }

    /** Loopback on {@code port}. */
    public static ListenAddress loopback(int port) {
        return new ListenAddress(DEFAULT_IP, null, port);
    }

    /** The same address on another port. */
    public ListenAddress withPort(int newPort) {
        return new ListenAddress(ip, networkInterface, newPort);
    }

    /**
     * The socket address to bind.
     *
     * @throws UnknownHostException if the ip is not a literal address, the interface does not
     *                              exist or has no suitable address, or the ip is not on the interface
     */
    public InetSocketAddress resolve() throws UnknownHostException {
        if (networkInterface == null) {
            return new InetSocketAddress(literal(ip), port);
        }
        NetworkInterface nif;
        try {
            nif = NetworkInterface.getByName(networkInterface);
        } catch (SocketException e) {
            throw new UnknownHostException("cannot read network interface " + networkInterface + ": " + e.getMessage());
        }
        if (nif == null) {
            throw new UnknownHostException("no network interface named " + networkInterface);
        }
        InetAddress wanted = ip == null ? null : literal(ip);
        for (InetAddress a : Collections.list(nif.getInetAddresses())) {
            if (wanted == null ? a instanceof Inet4Address : a.equals(wanted)) {
                return new InetSocketAddress(a, port);
            }
        }
        throw new UnknownHostException(wanted == null
                ? "network interface " + networkInterface + " has no IPv4 address"
                : ip + " is not an address of network interface " + networkInterface);
    }

    /** {@code 127.0.0.1:8088}, {@code [::1]:8088} or {@code eth0:8088}, for messages. */
    public String describe() {
        String host = ip != null ? (ip.contains(":") ? "[" + ip + "]" : ip) : networkInterface;
        if (ip != null && networkInterface != null) {
            host = host + "%" + networkInterface;
        }
        return host + ":" + port;
    }

    /** Parses a numeric address only: a host name would trigger a DNS lookup at start-up. */
    private static InetAddress literal(String text) throws UnknownHostException {
        Objects.requireNonNull(text);
        String t = text.trim();
        boolean v4 = t.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        if (v4) {
            for (String octet : t.split("\\.")) {
                v4 &= Integer.parseInt(octet) <= 255;
            }
        }
        // IPv6 literal, optionally with a %scope suffix (fe80::1%eth0).
        boolean v6 = t.matches("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*(%[\\w.-]+)?");
        if (!v4 && !v6) {
            throw new UnknownHostException(text + " is not a numeric IPv4 or IPv6 address");
        }
        // getByName does no DNS lookup for a literal; it still rejects malformed ones.
        return InetAddress.getByName(t);
    }

    /** Whether {@code text} is a numeric address {@link #resolve()} accepts. */
    static boolean isLiteral(String text) {
        try {
            literal(text);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
