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
 * Settings of the Janus HTTP (REST long-poll) transport, read from
 * {@code janus.transport.http.jcfg} by {@link #fromJcfg(JcfgGroup, Consumer)}.
 *
 * <p>Differences from Janus 1.1.2, all deliberate:
 * <ul>
 *   <li>Without {@code ip} and {@code interface} we listen on {@code 127.0.0.1}, not on every
 *       interface (see {@link ListenAddress}).</li>
 *   <li>A missing {@code http} key means enabled (Janus: disabled), so a config folder without
 *       this file still serves HTTP on loopback, as the embedded defaults promise.</li>
 *   <li>We do not terminate TLS: {@code https = true} only produces a warning and plain HTTP
 *       stays as configured; put a TLS proxy (nginx, HAProxy) in front, as the Janus docs also
 *       recommend for libmicrohttpd.</li>
 *   <li>The Admin API is not implemented: {@code admin_http}/{@code admin_https} produce a warning.</li>
 *   <li>Invalid values fail start-up with a {@link ConfigException}; Janus logs and falls back.</li>
 * </ul>
 *
 * @param enabled                   {@code general.http}
 * @param json                      {@code general.json}: how replies and events are written
 * @param basePath                  {@code general.base_path}, without a trailing slash (except {@code "/"})
 * @param listen                    {@code general.ip}, {@code general.interface}, {@code general.port}
 * @param acl                       {@code general.acl}, {@code general.acl_forwarded}
 * @param connectionLimit           {@code general.mhd_connection_limit}: open connections beyond it are closed
 * @param cors                      the {@code cors} group
 * @param maxRequestBytes           largest accepted request body; larger ones get HTTP 413 (not in Janus)
 * @param maxQueuedEventsPerSession events kept for a session nobody polls; beyond it the oldest is dropped
 * @param longPollTimeout           how long a {@code GET <base>/<session>} waits before answering
 *                                  {@code keepalive} (Janus: 30 s, fixed); shortened only by tests
 * @param requestTimeout            how long a POST waits for the core's reply (Janus: 10 s)
 * @param ioThreads                 event-loop threads when the server owns its group
 */
public record HttpTransportSettings(
        boolean enabled,
        JsonFormat json,
        String basePath,
        ListenAddress listen,
        AccessList acl,
        int connectionLimit,
        CorsPolicy cors,
        int maxRequestBytes,
        int maxQueuedEventsPerSession,
        Duration longPollTimeout,
        Duration requestTimeout,
        int ioThreads) {

    /** Janus's HTTP port. */
    public static final int DEFAULT_PORT = 8088;
    /** Janus's base path. */
    public static final String DEFAULT_BASE_PATH = "/janus";
    /** libmicrohttpd's default connection limit as Janus uses it: {@code FD_SETSIZE - 4}. */
    public static final int DEFAULT_CONNECTION_LIMIT = 1020;
    /** 1 MiB: a VideoRoom request with a large SDP is a few tens of KiB. */
    public static final int DEFAULT_MAX_REQUEST_BYTES = 1 << 20;
    /** Events kept per unpolled session before the oldest is dropped. */
    public static final int DEFAULT_MAX_QUEUED_EVENTS = 1000;
    /** {@code janus_http.c}: {@code janus_http_request_timeout_create(ts, session, 30)}. */
    public static final Duration DEFAULT_LONG_POLL_TIMEOUT = Duration.ofSeconds(30);
    /** {@code janus_http.c}: {@code janus_http_request_timeout_create(ts, NULL, 10)}. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private static final Set<String> GENERAL_KEYS = Set.of(
            "events", "json", "base_path", "http", "port", "interface", "ip",
            "https", "secure_port", "secure_interface", "secure_ip",
            "acl", "acl_forwarded", "admin_acl_forwarded",
            "mhd_connection_limit", "mhd_debug", "mhd_threadpool_size", "threads");
    private static final Set<String> ADMIN_KEYS = Set.of(
            "admin_base_path", "admin_threads", "admin_http", "admin_port", "admin_interface", "admin_ip",
            "admin_https", "admin_secure_port", "admin_secure_interface", "admin_secure_ip",
            "admin_acl", "admin_acl_forwarded", "admin_mhd_threadpool_size");

    public HttpTransportSettings {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(acl, "acl");
        Objects.requireNonNull(cors, "cors");
        basePath = normalizeBasePath(basePath);
        requirePositive(connectionLimit, "connectionLimit");
        requirePositive(maxRequestBytes, "maxRequestBytes");
        requirePositive(maxQueuedEventsPerSession, "maxQueuedEventsPerSession");
        requirePositive(ioThreads, "ioThreads");
        if (longPollTimeout.isNegative() || longPollTimeout.isZero()) {
            throw new IllegalArgumentException("longPollTimeout must be positive: " + longPollTimeout);
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive: " + requestTimeout);
        }
    }

    /** Everything at its default: HTTP on 127.0.0.1:8088, base path {@code /janus}. */
    public static HttpTransportSettings defaults() {
        return new HttpTransportSettings(true, JsonFormat.INDENTED, DEFAULT_BASE_PATH,
                ListenAddress.loopback(DEFAULT_PORT), AccessList.ALLOW_ALL, DEFAULT_CONNECTION_LIMIT,
                CorsPolicy.PERMISSIVE, DEFAULT_MAX_REQUEST_BYTES, DEFAULT_MAX_QUEUED_EVENTS,
                DEFAULT_LONG_POLL_TIMEOUT, DEFAULT_REQUEST_TIMEOUT, defaultIoThreads());
    }

    /**
     * Maps {@code janus.transport.http.jcfg}. Every key of Janus's sample file is known; unknown
     * keys and settings we accept but do not honour are reported to {@code warnings}
     * (one line each, starting with {@code file:line:col}).
     *
     * @throws ConfigException on an invalid value, naming file, line, column, key and what is allowed
     */
    public static HttpTransportSettings fromJcfg(JcfgGroup root, Consumer<String> warnings) {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(warnings, "warnings");
        root.reportUnknownKeys(Set.of("general", "admin", "cors", "certificates"), warnings);

        JcfgGroup general = root.group("general");
        general.reportUnknownKeys(GENERAL_KEYS, warnings);
        JsonFormat json = SettingsReader.json(general);
        String basePath = general.getString("base_path", DEFAULT_BASE_PATH).trim();
        if (!basePath.startsWith("/")) {
            throw ConfigException.invalid(SettingsReader.position(general, "base_path"),
                    general.qualify("base_path"), basePath, "expected a path starting with /, e.g. /janus");
        }
        boolean enabled = general.getBoolean("http", true);
        int port = SettingsReader.port(general, "port", DEFAULT_PORT);
        String networkInterface = SettingsReader.nonBlank(general, "interface");
        String ip = SettingsReader.ip(general, "ip");
        AccessList acl = SettingsReader.acl(general, "acl", "acl_forwarded");
        int connectionLimit = general.getInt("mhd_connection_limit", DEFAULT_CONNECTION_LIMIT, 1, 1_000_000);
        flag(general, "events");
        flag(general, "mhd_debug");
        flag(general, "admin_acl_forwarded");
        general.optString("mhd_threadpool_size");
        general.optString("threads");
        SettingsReader.port(general, "secure_port", 8089);
        if (flag(general, "https")) {
            warn(warnings, general, "https", "HTTPS is not supported: Wildfire SFU does not terminate TLS;"
                    + " put a TLS proxy in front of it. Plain HTTP stays "
                    + (enabled ? "enabled on port " + port : "disabled (http = false)"));
        }
        SettingsReader.nonBlank(general, "secure_interface");
        SettingsReader.ip(general, "secure_ip");

        JcfgGroup admin = root.group("admin");
        admin.reportUnknownKeys(ADMIN_KEYS, warnings);
        String adminBasePath = admin.getString("admin_base_path", "/admin");
        if (!adminBasePath.trim().startsWith("/")) {
            throw ConfigException.invalid(SettingsReader.position(admin, "admin_base_path"),
                    admin.qualify("admin_base_path"), adminBasePath, "expected a path starting with /, e.g. /admin");
        }
        SettingsReader.port(admin, "admin_port", 7088);
        SettingsReader.port(admin, "admin_secure_port", 7889);
        SettingsReader.nonBlank(admin, "admin_interface");
        SettingsReader.ip(admin, "admin_ip");
        SettingsReader.nonBlank(admin, "admin_secure_interface");
        SettingsReader.ip(admin, "admin_secure_ip");
        admin.getStringList("admin_acl");
        flag(admin, "admin_acl_forwarded");
        admin.optString("admin_threads");
        admin.optString("admin_mhd_threadpool_size");
        for (String key : new String[] {"admin_http", "admin_https"}) {
            if (flag(admin, key)) {
                warn(warnings, admin, key, "the Janus Admin API is not implemented yet; no admin server is started");
            }
        }

        CorsPolicy cors = SettingsReader.cors(root.group("cors"), warnings);
        SettingsReader.certificates(root.group("certificates"), warnings);

        HttpTransportSettings d = defaults();
        return new HttpTransportSettings(enabled, json, basePath, new ListenAddress(ip, networkInterface, port),
                acl, connectionLimit, cors, d.maxRequestBytes, d.maxQueuedEventsPerSession,
                d.longPollTimeout, d.requestTimeout, d.ioThreads);
    }

    /** A copy listening on {@code newListen} (tests use port 0). */
    public HttpTransportSettings withListen(ListenAddress newListen) {
        return new HttpTransportSettings(enabled, json, basePath, newListen, acl, connectionLimit, cors,
                maxRequestBytes, maxQueuedEventsPerSession, longPollTimeout, requestTimeout, ioThreads);
    }

    /** A copy with another long-poll timeout: the test-only knob (Janus has 30 s fixed). */
    public HttpTransportSettings withLongPollTimeout(Duration timeout) {
        return new HttpTransportSettings(enabled, json, basePath, listen, acl, connectionLimit, cors,
                maxRequestBytes, maxQueuedEventsPerSession, timeout, requestTimeout, ioThreads);
    }

    /** A copy with another request timeout. */
    public HttpTransportSettings withRequestTimeout(Duration timeout) {
        return new HttpTransportSettings(enabled, json, basePath, listen, acl, connectionLimit, cors,
                maxRequestBytes, maxQueuedEventsPerSession, longPollTimeout, timeout, ioThreads);
    }

    /** A copy with other body and queue limits. */
    public HttpTransportSettings withLimits(int newMaxRequestBytes, int newMaxQueuedEventsPerSession) {
        return new HttpTransportSettings(enabled, json, basePath, listen, acl, connectionLimit, cors,
                newMaxRequestBytes, newMaxQueuedEventsPerSession, longPollTimeout, requestTimeout, ioThreads);
    }

    /** A copy with another CORS policy. */
    public HttpTransportSettings withCors(CorsPolicy newCors) {
        return new HttpTransportSettings(enabled, json, basePath, listen, acl, connectionLimit, newCors,
                maxRequestBytes, maxQueuedEventsPerSession, longPollTimeout, requestTimeout, ioThreads);
    }

    /** A copy writing JSON in {@code format}. */
    public HttpTransportSettings withJson(JsonFormat format) {
        return new HttpTransportSettings(enabled, format, basePath, listen, acl, connectionLimit, cors,
                maxRequestBytes, maxQueuedEventsPerSession, longPollTimeout, requestTimeout, ioThreads);
    }

    /** A copy with another base path. */
    public HttpTransportSettings withBasePath(String path) {
        return new HttpTransportSettings(enabled, json, path, listen, acl, connectionLimit, cors,
                maxRequestBytes, maxQueuedEventsPerSession, longPollTimeout, requestTimeout, ioThreads);
    }

    /** A copy with another access list and connection limit. */
    public HttpTransportSettings withAccess(AccessList newAcl, int newConnectionLimit) {
        return new HttpTransportSettings(enabled, json, basePath, listen, newAcl, newConnectionLimit, cors,
                maxRequestBytes, maxQueuedEventsPerSession, longPollTimeout, requestTimeout, ioThreads);
    }

    /** As Janus: a trailing slash is dropped ({@code /janus/} is {@code /janus}); {@code /} stays. */
    private static String normalizeBasePath(String path) {
        Objects.requireNonNull(path, "basePath");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("basePath must start with /: " + path);
        }
        String p = path;
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    static void requirePositive(int value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }

    static int defaultIoThreads() {
        return Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
    }
}
