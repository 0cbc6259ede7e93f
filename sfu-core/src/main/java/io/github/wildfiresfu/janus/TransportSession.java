package io.github.wildfiresfu.janus;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One connection of a transport, as the Janus core sees it: a WebSocket connection, the single
 * MQTT link to the Wildfire IM, or the HTTP transport (which keeps a long-poll queue per Janus
 * session). Janus sessions created through a transport session are owned by it and their
 * asynchronous messages are pushed to it (janus.c: {@code session->source}).
 *
 * <p>Implementations must be thread-safe and must not block: the core calls them from its
 * signalling thread.
 */
public interface TransportSession {

    /**
     * Delivers an asynchronous message for Janus session {@code sessionId}: a plugin event,
     * {@code trickle}, {@code webrtcup}, {@code media}, {@code slowlink}, {@code hangup},
     * {@code detached} or {@code timeout}. The node is not touched by the core afterwards.
     */
    void pushEvent(long sessionId, ObjectNode message);

    /**
     * Session {@code sessionId} owned by this transport session ended (destroy or timeout) or was
     * taken over by another transport session's {@code claim} (Janus {@code session_over}).
     */
    default void sessionClosed(long sessionId) {
    }

    /**
     * This transport session took over session {@code sessionId} with a {@code claim}; its
     * asynchronous messages come here from now on (Janus {@code session_claimed}).
     */
    default void sessionClaimed(long sessionId) {
    }

    /**
     * Whether sessions owned by this transport outlive its disconnections. The WebSocket
     * transport returns false (a closed socket ends its sessions, as in Janus unless
     * {@code reclaim_session_timeout} is set); the MQTT link returns true (an IM outage must not
     * end calls, issue #5).
     */
    default boolean keepsSessionsAcrossDisconnect() {
        return false;
    }

    /** Short description for logs, e.g. {@code ws 127.0.0.1:53422}. */
    String describe();
}
