package io.github.wildfiresfu.transport.http;

import java.util.List;

/**
 * Which client addresses may use a transport: Janus's {@code acl} / {@code ws_acl} setting, a
 * comma-separated list such as {@code "127.,192.168.0."}. As in Janus
 * ({@code janus_http_is_allowed}, {@code janus_websockets_is_allowed}) an address is allowed
 * when its text <em>contains</em> one of the entries, so {@code "127."} admits
 * {@code 127.0.0.1}; an empty list admits everyone.
 *
 * @param allowed           the entries; empty allows every address
 * @param checkForwardedFor whether the {@code X-Forwarded-For} header of each request must
 *                          also be allowed ({@code acl_forwarded} / {@code ws_acl_forwarded})
 */
public record AccessList(List<String> allowed, boolean checkForwardedFor) {

    /** Everyone may connect. */
    public static final AccessList ALLOW_ALL = new AccessList(List.of(), false);

    public AccessList {
        allowed = List.copyOf(allowed);
    }

    /** Whether {@code address} (textual IP) passes the list. */
    public boolean allows(String address) {
        if (allowed.isEmpty()) {
            return true;
        }
        if (address == null) {
            return false;
        }
        for (String entry : allowed) {
            if (address.contains(entry)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a request carrying {@code forwardedFor} (the raw {@code X-Forwarded-For} value,
     * possibly null) passes; always true unless {@link #checkForwardedFor()}. Janus checks the
     * header's whole text the same way as a socket address.
     */
    public boolean allowsForwarded(String forwardedFor) {
        return !checkForwardedFor || forwardedFor == null || allows(forwardedFor);
    }
}
