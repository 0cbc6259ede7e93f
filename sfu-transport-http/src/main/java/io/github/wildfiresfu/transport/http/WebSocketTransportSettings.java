package io.github.wildfiresfu.transport.http;

import static io.github.wildfiresfu.transport.http.SettingsReader.flag;
import static io.github.wildfiresfu.transport.http.SettingsReader.warn;

import io.github.wildfiresfu.config.ConfigException;
import io.github.wildfiresfu.config.JcfgGroup;
import io.github.wildfiresfu.janus.JsonFormat;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Settings of the Janus WebSocket transport (subprotocol {@code janus-protocol}), read from
 * {@code janus.transport.websockets.jcfg} by {@link #fromJcfg(JcfgGroup, Consumer)}.
 *
 * <p>Differences from Janus 1.1.2, all deliberate: without {@code ws_ip}/{@code ws_interface}
 * we listen on {@code 127.0.0.1} (Janus: every interface); a missing {@code ws} key means
 * enabled; {@code wss} (TLS), {@code ws_unix} (Unix sockets) and the Admin API
 * ({@code admin_ws}/{@code admin_wss}) are not supported and only produce warnings; invalid
 * values fail start-up with a {@link ConfigException}.
 *
 * @param enabled            {@code general.ws}
 * @param json               {@code general.json}
 * @param listen             {@code general.ws_ip}, {@code general.ws_interface}, {@code general.ws_port}
 * @param acl                {@code general.ws_acl}, {@code general.ws_acl_forwarded}
 * @param cors               the {@code cors} group: headers on the handshake and, with
 *                           {@code enforce_cors}, refusal of foreign origins
 * @param pingInterval       {@code general.pingpong_trigger}: idle time after which we send a
 *                           WebSocket PING; {@link Duration#ZERO} disables ping/pong
 * @param pongTimeout        {@code general.pingpong_timeout}: how long after that PING we wait for
 *                           any frame before closing the connection
 * @param maxMessageBytes    largest request message (after joining fragments); larger ones close
 *                           the connection with status 1009 (not in Janus)
 * @param maxPendingOutboundBytes bytes queued towards a client that does not read; beyond it the
 *                           connection is closed (not in Janus, which queues without bound)
 * @param ioThreads          event-loop threads when the server owns its group
 */
public record WebSocketTransportSettings(
        boolean enabled,
        JsonFormat json,
        ListenAddress listen,
        AccessList acl,
        CorsPolicy cors,
        Duration pingInterval,
        Duration pongTimeout,
        int maxMessageBytes,
        int maxPendingOutboundBytes,
        int ioThreads) {

    /** Janus's WebSocket port. */
    public static final int DEFAULT_PORT = 8188;
    /** The Janus API subprotocol ({@code janus_websockets.c} {@code ws_protocols}). */
    public static final String JANUS_PROTOCOL = "janus-protocol";
    /** The Admin API subprotocol, which we refuse. */
    public static final String ADMIN_PROTOCOL = "janus-admin-protocol";
    /** 1 MiB, as the HTTP transport's body limit. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 1 << 20;
    /** 16 MiB of unread replies and events. */
    public static final int DEFAULT_MAX_PENDING_OUTBOUND_BYTES = 16 << 20;

    private static final Set<String> GENERAL_KEYS = Set.of(
            "events", "json", "pingpong_trigger", "pingpong_timeout",
            "ws", "ws_port", "ws_interface", "ws_ip", "ws_unix",
            "wss", "wss_port", "wss_interface", "wss_ip", "wss_unix",
            "ws_logging", "ws_acl", "ws_acl_forwarded", "admin_ws_acl_forwarded");
    private static final Set<String> ADMIN_KEYS = Set.of(
            "admin_ws", "admin_ws_port", "admin_ws_interface", "admin_ws_ip", "admin_ws_unix",
            "admin_wss", "admin_wss_port", "admin_wss_interface", "admin_wss_ip", "admin_wss_unix",
            "admin_ws_acl");

    public WebSocketTransportSettings {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(acl, "acl");
        Objects.requireNonNull(cors, "cors");
        Objects.requireNonNull(pingInterval, "pingInterval");
        Objects.requireNonNull(pongTimeout, "pongTimeout");
        if (pingInterval.isNegative() || pongTimeout.isNegative()) {
            throw new IllegalArgumentException("ping/pong durations must not be negative");
        }
        if (!pingInterval.isZero() && pongTimeout.isZero()) {
            throw new IllegalArgumentException("a ping interval needs a positive pong timeout");
        }
        HttpTransportSettings.requirePositive(maxMessageBytes, "maxMessageBytes");
        HttpTransportSettings.requirePositive(maxPendingOutboundBytes, "maxPendingOutboundBytes");
        HttpTransportSettings.requirePositive(ioThreads, "ioThreads");
    }

    /** Everything at its default: WebSocket on 127.0.0.1:8188, no ping/pong. */
    public static WebSocketTransportSettings defaults() {
        return new WebSocketTransportSettings(true, JsonFormat.INDENTED, ListenAddress.loopback(DEFAULT_PORT),
                AccessList.ALLOW_ALL, CorsPolicy.PERMISSIVE, Duration.ZERO, Duration.ZERO,
                DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_MAX_PENDING_OUTBOUND_BYTES,
                HttpTransportSettings.defaultIoThreads());
    }

    /**
     * Maps {@code janus.transport.websockets.jcfg}. Every key of Janus's sample file is known;
     * unknown keys and settings we accept but do not honour are reported to {@code warnings}.
     *
     * @throws ConfigException on an invalid value, naming file, line, column, key and what is allowed
     */
    public static WebSocketTransportSettings fromJcfg(JcfgGroup root, Consumer<String> warnings) {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(warnings, "warnings");
        root.reportUnknownKeys(Set.of("general", "admin", "cors", "certificates"), warnings);

        JcfgGroup general = root.group("general");
        general.reportUnknownKeys(GENERAL_KEYS, warnings);
        JsonFormat json = SettingsReader.json(general);
        boolean enabled = general.getBoolean("ws", true);
        int port = SettingsReader.port(general, "ws_port", DEFAULT_PORT);
        String networkInterface = SettingsReader.nonBlank(general, "ws_interface");
        String ip = SettingsReader.ip(general, "ws_ip");
        AccessList acl = SettingsReader.acl(general, "ws_acl", "ws_acl_forwarded");
        flag(general, "events");
        flag(general, "admin_ws_acl_forwarded");
        general.optString("ws_logging");
        if (SettingsReader.nonBlank(general, "ws_unix") != null) {
            warn(warnings, general, "ws_unix", "Unix-socket WebSockets are not supported; listening on TCP "
                    + new ListenAddress(ip, networkInterface, port).describe() + " instead");
        }
        SettingsReader.port(general, "wss_port", 8989);
        SettingsReader.nonBlank(general, "wss_interface");
        SettingsReader.ip(general, "wss_ip");
        SettingsReader.nonBlank(general, "wss_unix");
        if (flag(general, "wss")) {
            warn(warnings, general, "wss", "secure WebSockets are not supported: Wildfire SFU does not terminate"
                    + " TLS; put a TLS proxy in front of it. Plain WebSockets stay "
                    + (enabled ? "enabled on port " + port : "disabled (ws = false)"));
        }

        // janus_websockets.c: both must be positive, else "not both set, ignoring".
        long trigger = general.getLong("pingpong_trigger", 0, 0, 86_400);
        long timeout = general.getLong("pingpong_timeout", 0, 0, 86_400);
        if ((trigger > 0) != (timeout > 0)) {
            warn(warnings, general, trigger > 0 ? "pingpong_trigger" : "pingpong_timeout",
                    "pingpong_trigger and pingpong_timeout must both be set; ping/pong stays off (as in Janus)");
            trigger = 0;
            timeout = 0;
        }

        JcfgGroup admin = root.group("admin");
        admin.reportUnknownKeys(ADMIN_KEYS, warnings);
        SettingsReader.port(admin, "admin_ws_port", 7188);
        SettingsReader.port(admin, "admin_wss_port", 7989);
        for (String prefix : new String[] {"admin_ws", "admin_wss"}) {
            SettingsReader.nonBlank(admin, prefix + "_interface");
            SettingsReader.ip(admin, prefix + "_ip");
            SettingsReader.nonBlank(admin, prefix + "_unix");
            if (flag(admin, prefix)) {
                warn(warnings, admin, prefix, "the Janus Admin API is not implemented yet; no admin server is"
                        + " started and janus-admin-protocol connections are refused");
            }
        }
        admin.getStringList("admin_ws_acl");

        CorsPolicy cors = SettingsReader.cors(root.group("cors"), warnings);
        SettingsReader.certificates(root.group("certificates"), warnings);

        WebSocketTransportSettings d = defaults();
        return new WebSocketTransportSettings(enabled, json, new ListenAddress(ip, networkInterface, port), acl,
                cors, Duration.ofSeconds(trigger), Duration.ofSeconds(timeout), d.maxMessageBytes,
                d.maxPendingOutboundBytes, d.ioThreads);
    }

    /** Whether the server sends PINGs and closes silent connections. */
    public boolean pingPongEnabled() {
        return !pingInterval.isZero();
    }

    /** A copy listening on {@code newListen} (tests use port 0). */
    public WebSocketTransportSettings withListen(ListenAddress newListen) {
        return new WebSocketTransportSettings(enabled, json, newListen, acl, cors, pingInterval, pongTimeout,
                maxMessageBytes, maxPendingOutboundBytes, ioThreads);
    }

    /** A copy with ping/pong timing (ZERO, ZERO disables it). */
    public WebSocketTransportSettings withPingPong(Duration interval, Duration timeout) {
        return new WebSocketTransportSettings(enabled, json, listen, acl, cors, interval, timeout,
                maxMessageBytes, maxPendingOutboundBytes, ioThreads);
    }

    /** A copy with another message limit. */
    public WebSocketTransportSettings withMaxMessageBytes(int bytes) {
        return new WebSocketTransportSettings(enabled, json, listen, acl, cors, pingInterval, pongTimeout,
                bytes, maxPendingOutboundBytes, ioThreads);
    }

    /** A copy with another CORS policy. */
    public WebSocketTransportSettings withCors(CorsPolicy newCors) {
        return new WebSocketTransportSettings(enabled, json, listen, acl, newCors, pingInterval, pongTimeout,
                maxMessageBytes, maxPendingOutboundBytes, ioThreads);
    }

    /** A copy writing JSON in {@code format}. */
    public WebSocketTransportSettings withJson(JsonFormat format) {
        return new WebSocketTransportSettings(enabled, format, listen, acl, cors, pingInterval, pongTimeout,
                maxMessageBytes, maxPendingOutboundBytes, ioThreads);
    }

    /** A copy with another access list. */
    public WebSocketTransportSettings withAcl(AccessList newAcl) {
        return new WebSocketTransportSettings(enabled, json, listen, newAcl, cors, pingInterval, pongTimeout,
                maxMessageBytes, maxPendingOutboundBytes, ioThreads);
    }
}
