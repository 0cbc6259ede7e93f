package io.github.wildfiresfu.janus;

/**
 * The ids a transport took from its addressing rather than from the JSON body: the HTTP path
 * {@code /janus/<session>/<handle>}. Zero means "not in the path". WebSocket and MQTT always
 * pass {@link #NONE}; their ids travel in the body ({@code session_id}, {@code handle_id}).
 */
public record RequestPath(long sessionId, long handleId) {

    public static final RequestPath NONE = new RequestPath(0, 0);
}
