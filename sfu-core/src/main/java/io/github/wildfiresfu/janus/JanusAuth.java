package io.github.wildfiresfu.janus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Request authentication as Janus does it: the shared {@code api_secret} and the
 * {@code token_auth} tokens (Janus {@code src/auth.c} and {@code janus_request_check_secret()}
 * in {@code src/janus.c}). A request is authorized if it carries the right secret <em>or</em> a
 * valid token, whichever of the two mechanisms are enabled.
 *
 * <p>Tokens come in two modes. <b>Stored</b> (no {@code token_auth_secret}): the application
 * registers opaque strings with {@link #addToken}, each allowed to attach to a set of plugins.
 * <b>Signed</b>: a token is {@code <expiry>,janus,<plugin>[,<plugin>...]:<signature>} where
 * {@code expiry} is a Unix time in seconds and {@code signature} is the standard (padded)
 * Base64 of HMAC-SHA1 over everything before the colon, keyed with the secret.
 *
 * <p>Thread-safe: the settings are immutable and the token store is concurrent, so transports
 * may check long-poll credentials from their own threads.
 */
final class JanusAuth {

    /** The realm Janus signs core tokens for ({@code janus_auth_check_token}: "janus"). */
    private static final String REALM = "janus";

    private final String apiSecret;
    private final boolean tokenAuth;
    private final byte[] tokenSecret;
    private final LongSupplier wallClockSeconds;
    /** Stored tokens and the plugin packages each may attach to; null in signed mode. */
    private final Map<String, Set<String>> storedTokens;

    JanusAuth(JanusCoreSettings settings, LongSupplier wallClockSeconds) {
        this.apiSecret = settings.apiSecret();
        this.tokenAuth = settings.tokenAuth();
        this.tokenSecret = settings.signedTokens()
                ? settings.tokenAuthSecret().getBytes(StandardCharsets.UTF_8) : null;
        this.wallClockSeconds = wallClockSeconds;
        this.storedTokens = tokenAuth && tokenSecret == null ? new ConcurrentHashMap<>() : null;
    }

    boolean isApiSecretNeeded() {
        return apiSecret != null;
    }

    boolean isTokenAuthEnabled() {
        return tokenAuth;
    }

    boolean isStoredMode() {
        return storedTokens != null;
    }

    /**
     * {@code janus_request_check_secret()}: whether a request carrying these
     * {@code apisecret} and {@code token} elements (either may be null or of any JSON type) is
     * authorized.
     */
    boolean isRequestAuthorized(JsonNode apiSecretElement, JsonNode tokenElement) {
        if (apiSecret == null && !tokenAuth) {
            return true;
        }
        boolean secretAuthorized = apiSecret != null && apiSecretElement != null && apiSecretElement.isTextual()
                && constantTimeEquals(apiSecretElement.textValue(), apiSecret);
        boolean tokenAuthorized = tokenAuth && tokenElement != null && tokenElement.isTextual()
                && isTokenValid(tokenElement.textValue());
        return secretAuthorized || tokenAuthorized;
    }

    /**
     * The HTTP long-poll check of {@code janus_http.c}: the same rule as for requests, with
     * the credentials taken from query parameters. Checked against Janus 1.1.2: with only
     * {@code api_secret} set, a poll without it or with a wrong one gets 403.
     */
    boolean isLongPollAuthorized(String secret, String token) {
        return isRequestAuthorized(secret == null ? null : TextNode.valueOf(secret),
                token == null ? null : TextNode.valueOf(token));
    }

    /** {@code janus_auth_check_token()}: true when token auth is off. */
    boolean isTokenValid(String token) {
        if (!tokenAuth) {
            return true;
        }
        if (storedTokens == null) {
            return checkSignature(token, null);
        }
        return token != null && storedTokens.containsKey(token);
    }

    /** {@code janus_auth_check_plugin()}: whether {@code token} may attach to {@code pluginPackage}. */
    boolean canAccessPlugin(String token, String pluginPackage) {
        if (!tokenAuth) {
            return true;
        }
        if (storedTokens == null) {
            return checkSignature(token, pluginPackage);
        }
        Set<String> allowed = token == null ? null : storedTokens.get(token);
        return allowed != null && allowed.contains(pluginPackage);
    }

    /**
     * Stores {@code token} (stored mode only), allowed to attach to the given plugins, or to
     * every known plugin when {@code plugins} is empty. Unknown plugin names are skipped, as
     * Janus's {@code add_token} skips them. Adding an existing token adds to its plugins.
     *
     * @return the plugins the token may now attach to
     */
    Set<String> addToken(String token, Collection<String> plugins, Collection<String> knownPlugins) {
        if (storedTokens == null) {
            throw new IllegalStateException("Stored-token authentication is disabled"
                    + (tokenAuth ? " (token_auth_secret is set, tokens are signed)" : " (token_auth is off)"));
        }
        if (token == null || token.isEmpty()) {
            throw new IllegalArgumentException("token must not be empty");
        }
        Set<String> grant = new LinkedHashSet<>();
        for (String plugin : plugins.isEmpty() ? knownPlugins : plugins) {
            if (knownPlugins.contains(plugin)) {
                grant.add(plugin);
            }
        }
        return Set.copyOf(storedTokens.merge(token, Set.copyOf(grant), (old, added) -> {
            Set<String> union = new LinkedHashSet<>(old);
            union.addAll(added);
            return Set.copyOf(union);
        }));
    }

    /** Forgets a stored token; false if it was unknown or stored mode is off. */
    boolean removeToken(String token) {
        return storedTokens != null && token != null && storedTokens.remove(token) != null;
    }

    /**
     * {@code janus_auth_check_signature()} when {@code pluginPackage} is null, else
     * {@code janus_auth_check_signature_contains()}: the expiry is parsed like C's
     * {@code strtoll} (leading digits; garbage reads as 0, i.e. expired), the realm must be
     * "janus", the plugin list (fields after the realm) must contain the package exactly, and
     * the signature must match in constant time.
     */
    private boolean checkSignature(String token, String pluginPackage) {
        if (token == null) {
            return false;
        }
        int colon = token.indexOf(':');
        if (colon < 0) {
            return false;
        }
        String data = token.substring(0, colon);
        String signature = token.substring(colon + 1);
        String[] fields = data.split(",", -1);
        if (fields.length < 2) {
            return false;
        }
        long expiry = strtoll(fields[0]);
        if (expiry < 0 || wallClockSeconds.getAsLong() > expiry) {
            return false;
        }
        // Janus splits into at most 3 fields for the plain check, so the realm is always field 1.
        if (!REALM.equals(fields[1])) {
            return false;
        }
        if (pluginPackage != null) {
            boolean listed = false;
            for (int i = 2; i < fields.length && !listed; i++) {
                listed = fields[i].equals(pluginPackage);
            }
            if (!listed) {
                return false;
            }
        }
        return constantTimeEquals(signature, hmacSha1Base64(data));
    }

    private String hmacSha1Base64(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(tokenSecret, "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            // HmacSHA1 is mandatory in every Java SE implementation.
            throw new IllegalStateException("HmacSHA1 unavailable", e);
        }
    }

    /** C {@code strtoll(s, NULL, 10)}: optional blanks and sign, then digits; saturates on overflow. */
    static long strtoll(String s) {
        int i = 0;
        int n = s.length();
        while (i < n && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        long value = 0;
        for (; i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9'; i++) {
            int digit = s.charAt(i) - '0';
            if (value > (Long.MAX_VALUE - digit) / 10) {
                return negative ? Long.MIN_VALUE : Long.MAX_VALUE;
            }
            value = value * 10 + digit;
        }
        return negative ? -value : value;
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
