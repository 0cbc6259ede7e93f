package io.github.wildfiresfu.config;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The typed {@code janus.jcfg}: every setting of Janus 1.1.2's sample janus.jcfg, with Janus's
 * defaults except where Wildfire SFU's nature differs (server name, ICE-lite on, a port range
 * by default). Read by {@link #from}; the values are immutable records.
 *
 * <p>What {@link #from} does with a key:
 * <ul>
 *   <li>a key of the Janus sample is <em>known</em>: it is read and validated, or accepted and
 *       ignored when it has no meaning here (the {@code *_folder} keys, {@code nice_debug},
 *       {@code debug_locks}, ...);</li>
 *   <li>a known key whose effect we do not implement, set to a value that would change
 *       behaviour, produces a warning (e.g. {@code daemonize = true}, a {@code stun_server});</li>
 *   <li>an unknown key produces a warning {@code janus.jcfg:7:3: unknown key media.foo (ignored)}
 *       (Janus ignores unknown keys too);</li>
 *   <li>a bad value is a {@link ConfigException} naming file:line:column, the dotted key, the
 *       value and what is allowed (where Janus would log and ignore it, we refuse to start, so
 *       the operator is not left guessing which setting took effect).</li>
 * </ul>
 * The {@value #DOCKER_IP} environment variable, which Wildfire's docker deployment sets to the
 * server's public IP ({@code docker run -e DOCKER_IP=<ip>}), overrides
 * {@code nat.nat_1_1_mapping}.
 *
 * @param general      section {@code general}
 * @param certificates section {@code certificates} (DTLS certificate)
 * @param media        section {@code media}
 * @param nat          section {@code nat}, with {@value #DOCKER_IP} applied
 * @param plugins      section {@code plugins}: plugin libraries not to load
 * @param transports   section {@code transports}: e.g. {@code libjanus_websockets.so} to turn WebSocket off
 * @param loggers      section {@code loggers} (external loggers are not supported; kept for completeness)
 * @param events       section {@code events} (event handlers are not supported)
 */
public record JanusConfig(General general, Certificates certificates, Media media, Nat nat,
        DisableList plugins, DisableList transports, DisableList loggers, Events events) {

    /** The environment variable that overrides {@code nat.nat_1_1_mapping}. */
    public static final String DOCKER_IP = "DOCKER_IP";

    /** Our name in {@code info} replies when {@code server_name} is not set (Janus says "MyJanusInstance"). */
    public static final String DEFAULT_SERVER_NAME = "Wildfire SFU";

    private static final Set<String> SECTIONS = Set.of(
            "general", "certificates", "media", "nat", "plugins", "transports", "loggers", "events");

    private static final Set<String> GENERAL_KEYS = Set.of(
            "configs_folder", "plugins_folder", "transports_folder", "events_folder", "loggers_folder",
            "log_to_stdout", "log_to_file", "debug_level", "debug_timestamps", "debug_colors", "debug_locks",
            "log_prefix", "daemonize", "pid_file", "api_secret", "token_auth", "token_auth_secret",
            "admin_secret", "interface", "server_name", "session_timeout", "candidates_timeout",
            "reclaim_session_timeout", "recordings_tmp_ext", "event_loops", "allow_loop_indication",
            "task_pool_size", "opaqueid_in_api", "hide_dependencies", "exit_on_dl_error",
            "no_webrtc_encryption", "protected_folders");
    private static final Set<String> CERTIFICATES_KEYS = Set.of(
            "cert_pem", "cert_key", "cert_pwd", "dtls_accept_selfsigned", "dtls_ciphers", "rsa_private_key");
    private static final Set<String> MEDIA_KEYS = Set.of(
            "ipv6", "ipv6_linklocal", "min_nack_queue", "rtp_port_range", "dtls_mtu", "no_media_timer",
            "slowlink_threshold", "twcc_period", "dtls_timeout", "nack_optimizations", "dscp", "single_port");
    private static final Set<String> NAT_KEYS = Set.of(
            "stun_server", "stun_port", "nice_debug", "full_trickle", "ice_nomination", "ice_keepalive_conncheck",
            "ice_lite", "ice_tcp", "hangup_on_failed", "ignore_mdns", "nat_1_1_mapping", "keep_private_host",
            "turn_server", "turn_port", "turn_type", "turn_user", "turn_pwd", "turn_rest_api",
            "turn_rest_api_key", "turn_rest_api_method", "turn_rest_api_timeout", "allow_force_relay",
            "ice_enforce_list", "ice_ignore_list", "ignore_unreachable_ice_server");
    private static final Set<String> DISABLE_KEYS = Set.of("disable");
    private static final Set<String> EVENTS_KEYS = Set.of("broadcast", "combine_media_stats", "disable", "stats_period");

    /** Section {@code general}. */
    public record General(
            /** {@code server_name}: the name {@code info} reports. */
            String serverName,
            /** {@code session_timeout} (s, default 60): idle sessions are destroyed; 0 never. */
            int sessionTimeoutSeconds,
            /** {@code reclaim_session_timeout} (s, default 0): time to reclaim a session whose transport went away. */
            int reclaimSessionTimeoutSeconds,
            /** {@code candidates_timeout} (s, default 45): how long early trickle candidates are kept. */
            int candidatesTimeoutSeconds,
            /** {@code api_secret}: every Janus API request must carry it as {@code apisecret}. */
            Optional<String> apiSecret,
            /** {@code token_auth} (default false): requests must carry a valid {@code token}. */
            boolean tokenAuth,
            /** {@code token_auth_secret}: tokens are HMAC-SHA1 signed with it (with token_auth). */
            Optional<String> tokenAuthSecret,
            /** {@code admin_secret}: Admin API requests must carry it. */
            Optional<String> adminSecret,
            /** {@code recordings_tmp_ext}: recordings are named {@code .mjr.<ext>} until closed. */
            Optional<String> recordingsTmpExt,
            /** {@code event_loops} (default 0 = Janus's loop per handle). */
            int eventLoops,
            /** {@code allow_loop_indication} (default false). */
            boolean allowLoopIndication,
            /** {@code task_pool_size} (default 0 = unbounded). */
            int taskPoolSize,
            /** {@code debug_level} 0..7 (default 4 = info). */
            int debugLevel,
            /** {@code debug_timestamps} (default false). */
            boolean debugTimestamps,
            /** {@code debug_colors} (default true). */
            boolean debugColors,
            /** {@code log_prefix}. */
            Optional<String> logPrefix,
            /** {@code log_to_stdout} (default true). */
            boolean logToStdout,
            /** {@code log_to_file}: a log file path. */
            Optional<String> logToFile,
            /** {@code pid_file}: a file to write the process id to. */
            Optional<String> pidFile,
            /** {@code interface}: the address to put in SDP ({@code c=} line). */
            Optional<String> interfaceAddress,
            /** {@code opaqueid_in_api} (default false). */
            boolean opaqueIdInApi,
            /** {@code hide_dependencies} (default false). */
            boolean hideDependencies,
            /** {@code protected_folders}: recordings may not be written under these. */
            List<String> protectedFolders) {

        public General {
            protectedFolders = List.copyOf(protectedFolders);
        }
    }

    /** Section {@code certificates}: the DTLS certificate, generated at start when not given. */
    public record Certificates(
            /** {@code cert_pem}: PEM certificate file (with cert_key). */
            Optional<String> certPem,
            /** {@code cert_key}: PEM key file (with cert_pem). */
            Optional<String> certKey,
            /** {@code cert_pwd}: the key's passphrase. */
            Optional<String> certPwd,
            /** {@code dtls_accept_selfsigned} (default true). */
            boolean dtlsAcceptSelfsigned,
            /** {@code dtls_ciphers}: an OpenSSL cipher list (not used here). */
            Optional<String> dtlsCiphers,
            /** {@code rsa_private_key} (default false): generate RSA instead of ECDSA P-256. */
            boolean rsaPrivateKey) {
    }

    /** Section {@code media}. */
    public record Media(
            /** {@code ipv6} (default false): gather IPv6 candidates. */
            boolean ipv6,
            /** {@code ipv6_linklocal} (default false). */
            boolean ipv6LinkLocal,
            /** {@code min_nack_queue} (ms, default 200): retransmission buffer, at least. */
            int minNackQueueMs,
            /** {@code rtp_port_range} (default 20000-40000). */
            PortRange rtpPortRange,
            /** {@code dtls_mtu} (default 1200). */
            int dtlsMtu,
            /** {@code no_media_timer} (s, default 1): silence before a {@code media} event; 0 off. */
            int noMediaTimerSeconds,
            /** {@code slowlink_threshold} (lost packets/s, default 0 = off) for {@code slowlink} events. */
            int slowlinkThreshold,
            /**
             * {@code twcc_period} (ms): how often publishers get transport-cc feedback. Default 100,
             * libwebrtc's receivers' interval, where Janus's is 200: the publisher's estimate reacts sooner.
             */
            int twccPeriodMs,
            /** {@code dtls_timeout} (ms, default 1000): first DTLS retransmission timeout. */
            int dtlsTimeoutMs,
            /** {@code nack_optimizations} (default false): clear the NACK buffer on keyframes. */
            boolean nackOptimizations,
            /** {@code dscp} (0..63, default 0 = unset). */
            int dscp,
            /**
             * {@code single_port} (a Wildfire key, not in Janus; default 0 = off): every PeerConnection
             * shares this one UDP port, for firewalls that open one port only; {@code rtp_port_range}
             * is then unused. Costs a copy per datagram for rooms on other media loops.
             */
            int singlePort) {
    }

    /** Section {@code nat}, with {@value #DOCKER_IP} applied to {@link #nat11Mapping}. */
    public record Nat(
            /** {@code stun_server} (not used: an ICE-lite server gathers no srflx candidates). */
            Optional<String> stunServer,
            /** {@code stun_port} (default 3478). */
            int stunPort,
            /** {@code full_trickle} (default false). */
            boolean fullTrickle,
            /** {@code ice_lite} (default <b>true</b> here; Wildfire ships it on). */
            boolean iceLite,
            /** {@code ice_tcp} (default false; not supported). */
            boolean iceTcp,
            /** {@code ice_nomination}: "regular" or "aggressive" (default). */
            String iceNomination,
            /** {@code ice_keepalive_conncheck} (default false). */
            boolean iceKeepaliveConncheck,
            /** {@code hangup_on_failed} (default false): hang up when ICE fails instead of waiting. */
            boolean hangupOnFailed,
            /** {@code ignore_mdns} (default false): drop {@code .local} candidates. */
            boolean ignoreMdns,
            /** {@code nat_1_1_mapping} or {@value #DOCKER_IP}: public addresses for host candidates. */
            List<InetAddress> nat11Mapping,
            /** {@code keep_private_host} (default false): advertise the private address too. */
            boolean keepPrivateHost,
            /** {@code turn_*}: a TURN server for Janus's own gathering (not used). */
            Optional<Turn> turn,
            /** {@code turn_rest_api*} (not used). */
            Optional<TurnRestApi> turnRestApi,
            /** {@code allow_force_relay} (default false). */
            boolean allowForceRelay,
            /** {@code ice_enforce_list}: only these interfaces/addresses (prefixes); wins over the ignore list. */
            List<String> iceEnforceList,
            /** {@code ice_ignore_list} (default "vmnet"): skip these interfaces/addresses (prefixes). */
            List<String> iceIgnoreList,
            /** {@code ignore_unreachable_ice_server} (default false). */
            boolean ignoreUnreachableIceServer) {

        public Nat {
            nat11Mapping = List.copyOf(nat11Mapping);
            iceEnforceList = List.copyOf(iceEnforceList);
            iceIgnoreList = List.copyOf(iceIgnoreList);
        }
    }

    /** {@code turn_server}, {@code turn_port} (3478), {@code turn_type} (udp/tcp/tls), credentials. */
    public record Turn(String server, int port, String type, Optional<String> user, Optional<String> password) {
    }

    /** {@code turn_rest_api}, its key, method (GET/POST) and timeout (s, default 10). */
    public record TurnRestApi(String url, Optional<String> key, String method, int timeoutSeconds) {
    }

    /**
     * A {@code disable = "libjanus_x.so,libjanus_y.so"} list. The launcher may honour
     * {@code transports.disable} naming {@code libjanus_http.so}, {@code libjanus_websockets.so}
     * or {@code libjanus_mqtt.so}.
     */
    public record DisableList(List<String> disabled) {

        public DisableList {
            disabled = List.copyOf(disabled);
        }

        /** True if {@code library} (e.g. {@code libjanus_websockets.so}) is listed. */
        public boolean isDisabled(String library) {
            return disabled.contains(library);
        }
    }

    /** Section {@code events} (event handlers are not supported; the values are kept). */
    public record Events(boolean broadcast, boolean combineMediaStats, List<String> disabled, int statsPeriodSeconds) {

        public Events {
            disabled = List.copyOf(disabled);
        }
    }

    /** The configuration without any janus.jcfg and without environment overrides. */
    public static JanusConfig defaults() {
        return from(JcfgGroup.empty(ConfigFolder.JANUS), Map.of(), warning -> {
        });
    }

    /** Reads {@link ConfigFolder#JANUS} of {@code folder}; see {@link #from}. */
    public static JanusConfig load(ConfigFolder folder, Map<String, String> env, Consumer<String> warnings) {
        return from(folder.file(ConfigFolder.JANUS), env, warnings);
    }

    /**
     * Maps a parsed janus.jcfg.
     *
     * @param root     the file's root group ({@link JcfgGroup#empty} for defaults)
     * @param env      the process environment (only {@value #DOCKER_IP} is read)
     * @param warnings receives one line per unknown key or unsupported setting
     * @throws ConfigException on a bad value or a bad {@value #DOCKER_IP}
     */
    public static JanusConfig from(JcfgGroup root, Map<String, String> env, Consumer<String> warnings) {
        root.reportUnknownKeys(SECTIONS, warnings);
        for (String section : SECTIONS) {
            if (root.has(section)) {
                root.group(section); // A section that is not a group is an error, not an unknown key.
            }
        }
        return new JanusConfig(
                general(root.group("general"), warnings),
                certificates(root.group("certificates"), warnings),
                media(root.group("media"), warnings),
                nat(root.group("nat"), env, warnings),
                disableList(root.group("plugins"), warnings),
                disableList(root.group("transports"), warnings),
                disableList(root.group("loggers"), warnings),
                events(root.group("events"), warnings));
    }

    private static General general(JcfgGroup g, Consumer<String> warnings) {
        g.reportUnknownKeys(GENERAL_KEYS, warnings);
        int candidatesTimeout = g.getInt("candidates_timeout", 45, 0, Integer.MAX_VALUE);
        if (candidatesTimeout == 0) {
            // janus.jcfg.sample: "setting this to 0 will NOT disable the timeout, but will be
            // considered an invalid value and ignored".
            warnings.accept(where(g, "candidates_timeout") + ": " + g.qualify("candidates_timeout")
                    + " = 0 is ignored, as in Janus; using 45");
            candidatesTimeout = 45;
        }
        warnIfTrue(g, "daemonize", "not supported: Wildfire SFU runs in the foreground (use a service manager)",
                warnings);
        warnIfTrue(g, "no_webrtc_encryption", "not supported: DTLS-SRTP is always used", warnings);
        return new General(
                g.getString("server_name", DEFAULT_SERVER_NAME),
                g.getInt("session_timeout", 60, 0, Integer.MAX_VALUE),
                g.getInt("reclaim_session_timeout", 0, 0, Integer.MAX_VALUE),
                candidatesTimeout,
                optNonEmpty(g, "api_secret"),
                g.getBoolean("token_auth", false),
                optNonEmpty(g, "token_auth_secret"),
                optNonEmpty(g, "admin_secret"),
                optNonEmpty(g, "recordings_tmp_ext"),
                g.getInt("event_loops", 0, 0, 4096),
                g.getBoolean("allow_loop_indication", false),
                g.getInt("task_pool_size", 0, 0, Integer.MAX_VALUE),
                g.getInt("debug_level", 4, 0, 7),
                g.getBoolean("debug_timestamps", false),
                g.getBoolean("debug_colors", true),
                g.optString("log_prefix"),
                g.getBoolean("log_to_stdout", true),
                optNonEmpty(g, "log_to_file"),
                optNonEmpty(g, "pid_file"),
                optNonEmpty(g, "interface"),
                g.getBoolean("opaqueid_in_api", false),
                g.getBoolean("hide_dependencies", false),
                g.getStringList("protected_folders"));
    }

    private static Certificates certificates(JcfgGroup g, Consumer<String> warnings) {
        g.reportUnknownKeys(CERTIFICATES_KEYS, warnings);
        Optional<String> pem = optNonEmpty(g, "cert_pem");
        Optional<String> key = optNonEmpty(g, "cert_key");
        if (pem.isPresent() != key.isPresent()) {
            String set = pem.isPresent() ? "cert_pem" : "cert_key";
            String missing = pem.isPresent() ? "cert_key" : "cert_pem";
            // Janus refuses to start too: it needs both or neither (dtls.c, janus_dtls_srtp_init).
            throw ConfigException.invalid(g.get(set).orElseThrow().position(), g.qualify(set),
                    g.getString(set, ""), g.qualify(missing) + " must be set too (or neither, to generate a certificate)");
        }
        Optional<String> ciphers = optNonEmpty(g, "dtls_ciphers");
        if (ciphers.isPresent()) {
            warnings.accept(where(g, "dtls_ciphers") + ": " + g.qualify("dtls_ciphers")
                    + " is an OpenSSL cipher list and is not used; Wildfire SFU offers its own DTLS 1.2 suites");
        }
        boolean acceptSelfSigned = g.getBoolean("dtls_accept_selfsigned", true);
        if (!acceptSelfSigned) {
            warnings.accept(where(g, "dtls_accept_selfsigned") + ": " + g.qualify("dtls_accept_selfsigned")
                    + " = false is not supported: peers are authenticated by their SDP fingerprint");
        }
        return new Certificates(pem, key, g.optString("cert_pwd"), acceptSelfSigned, ciphers,
                g.getBoolean("rsa_private_key", false));
    }

    private static Media media(JcfgGroup g, Consumer<String> warnings) {
        g.reportUnknownKeys(MEDIA_KEYS, warnings);
        PortRange range = new PortRange(20000, 40000);
        Optional<String> rangeText = g.optString("rtp_port_range");
        if (rangeText.isPresent()) {
            try {
                range = PortRange.parse(rangeText.get());
            } catch (IllegalArgumentException e) {
                throw ConfigException.invalid(g.get("rtp_port_range").orElseThrow().position(),
                        g.qualify("rtp_port_range"), rangeText.get(), "expected " + PortRange.FORM);
            }
        }
        return new Media(
                g.getBoolean("ipv6", false),
                g.getBoolean("ipv6_linklocal", false),
                g.getInt("min_nack_queue", 200, 0, 60_000),
                range,
                // Below ~256 bytes a DTLS handshake fragment no longer fits with its headers.
                g.getInt("dtls_mtu", 1200, 256, 65535),
                g.getInt("no_media_timer", 1, 0, 3600),
                g.getInt("slowlink_threshold", 0, 0, 1_000_000),
                g.getInt("twcc_period", 100, 1, 10_000),
                g.getInt("dtls_timeout", 1000, 1, 60_000),
                g.getBoolean("nack_optimizations", false),
                g.getInt("dscp", 0, 0, 63),
                g.getInt("single_port", 0, 0, 65535));
    }

    private static Nat nat(JcfgGroup g, Map<String, String> env, Consumer<String> warnings) {
        g.reportUnknownKeys(NAT_KEYS, warnings);
        String noGathering = "is not used: Wildfire SFU is ICE-lite and advertises host candidates only"
                + " (set nat_1_1_mapping or DOCKER_IP for a public address)";
        Optional<String> stun = optNonEmpty(g, "stun_server");
        if (stun.isPresent()) {
            warnings.accept(where(g, "stun_server") + ": " + g.qualify("stun_server") + " " + noGathering);
        }
        Optional<Turn> turn = optNonEmpty(g, "turn_server").map(server -> new Turn(server,
                g.getInt("turn_port", 3478, 1, 65535),
                oneOf(g, "turn_type", "udp", "udp", "tcp", "tls"),
                g.optString("turn_user"),
                g.optString("turn_pwd")));
        if (turn.isPresent()) {
            warnings.accept(where(g, "turn_server") + ": " + g.qualify("turn_server") + " " + noGathering);
        }
        Optional<TurnRestApi> restApi = optNonEmpty(g, "turn_rest_api").map(url -> new TurnRestApi(url,
                g.optString("turn_rest_api_key"),
                oneOf(g, "turn_rest_api_method", "GET", "GET", "POST"),
                g.getInt("turn_rest_api_timeout", 10, 1, 3600)));
        if (restApi.isPresent()) {
            warnings.accept(where(g, "turn_rest_api") + ": " + g.qualify("turn_rest_api") + " " + noGathering);
        }
        boolean iceLite = g.getBoolean("ice_lite", true);
        if (!iceLite) {
            warnings.accept(where(g, "ice_lite") + ": " + g.qualify("ice_lite")
                    + " = false is not supported: Wildfire SFU always runs ICE-lite");
        }
        boolean iceTcp = g.getBoolean("ice_tcp", false);
        if (iceTcp) {
            warnings.accept(where(g, "ice_tcp") + ": " + g.qualify("ice_tcp")
                    + " = true is not supported: only UDP candidates are offered");
        }
        List<InetAddress> mapping = ipList(g, "nat_1_1_mapping");
        String dockerIp = env.get(DOCKER_IP);
        if (dockerIp != null && !dockerIp.isBlank()) {
            List<InetAddress> fromEnv = new ArrayList<>();
            for (String part : dockerIp.split(",")) {
                fromEnv.add(IpLiterals.parse(part).orElseThrow(() -> new ConfigException("environment variable "
                        + DOCKER_IP + ": \"" + dockerIp + "\" is invalid; expected the server's public IP address"
                        + " (an IPv4 or IPv6 literal such as 203.0.113.7, or a comma-separated list of them)")));
            }
            if (!mapping.isEmpty() && !mapping.equals(fromEnv)) {
                warnings.accept(where(g, "nat_1_1_mapping") + ": " + DOCKER_IP + "=" + dockerIp + " overrides "
                        + g.qualify("nat_1_1_mapping") + " \"" + g.getString("nat_1_1_mapping", "") + "\"");
            }
            mapping = fromEnv;
        }
        return new Nat(
                stun,
                g.getInt("stun_port", 3478, 1, 65535),
                g.getBoolean("full_trickle", false),
                iceLite,
                iceTcp,
                oneOf(g, "ice_nomination", "aggressive", "regular", "aggressive"),
                g.getBoolean("ice_keepalive_conncheck", false),
                g.getBoolean("hangup_on_failed", false),
                g.getBoolean("ignore_mdns", false),
                mapping,
                g.getBoolean("keep_private_host", false),
                turn,
                restApi,
                g.getBoolean("allow_force_relay", false),
                g.getStringList("ice_enforce_list"),
                g.has("ice_ignore_list") ? g.getStringList("ice_ignore_list") : List.of("vmnet"),
                g.getBoolean("ignore_unreachable_ice_server", false));
    }

    private static DisableList disableList(JcfgGroup g, Consumer<String> warnings) {
        g.reportUnknownKeys(DISABLE_KEYS, warnings);
        return new DisableList(g.getStringList("disable"));
    }

    private static Events events(JcfgGroup g, Consumer<String> warnings) {
        g.reportUnknownKeys(EVENTS_KEYS, warnings);
        warnIfTrue(g, "broadcast", "not supported: Wildfire SFU has no event handlers", warnings);
        return new Events(
                g.getBoolean("broadcast", false),
                g.getBoolean("combine_media_stats", false),
                g.getStringList("disable"),
                g.getInt("stats_period", 5, 0, 3600));
    }

    /** A comma-separated list (or jcfg list) of IP literals; Janus checks each the same way. */
    private static List<InetAddress> ipList(JcfgGroup g, String key) {
        List<InetAddress> out = new ArrayList<>();
        for (String item : g.getStringList(key)) {
            Optional<InetAddress> ip = IpLiterals.parse(item);
            if (ip.isEmpty()) {
                throw ConfigException.invalid(g.get(key).orElseThrow().position(), g.qualify(key),
                        g.getString(key, item), "expected IP addresses separated by commas, e.g. \"203.0.113.7\"");
            }
            out.add(ip.get());
        }
        return out;
    }

    /** A string that must be one of {@code allowed} (compared ignoring case, returned as listed). */
    private static String oneOf(JcfgGroup g, String key, String defaultValue, String... allowed) {
        Optional<String> v = g.optString(key);
        if (v.isEmpty()) {
            return defaultValue;
        }
        for (String a : allowed) {
            if (a.equalsIgnoreCase(v.get().trim())) {
                return a;
            }
        }
        throw ConfigException.invalid(g.get(key).orElseThrow().position(), g.qualify(key), v.get(),
                "expected one of " + String.join(", ", allowed));
    }

    /** A string setting, absent when missing or empty (Janus treats "" as not set for these). */
    private static Optional<String> optNonEmpty(JcfgGroup g, String key) {
        return g.optString(key).filter(s -> !s.isEmpty());
    }

    private static void warnIfTrue(JcfgGroup g, String key, String why, Consumer<String> warnings) {
        if (g.getBoolean(key, false)) {
            warnings.accept(where(g, key) + ": " + g.qualify(key) + " = true is " + why);
        }
    }

    private static JcfgPosition where(JcfgGroup g, String key) {
        return g.get(key).map(JcfgValue::position).orElse(g.position());
    }
}
