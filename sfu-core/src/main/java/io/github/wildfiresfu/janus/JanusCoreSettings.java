package io.github.wildfiresfu.janus;

import java.util.List;
import java.util.Objects;

/**
 * Configuration of {@link JanusCore}, the {@code general} settings of Janus's
 * {@code janus.jcfg} that the core acts on, plus {@link InfoSummary} (what {@code info}
 * reports about the parts of the server the core does not run). Immutable; build it with
 * {@link #builder()} or start from {@link #defaults()}.
 *
 * @param serverName                   {@code server_name}, reported as {@code server-name}
 * @param sessionTimeoutSeconds        {@code session_timeout}: a session with no request for this long is
 *                                     destroyed after a {@code timeout} event; 0 = never (janus.c default 60)
 * @param reclaimSessionTimeoutSeconds {@code reclaim_session_timeout}: how long a session whose transport went
 *                                     away waits for a {@code claim}; 0 = it is destroyed at once (default 0)
 * @param candidatesTimeoutSeconds     {@code candidates_timeout}: queued trickle candidates older than this are
 *                                     discarded when the media layer drains them (janus.c default 45)
 * @param apiSecret                    {@code api_secret}, or null: requests must carry it as {@code apisecret}
 * @param tokenAuth                    {@code token_auth}: requests must carry a valid {@code token}
 * @param tokenAuthSecret              {@code token_auth_secret}, or null: with token auth, switches from stored
 *                                     tokens ({@link JanusCore#addToken}) to HMAC-signed tokens
 * @param acceptNewSessions            whether {@code create} is allowed (false gives error 472)
 * @param opaqueIdInApi                {@code opaqueid_in_api}: add the handle's {@code opaque_id} to events and
 *                                     plugin replies
 * @param trickleQueueLimit            how many remote candidates a handle queues before the media layer takes
 *                                     them; the rest are dropped and counted (Wildfire limit, Janus has none)
 * @param info                         what {@code info} reports about ICE, DTLS and logging
 */
