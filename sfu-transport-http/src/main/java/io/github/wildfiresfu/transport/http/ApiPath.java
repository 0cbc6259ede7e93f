package io.github.wildfiresfu.transport.http;

/**
 * A request path of the HTTP transport split as {@code janus_http.c} does:
 * {@code <base>}, {@code <base>/<session>}, {@code <base>/<session>/<handle>},
 * {@code <base>/info}, {@code <base>/ping}. A trailing slash is ignored.
 *
 * <p>Stricter than Janus, which parses ids with {@code g_ascii_strtoull} (so {@code /janus/12abc}
 * is session 12 and {@code /janus/abc} is the root): here ids must be positive decimal numbers,
 * anything else is {@link Kind#INVALID} and answered 404, as Janus answers other bad paths.
 *
 * @param kind      what the path addresses
 * @param sessionId the session id, or 0
 * @param handleId  the handle id, or 0
 */
record ApiPath(Kind kind, long sessionId, long handleId) {

    /** What a path addresses. */
    enum Kind {
        /** {@code <base>}: {@code create}, {@code info}, {@code ping}. */
        ROOT,
        /** {@code <base>/<session>}: session requests, long polls. */
        SESSION,
        /** {@code <base>/<session>/<handle>}: handle requests. */
        HANDLE,
        /** {@code <base>/info}: server info through GET. */
        INFO,
        /** {@code <base>/ping}: ping through GET. */
        PING,
        /** Outside the base path, a non-numeric id, an empty segment or more than two segments. */
        INVALID
    }

    private static final ApiPath INVALID = new ApiPath(Kind.INVALID, 0, 0);

    /** Splits {@code path} (decoded, without query) under {@code basePath} (no trailing slash). */
    static ApiPath parse(String basePath, String path) {
        String rest;
        if (basePath.equals("/")) {
            rest = path;
        } else if (path.equals(basePath)) {
            rest = "";
        } else if (path.startsWith(basePath + "/")) {
            rest = path.substring(basePath.length());
        } else {
            return INVALID;
        }
        // rest is "" or starts with '/'.
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        if (rest.isEmpty()) {
            return new ApiPath(Kind.ROOT, 0, 0);
        }
        if (!rest.startsWith("/")) {
            return INVALID;
        }
        String[] segments = rest.substring(1).split("/", -1);
        if (segments.length > 2) {
            return INVALID;
        }
        if (segments.length == 1 && segments[0].equals("info")) {
            return new ApiPath(Kind.INFO, 0, 0);
        }
        if (segments.length == 1 && segments[0].equals("ping")) {
            return new ApiPath(Kind.PING, 0, 0);
        }
        long session = parseId(segments[0]);
        if (session <= 0) {
            return INVALID;
        }
        if (segments.length == 1) {
            return new ApiPath(Kind.SESSION, session, 0);
        }
        long handle = parseId(segments[1]);
        return handle <= 0 ? INVALID : new ApiPath(Kind.HANDLE, session, handle);
    }

    /** A positive decimal id, or -1. */
    private static long parseId(String text) {
        if (text.isEmpty() || text.length() > 19) {
            return -1;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return -1;
            }
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
