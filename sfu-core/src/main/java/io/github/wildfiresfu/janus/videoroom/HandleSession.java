package io.github.wildfiresfu.janus.videoroom;

import io.github.wildfiresfu.janus.PluginHandle;

/** Per-handle plugin state (Janus {@code janus_videoroom_session}). Signalling thread only. */
final class HandleSession {

    /** What the handle became with its first {@code join}. */
    enum Kind {
        NONE, PUBLISHER, SUBSCRIBER
    }

    final PluginHandle handle;
    Kind kind = Kind.NONE;
    Publisher publisher;
    Subscriber subscriber;
    /** The PeerConnection is up ({@code setupMedia}), Janus {@code session->started}. */
    boolean started;
    /** Re-entrancy guard of hangup, Janus {@code session->hangingup}. */
    boolean hangingUp;
    boolean destroyed;

    HandleSession(PluginHandle handle) {
        this.handle = handle;
    }
}
