package io.github.wildfiresfu.transport.mqtt;

import io.github.wildfiresfu.config.ConfigException;
import io.github.wildfiresfu.config.JcfgGroup;
import io.github.wildfiresfu.config.JcfgValue;
import io.github.wildfiresfu.janus.JsonFormat;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Settings of the Wildfire MQTT transport, read from {@code janus.transport.mqtt.jcfg} by
 * {@link #fromJcfg(JcfgGroup, Consumer)} with the keys and defaults of the Wildfire fork's
 * {@code src/transports/janus_mqtt.c} (wildfire-protocol.md §1.1).
 *
 * <p>The fork reads only {@code enabled}, {@code im_host}, {@code im_port}, {@code mqtt_port},
 * {@code client_id}, {@code json}, {@code keep_alive_interval}, {@code cleansession},
 * {@code max_inflight}, {@code max_buffered} and {@code disconnect_timeout}. Topics and QoS are
 * hard-coded ({@code to-janus}/{@code from-janus}, QoS 0); the legacy {@code url},
 * {@code username} and {@code password} keys are commented out in its code (the broker comes from
 * {@code /api/node}, the credentials are the client id). We know those keys and warn when they ask
 * for something else; TLS, status messages and the Admin API over MQTT are not supported and warn
 * when switched on. Unlike the fork (which logs and falls back to the default), an invalid value
 * fails start-up with a {@link ConfigException}, as for the other transports of this server.
 *
 * <p>The fields after {@code disconnectTimeout} are not in the jcfg file: they hold the fork's
 * fixed timings (Paho's {@code connectTimeout=5}, {@code maxRetryInterval=10}, the 5 s socket
 * timeouts of {@code getNodeHost()}) so tests can shorten them.
 *
 * @param enabled              {@code general.enabled} (legacy {@code enable}); default false, as in Janus
 * @param imHosts              {@code general.im_host}: the IM hosts asked for {@code /api/node}, in order
 *                             (a comma list; entries are trimmed, empty ones dropped); default {@code localhost}
 * @param imPort               {@code general.im_port}: HTTP port of {@code /api/node}; default 80
 * @param clientId             {@code general.client_id}: MQTT client id, username and password; default {@code guest}
 * @param mqttPort             {@code general.mqtt_port}: broker port when {@code /api/node} returns no port; default 1883
 * @param json                 {@code general.json}: format of JSON messages; default indented
 * @param keepAliveSeconds     {@code general.keep_alive_interval}: MQTT keep-alive; default 20 (0 disables)
 * @param cleanSession         {@code general.cleansession} (non-zero = true); default false
 * @param maxInflight          {@code general.max_inflight}: publishes handed to the MQTT client and not yet
 *                             written; default 10
 * @param maxBuffered          {@code general.max_buffered}: messages kept while the broker is away; default 100
 * @param disconnectTimeout    {@code general.disconnect_timeout} (ms): how long {@code close()} waits for a
 *                             clean MQTT DISCONNECT; default 100 ms
 * @param connectTimeout       TCP and CONNACK timeout of one MQTT connect; 5 s
 * @param bootstrapTimeout     connect and read timeout of one {@code /api/node} request; 5 s
 * @param reconnectMinDelay    first delay of the reconnect/bootstrap backoff (doubling); 1 s
 * @param reconnectMaxDelay    cap of that backoff; 10 s (Paho {@code maxRetryInterval=10})
 * @param sessionTouchInterval while the broker is away, how often the Janus sessions of this link get their
 *                             activity refreshed so the outage does not time them out; 2 s (the core's sweep)
 * @param maxRequestBytes      largest request accepted (after gunzip for {@code zto}); 1 MiB
 */
public record MqttTransportSettings(
        boolean enabled,
        List<String> imHosts,
        int imPort,
        String clientId,
        int mqttPort,
        JsonFormat json,
        int keepAliveSeconds,
        boolean cleanSession,
        int maxInflight,
        int maxBuffered,
        Duration disconnectTimeout,
        Duration connectTimeout,
        Duration bootstrapTimeout,
        Duration reconnectMinDelay,
        Duration reconnectMaxDelay,
        Duration sessionTouchInterval,
        int maxRequestBytes) {

    /** The fork's default client id; the IM accepts only ids in its {@code conference.client_list}. */
    public static final String DEFAULT_CLIENT_ID = "guest";
    /** The only topic subscribed (hard-coded in the fork). */
    public static final String SUBSCRIBE_TOPIC = "to-janus";
    /** Where JSON replies and events go (hard-coded in the fork). */
    public static final String PUBLISH_TOPIC = "from-janus";
    /** Requests on this topic are gzip-compressed JSON. */
    public static final String GZIP_REQUEST_TOPIC = "zto";
    /** The one MQTT version the fork speaks. */
    public static final String MQTT_VERSION = "3.1.1";

    private static final Set<String> ROOT_KEYS = Set.of("general", "admin", "status");
    private static final Set<String> GENERAL_KEYS = Set.of(
            "enabled", "enable", "events", "json", "im_host", "im_port", "mqtt_port", "client_id",
            "keep_alive_interval", "cleansession", "max_inflight", "max_buffered", "disconnect_timeout",
            "url", "username", "password", "subscribe_topic", "subscribe_qos", "publish_topic", "publish_qos",
            "mqtt_version", "ssl_enabled", "ssl_enable", "verify_peer", "cacertfile", "certfile", "keyfile",
            "vacuum_interval", "proxy_transaction_user_properties", "add_transaction_user_properties",
            "admin_enable");
    private static final Set<String> ADMIN_KEYS = Set.of(
            "admin_enabled", "subscribe_topic", "subscribe_qos", "publish_topic", "publish_qos");
    private static final Set<String> STATUS_KEYS = Set.of(
            "enabled", "connect_message", "disconnect_message", "topic", "qos", "retain");

    public MqttTransportSettings {
        imHosts = List.copyOf(Objects.requireNonNull(imHosts, "imHosts"));
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(disconnectTimeout, "disconnectTimeout");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(bootstrapTimeout, "bootstrapTimeout");
        Objects.requireNonNull(reconnectMinDelay, "reconnectMinDelay");
        Objects.requireNonNull(reconnectMaxDelay, "reconnectMaxDelay");
        Objects.requireNonNull(sessionTouchInterval, "sessionTouchInterval");
        if (imHosts.isEmpty() || imHosts.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("imHosts must name at least one host and no blank one");
        }
        requireRange(imPort, 1, 65535, "imPort");
        requireRange(mqttPort, 1, 65535, "mqttPort");
        requireRange(keepAliveSeconds, 0, 65535, "keepAliveSeconds");
        requireRange(maxInflight, 1, 65535, "maxInflight");
        requireRange(maxBuffered, 0, Integer.MAX_VALUE, "maxBuffered");
        requireRange(maxRequestBytes, 1, Integer.MAX_VALUE, "maxRequestBytes");
        if (clientId.isEmpty() || clientId.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("clientId must be non-empty text without control characters");
        }
        for (Duration d : List.of(connectTimeout, bootstrapTimeout, reconnectMinDelay, reconnectMaxDelay,
                sessionTouchInterval)) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("timeouts, delays and intervals must be positive: " + d);
            }
        }
        if (disconnectTimeout.isNegative()) {
            throw new IllegalArgumentException("disconnectTimeout must not be negative");
        }
        if (reconnectMaxDelay.compareTo(reconnectMinDelay) < 0) {
            throw new IllegalArgumentException("reconnectMaxDelay must not be below reconnectMinDelay");
        }
    }

    /** The fork's defaults (transport disabled, IM on localhost:80, client id {@code guest}). */
    public static MqttTransportSettings defaults() {
        return new MqttTransportSettings(false, List.of("localhost"), 80, DEFAULT_CLIENT_ID, 1883,
                JsonFormat.INDENTED, 20, false, 10, 100, Duration.ofMillis(100), Duration.ofSeconds(5),
                Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(2), 1 << 20);
    }

    /**
     * Maps {@code janus.transport.mqtt.jcfg} (groups {@code general}, {@code admin}, {@code status}).
     * Unknown keys, ignored legacy keys and unsupported features are reported to {@code warnings}.
     *
     * @throws ConfigException on an invalid value, naming file, line, column, key and what is allowed
     */
    public static MqttTransportSettings fromJcfg(JcfgGroup root, Consumer<String> warnings) {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(warnings, "warnings");
        root.reportUnknownKeys(ROOT_KEYS, warnings);
        JcfgGroup general = root.group("general");
        general.reportUnknownKeys(GENERAL_KEYS, warnings);

        boolean enabled;
        if (general.has("enabled")) {
            enabled = general.getBoolean("enabled", false);
        } else {
            enabled = general.getBoolean("enable", false);
            if (general.has("enable")) {
                warn(warnings, general, "enable", "deprecated, use 'enabled' instead (as Janus says)");
            }
        }
        general.optBoolean("events");

        List<String> hosts = general.has("im_host") ? general.getStringList("im_host") : List.of("localhost");
        if (hosts.isEmpty()) {
            throw ConfigException.invalid(position(general, "im_host"), general.qualify("im_host"),
                    general.getString("im_host", ""), "expected one or more IM hosts separated by commas");
        }
        int imPort = general.getInt("im_port", 80, 1, 65535);
        int mqttPort = general.getInt("mqtt_port", 1883, 1, 65535);
        String clientId = general.getString("client_id", DEFAULT_CLIENT_ID);
        if (clientId.isEmpty() || clientId.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw ConfigException.invalid(position(general, "client_id"), general.qualify("client_id"), clientId,
                    "expected a non-empty id without control characters");
        }
        if (enabled && !general.has("client_id")) {
            // Only worth saying when the IM link is on; a server without MQTT has no client id.
            warnings.accept(general.qualify("client_id") + " is not set: using \"" + DEFAULT_CLIENT_ID
                    + "\"; the Wildfire IM only accepts ids listed in its conference.client_list");
        }
        JsonFormat json = json(general);
        int keepAlive = general.getInt("keep_alive_interval", 20, 0, 65535);
        boolean cleanSession = cleanSession(general);
        int maxInflight = general.getInt("max_inflight", 10, 1, 65535);
        int maxBuffered = general.getInt("max_buffered", 100, 0, 1_000_000);
        long disconnectMs = general.getLong("disconnect_timeout", 100, 0, 60_000);

        legacyKeys(general, warnings);
        unsupportedFeatures(root, general, warnings);

        MqttTransportSettings d = defaults();
        return new MqttTransportSettings(enabled, hosts, imPort, clientId, mqttPort, json, keepAlive, cleanSession,
                maxInflight, maxBuffered, Duration.ofMillis(disconnectMs), d.connectTimeout, d.bootstrapTimeout,
                d.reconnectMinDelay, d.reconnectMaxDelay, d.sessionTouchInterval, d.maxRequestBytes);
    }

    /** The fork reads {@code cleansession} with {@code atoi}: any non-zero number is true. Booleans are accepted too. */
    private static boolean cleanSession(JcfgGroup general) {
        try {
            return general.getBoolean("cleansession", false);
        } catch (ConfigException notABoolean) {
            return general.getLong("cleansession", 0, 0, Integer.MAX_VALUE) != 0;
        }
    }

    private static JsonFormat json(JcfgGroup general) {
        Optional<String> text = general.optString("json");
        if (text.isEmpty()) {
            return JsonFormat.INDENTED;
        }
        try {
            return JsonFormat.fromConfig(text.get());
        } catch (IllegalArgumentException e) {
            throw ConfigException.invalid(position(general, "json"), general.qualify("json"), text.get(),
                    "expected indented, plain or compact");
        }
    }

    /** Keys the fork no longer reads: warn only when they ask for something the fork would not do. */
    private static void legacyKeys(JcfgGroup general, Consumer<String> warnings) {
        for (String key : List.of("url", "username", "password")) {
            if (general.has(key)) {
                general.optString(key);
                warn(warnings, general, key, "ignored: the broker address comes from the IM's /api/node and the"
                        + " MQTT username and password are client_id (as in the Wildfire fork)");
            }
        }
        expectValue(general, "subscribe_topic", SUBSCRIBE_TOPIC, warnings);
        expectValue(general, "publish_topic", PUBLISH_TOPIC, warnings);
        for (String key : List.of("subscribe_qos", "publish_qos")) {
            long qos = general.getLong(key, 0, 0, 2);
            if (qos != 0) {
                warn(warnings, general, key, "ignored: the Wildfire fork always uses QoS 0");
            }
        }
        Optional<String> version = general.optString("mqtt_version");
        if (version.isPresent() && !version.get().trim().equals(MQTT_VERSION)) {
            warn(warnings, general, "mqtt_version", "ignored: the Wildfire IM link uses MQTT " + MQTT_VERSION);
        }
        general.optLong("vacuum_interval", Long.MIN_VALUE, Long.MAX_VALUE);
    }

    private static void expectValue(JcfgGroup group, String key, String hardCoded, Consumer<String> warnings) {
        Optional<String> value = group.optString(key);
        if (value.isPresent() && !value.get().equals(hardCoded)) {
            warn(warnings, group, key, "ignored: the Wildfire fork always uses \"" + hardCoded + "\"");
        }
    }

    private static void unsupportedFeatures(JcfgGroup root, JcfgGroup general, Consumer<String> warnings) {
        String ssl = general.has("ssl_enabled") ? "ssl_enabled" : "ssl_enable";
        if (general.getBoolean(ssl, false)) {
            warn(warnings, general, ssl, "TLS to the broker is not supported; connecting over plain TCP (the"
                    + " Wildfire fork builds a tcp:// URL from /api/node)");
        }
        general.optBoolean("verify_peer");
        for (String key : List.of("cacertfile", "certfile", "keyfile")) {
            general.optString(key);
        }

        JcfgGroup admin = root.group("admin");
        admin.reportUnknownKeys(ADMIN_KEYS, warnings);
        boolean adminEnabled = admin.has("admin_enabled")
                ? admin.getBoolean("admin_enabled", false) : general.getBoolean("admin_enable", false);
        if (adminEnabled) {
            warn(warnings, admin.has("admin_enabled") ? admin : general,
                    admin.has("admin_enabled") ? "admin_enabled" : "admin_enable",
                    "the Janus Admin API over MQTT is not supported; admin topics are not subscribed");
        }
        admin.optString("subscribe_topic");
        admin.optString("publish_topic");
        admin.getLong("subscribe_qos", 1, 0, 2);
        admin.getLong("publish_qos", 1, 0, 2);

        JcfgGroup status = root.group("status");
        status.reportUnknownKeys(STATUS_KEYS, warnings);
        if (status.getBoolean("enabled", false)) {
            warn(warnings, status, "enabled", "MQTT status messages (online/LWT) are not supported; none are sent"
                    + " (Wildfire ships them disabled)");
        }
        status.optString("connect_message");
        status.optString("disconnect_message");
        status.optString("topic");
        status.getLong("qos", 1, 0, 2);
        status.optBoolean("retain");
    }

    private static void warn(Consumer<String> warnings, JcfgGroup group, String key, String what) {
        warnings.accept(position(group, key) + ": " + group.qualify(key) + ": " + what);
    }

    private static io.github.wildfiresfu.config.JcfgPosition position(JcfgGroup group, String key) {
        return group.get(key).map(JcfgValue::position).orElse(group.position());
    }

    private static void requireRange(long value, long min, long max, String name) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be from " + min + " to " + max + ", not " + value);
        }
    }

    /** A copy asking {@code hosts} on {@code port} for {@code /api/node} (tests point it at a fake IM). */
    public MqttTransportSettings withIm(List<String> hosts, int port) {
        return new MqttTransportSettings(enabled, hosts, port, clientId, mqttPort, json, keepAliveSeconds, cleanSession,
                maxInflight, maxBuffered, disconnectTimeout, connectTimeout, bootstrapTimeout, reconnectMinDelay,
                reconnectMaxDelay, sessionTouchInterval, maxRequestBytes);
    }

    /** A copy with another client id. */
    public MqttTransportSettings withClientId(String id) {
        return new MqttTransportSettings(enabled, imHosts, imPort, id, mqttPort, json, keepAliveSeconds, cleanSession,
                maxInflight, maxBuffered, disconnectTimeout, connectTimeout, bootstrapTimeout, reconnectMinDelay,
                reconnectMaxDelay, sessionTouchInterval, maxRequestBytes);
    }

    /** A copy writing JSON in {@code format}. */
    public MqttTransportSettings withJson(JsonFormat format) {
        return new MqttTransportSettings(enabled, imHosts, imPort, clientId, mqttPort, format, keepAliveSeconds,
                cleanSession, maxInflight, maxBuffered, disconnectTimeout, connectTimeout, bootstrapTimeout,
                reconnectMinDelay, reconnectMaxDelay, sessionTouchInterval, maxRequestBytes);
    }

    /** A copy with another outage buffer size. */
    public MqttTransportSettings withMaxBuffered(int messages) {
        return new MqttTransportSettings(enabled, imHosts, imPort, clientId, mqttPort, json, keepAliveSeconds,
                cleanSession, maxInflight, messages, disconnectTimeout, connectTimeout, bootstrapTimeout,
                reconnectMinDelay, reconnectMaxDelay, sessionTouchInterval, maxRequestBytes);
    }

    /** A copy with other timings (tests shorten them to keep the suite fast). */
    public MqttTransportSettings withTimings(Duration connect, Duration bootstrap, Duration reconnectMin,
            Duration reconnectMax, Duration sessionTouch) {
        return new MqttTransportSettings(enabled, imHosts, imPort, clientId, mqttPort, json, keepAliveSeconds,
                cleanSession, maxInflight, maxBuffered, disconnectTimeout, connect, bootstrap, reconnectMin,
                reconnectMax, sessionTouch, maxRequestBytes);
    }

    /** A copy with {@code enabled} set. */
    public MqttTransportSettings withEnabled(boolean on) {
        return new MqttTransportSettings(on, imHosts, imPort, clientId, mqttPort, json, keepAliveSeconds, cleanSession,
                maxInflight, maxBuffered, disconnectTimeout, connectTimeout, bootstrapTimeout, reconnectMinDelay,
                reconnectMaxDelay, sessionTouchInterval, maxRequestBytes);
    }
}