public record JanusCoreSettings(
        String serverName,
        int sessionTimeoutSeconds,
        int reclaimSessionTimeoutSeconds,
        int candidatesTimeoutSeconds,
        String apiSecret,
        boolean tokenAuth,
        String tokenAuthSecret,
        boolean acceptNewSessions,
        boolean opaqueIdInApi,
        int trickleQueueLimit,
        InfoSummary info) {

    /** Janus's {@code JANUS_SERVER_NAME} (janus.c), used when the config names no instance. */
    public static final String DEFAULT_SERVER_NAME = "MyJanusInstance";

    public JanusCoreSettings {
        Objects.requireNonNull(serverName, "serverName");
        Objects.requireNonNull(info, "info");
        requireNotNegative(sessionTimeoutSeconds, "sessionTimeoutSeconds");
        requireNotNegative(reclaimSessionTimeoutSeconds, "reclaimSessionTimeoutSeconds");
        requireNotNegative(candidatesTimeoutSeconds, "candidatesTimeoutSeconds");
        if (trickleQueueLimit < 1) {
            throw new IllegalArgumentException("trickleQueueLimit must be at least 1, got " + trickleQueueLimit);
        }
    }

    /** Janus's defaults: timeout 60 s, no reclaim, candidates 45 s, no secret, no tokens. */
    public static JanusCoreSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder initialised with these settings. */
    public Builder toBuilder() {
        return new Builder()
                .serverName(serverName)
                .sessionTimeoutSeconds(sessionTimeoutSeconds)
                .reclaimSessionTimeoutSeconds(reclaimSessionTimeoutSeconds)
                .candidatesTimeoutSeconds(candidatesTimeoutSeconds)
                .apiSecret(apiSecret)
                .tokenAuth(tokenAuth)
                .tokenAuthSecret(tokenAuthSecret)
                .acceptNewSessions(acceptNewSessions)
                .opaqueIdInApi(opaqueIdInApi)
                .trickleQueueLimit(trickleQueueLimit)
                .info(info);
    }

    /** Whether token authentication uses HMAC-signed tokens rather than stored ones. */
    public boolean signedTokens() {
        return tokenAuth && tokenAuthSecret != null;
    }

    private static void requireNotNegative(int value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative, got " + value);
        }
    }

    /**
     * What {@code info} reports about ICE, DTLS and logging. The core only displays these
     * values (same keys as Janus 1.1.2's {@code janus_info()}); the media layer and the
     * launcher own the real settings. Defaults describe Wildfire's media plane: ICE-lite,
     * DTLS MTU 1200, no STUN/TURN.
     *
     * @param localIp               {@code local-ip}
     * @param publicIps             {@code public-ip} (first) and, if more than one, {@code public-ips}
     * @param ipv6                  {@code ipv6}
     * @param ipv6LinkLocal         {@code ipv6-link-local} (only shown with ipv6)
     * @param iceLite               {@code ice-lite}
     * @param iceTcp                {@code ice-tcp}
     * @param iceNomination         {@code ice-nomination}
     * @param iceKeepaliveConncheck {@code ice-keepalive-conncheck}
     * @param fullTrickle           {@code full-trickle}
     * @param mdnsEnabled           {@code mdns-enabled}
     * @param minNackQueue          {@code min-nack-queue}
     * @param nackOptimizations     {@code nack-optimizations}
     * @param twccPeriod            {@code twcc-period}
     * @param dscp                  {@code dscp} (only shown when greater than 0)
     * @param dtlsMtu               {@code dtls-mtu}
     * @param stunServer            {@code stun-server} as {@code host:port}, or null
     * @param turnServer            {@code turn-server} as {@code host:port}, or null
     * @param allowForceRelay       {@code allow-force-relay} (only shown when true)
     * @param staticEventLoops      {@code static-event-loops}
     * @param loopIndication        {@code loop-indication} (only shown with static event loops)
     * @param dataChannels          {@code data_channels}
     * @param logToStdout           {@code log-to-stdout}
     * @param logToFile             {@code log-to-file}
     * @param logPath               {@code log-path} (only shown when logging to a file)
     * @param hideDependencies      {@code hide_dependencies}: omit the {@code dependencies} object
     */
    public record InfoSummary(
            String localIp,
            List<String> publicIps,
            boolean ipv6,
            boolean ipv6LinkLocal,
            boolean iceLite,
            boolean iceTcp,
            String iceNomination,
            boolean iceKeepaliveConncheck,
            boolean fullTrickle,
            boolean mdnsEnabled,
            int minNackQueue,
            boolean nackOptimizations,
            int twccPeriod,
            int dscp,
            int dtlsMtu,
            String stunServer,
            String turnServer,
            boolean allowForceRelay,
            int staticEventLoops,
            boolean loopIndication,
            boolean dataChannels,
            boolean logToStdout,
            boolean logToFile,
            String logPath,
            boolean hideDependencies) {

        public InfoSummary {
            Objects.requireNonNull(localIp, "localIp");
            publicIps = List.copyOf(publicIps);
            Objects.requireNonNull(iceNomination, "iceNomination");
        }

        /** Wildfire's media defaults (janus.jcfg defaults where Wildfire does not differ). */
        public static InfoSummary defaults() {
            return new InfoSummary("127.0.0.1", List.of(), false, false, true, false, "aggressive", false,
                    false, false, 200, false, 200, 0, 1200, null, null, false, 0, false, true, true, false, null,
                    false);
        }
    }

    /** Mutable builder of {@link JanusCoreSettings}; starts from Janus's defaults. */
    public static final class Builder {
        private String serverName = DEFAULT_SERVER_NAME;
        private int sessionTimeoutSeconds = 60;
        private int reclaimSessionTimeoutSeconds;
        private int candidatesTimeoutSeconds = 45;
        private String apiSecret;
        private boolean tokenAuth;
        private String tokenAuthSecret;
        private boolean acceptNewSessions = true;
        private boolean opaqueIdInApi;
        private int trickleQueueLimit = 256;
        private InfoSummary info = InfoSummary.defaults();

        private Builder() {
        }

        public Builder serverName(String value) {
            serverName = value;
            return this;
        }

        public Builder sessionTimeoutSeconds(int value) {
            sessionTimeoutSeconds = value;
            return this;
        }

        public Builder reclaimSessionTimeoutSeconds(int value) {
            reclaimSessionTimeoutSeconds = value;
            return this;
        }

        public Builder candidatesTimeoutSeconds(int value) {
            candidatesTimeoutSeconds = value;
            return this;
        }

        public Builder apiSecret(String value) {
            apiSecret = value;
            return this;
        }

        public Builder tokenAuth(boolean value) {
            tokenAuth = value;
            return this;
        }

        public Builder tokenAuthSecret(String value) {
            tokenAuthSecret = value;
            return this;
        }

        public Builder acceptNewSessions(boolean value) {
            acceptNewSessions = value;
            return this;
        }

        public Builder opaqueIdInApi(boolean value) {
            opaqueIdInApi = value;
            return this;
        }

        public Builder trickleQueueLimit(int value) {
            trickleQueueLimit = value;
            return this;
        }

        public Builder info(InfoSummary value) {
            info = value;
            return this;
        }

        public JanusCoreSettings build() {
            return new JanusCoreSettings(serverName, sessionTimeoutSeconds, reclaimSessionTimeoutSeconds,
                    candidatesTimeoutSeconds, apiSecret, tokenAuth, tokenAuthSecret, acceptNewSessions,
                    opaqueIdInApi, trickleQueueLimit, info);
        }
    }
}
