package io.github.wildfiresfu.transport.http;

import io.github.wildfiresfu.config.ConfigException;
import io.github.wildfiresfu.config.JcfgGroup;
import io.github.wildfiresfu.config.JcfgPosition;
import io.github.wildfiresfu.config.JcfgValue;
import io.github.wildfiresfu.janus.JsonFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/** Readers shared by the two transport settings mappers; every bad value is a {@link ConfigException}. */
final class SettingsReader {

    private SettingsReader() {
    }

    static JsonFormat json(JcfgGroup general) {
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

    static int port(JcfgGroup group, String key, int defaultPort) {
        return group.getInt(key, defaultPort, 0, 65535);
    }

    /** A numeric IP address, or null when absent. */
    static String ip(JcfgGroup group, String key) {
        Optional<String> ip = group.optString(key);
        if (ip.isEmpty()) {
            return null;
        }
        String value = ip.get().trim();
        if (!ListenAddress.isLiteral(value)) {
            throw ConfigException.invalid(position(group, key), group.qualify(key), ip.get(),
                    "expected a numeric IPv4 or IPv6 address such as 127.0.0.1, 0.0.0.0 or ::");
        }
        return value;
    }

    /** A non-blank string, or null when absent. */
    static String nonBlank(JcfgGroup group, String key) {
        Optional<String> value = group.optString(key);
        if (value.isEmpty()) {
            return null;
        }
        if (value.get().isBlank()) {
            throw ConfigException.invalid(position(group, key), group.qualify(key), value.get(),
                    "expected a non-empty string");
        }
        return value.get().trim();
    }

    static AccessList acl(JcfgGroup group, String listKey, String forwardedKey) {
        List<String> entries = group.getStringList(listKey);
        boolean forwarded = group.getBoolean(forwardedKey, false);
        return new AccessList(entries, forwarded);
    }

    static CorsPolicy cors(JcfgGroup cors, Consumer<String> warnings) {
        cors.reportUnknownKeys(Set.of("allow_origin", "enforce_cors"), warnings);
        String allowOrigin = nonBlank(cors, "allow_origin");
        boolean enforce = cors.getBoolean("enforce_cors", false);
        if (enforce && allowOrigin == null) {
            warn(warnings, cors, "enforce_cors", "ignored without cors.allow_origin (as in Janus)");
        }
        return new CorsPolicy(allowOrigin, enforce);
    }

    /** Validates the certificate paths' types; they are only used for TLS, which we do not terminate. */
    static void certificates(JcfgGroup certificates, Consumer<String> warnings) {
        certificates.reportUnknownKeys(Set.of("cert_pem", "cert_key", "cert_pwd", "ciphers"), warnings);
        for (String key : List.of("cert_pem", "cert_key", "cert_pwd", "ciphers")) {
            certificates.optString(key);
        }
    }

    /** Reads {@code key} as a boolean only to reject bad values; the setting has no effect here. */
    static boolean flag(JcfgGroup group, String key) {
        return group.getBoolean(key, false);
    }

    static void warn(Consumer<String> warnings, JcfgGroup group, String key, String message) {
        warnings.accept(position(group, key) + ": " + group.qualify(key) + ": " + message);
    }

    static JcfgPosition position(JcfgGroup group, String key) {
        return group.get(key).map(JcfgValue::position).orElse(group.position());
    }
}
