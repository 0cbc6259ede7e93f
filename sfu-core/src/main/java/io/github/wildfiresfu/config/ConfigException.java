package io.github.wildfiresfu.config;

/**
 * A configuration the server cannot start with. The message is one line that names the file,
 * line and column, the key, and what is allowed, e.g.
 * {@code janus.jcfg:12:5: media.rtp_port_range: "40000-20000" is not a range MIN-MAX with MIN <= MAX}.
 */
public class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A bad value: names where it is, the dotted key, the value and what is allowed. */
    public static ConfigException invalid(JcfgPosition at, String key, Object value, String allowed) {
        return new ConfigException(at + ": " + key + ": " + quote(value) + " is invalid; " + allowed);
    }

    private static String quote(Object v) {
        return v instanceof String s ? "\"" + s + "\"" : String.valueOf(v);
    }
}
