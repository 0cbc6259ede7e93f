package io.github.wildfiresfu.transport.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * The {@code cors} group of Janus's HTTP and WebSocket transport configs and the headers
 * derived from it, as {@code janus_http_add_cors_headers} in {@code janus_http.c} writes them
 * (names in the same letter case):
 * <pre>
 * Access-Control-Allow-Origin: &lt;allow_origin or *&gt;
 * Access-Control-Allow-Credentials: true      (only with allow_origin)
 * Vary: Origin                                (only with allow_origin)
 * Access-Control-Max-Age: 86400
 * Access-Control-Allow-Methods: &lt;echo of Access-Control-Request-Method, if sent&gt;
 * Access-Control-Allow-Headers: &lt;echo of Access-Control-Request-Headers, if sent&gt;
 * </pre>
 *
 * @param allowOrigin the {@code Access-Control-Allow-Origin} value, or null for {@code *}
 * @param enforce     {@code enforce_cors}: refuse requests whose {@code Origin} (or, when it is
 *                    missing, {@code Referer}) does not start with {@code allowOrigin}; only
 *                    meaningful with an {@code allowOrigin}, as in Janus
 */
public record CorsPolicy(String allowOrigin, boolean enforce) {

    /** Janus's default: {@code Access-Control-Allow-Origin: *}, nothing enforced. */
    public static final CorsPolicy PERMISSIVE = new CorsPolicy(null, false);

    public CorsPolicy {
        if (allowOrigin == null) {
            enforce = false;
        }
    }

    /** Adds the CORS response headers for a request that carried {@code requestHeaders}. */
    public void addResponseHeaders(HttpHeaders requestHeaders, HttpHeaders response) {
        response.set("Access-Control-Allow-Origin", allowOrigin != null ? allowOrigin : "*");
        if (allowOrigin != null) {
            response.set("Access-Control-Allow-Credentials", "true");
            response.set("Vary", "Origin");
        }
        response.set("Access-Control-Max-Age", "86400");
        String method = requestHeaders.get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD);
        if (method != null) {
            response.set("Access-Control-Allow-Methods", method);
        }
        String headers = requestHeaders.get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS);
        if (headers != null) {
            response.set("Access-Control-Allow-Headers", headers);
        }
    }

    /**
     * Whether a request passes {@code enforce_cors}: its {@code Origin} (Janus falls back to
     * {@code Referer} when the browser sends no Origin, e.g. on GET) starts with the allowed origin.
     */
    public boolean admits(HttpHeaders requestHeaders) {
        if (!enforce) {
            return true;
        }
        String origin = requestHeaders.get(HttpHeaderNames.ORIGIN);
        if (origin == null) {
            origin = requestHeaders.get(HttpHeaderNames.REFERER);
        }
        return origin != null && origin.startsWith(allowOrigin);
    }
}
