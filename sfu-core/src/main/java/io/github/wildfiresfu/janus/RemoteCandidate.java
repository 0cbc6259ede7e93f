package io.github.wildfiresfu.janus;

import java.util.Objects;

/**
 * One remote ICE candidate from a {@code trickle} request, already checked for shape as
 * Janus's {@code janus_ice_trickle_parse()} ({@code src/ice.c}) checks it: at least one of
 * {@code sdpMid} and {@code sdpMLineIndex}, and a {@code candidate} string. The candidate line
 * itself is not parsed here; that is the media layer's job.
 *
 * @param sdpMid        the {@code sdpMid}, or null if the client sent only the index
 * @param sdpMLineIndex the {@code sdpMLineIndex}, or -1 if the client sent only the mid
 * @param candidate     the {@code candidate:...} attribute value as sent
 */
public record RemoteCandidate(String sdpMid, int sdpMLineIndex, String candidate) {

    public RemoteCandidate {
        Objects.requireNonNull(candidate, "candidate");
        if (sdpMid == null && sdpMLineIndex < 0) {
            throw new IllegalArgumentException("a candidate needs an sdpMid or an sdpMLineIndex");
        }
    }
}
