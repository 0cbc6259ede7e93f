package io.github.wildfiresfu.media.sdp;

/**
 * An offered m-line the answer rejects with port 0, and why, e.g.
 * {@code no codec the room allows (vp8) is offered}.
 *
 * @param mindex the m-line's index
 * @param mid its mid, or {@code null}
 * @param kind its kind
 * @param reason one line for logs and events
 */
public record RejectedMedia(int mindex, String mid, MediaKind kind, String reason) {
}
