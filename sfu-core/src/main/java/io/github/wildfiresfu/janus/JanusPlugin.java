package io.github.wildfiresfu.janus;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A Janus plugin as the core drives it (Janus {@code plugin.h}). All methods are called on the
 * core's signalling thread, one at a time, so plugin state needs no locks.
 */
public interface JanusPlugin {

    /** Package name clients attach to, e.g. {@code janus.plugin.videoroom}. */
    String packageName();

    /** Human-readable name, e.g. {@code JANUS VideoRoom plugin}. */
    String name();

    String description();

    String author();

    /** Numeric version as Janus reports it, e.g. 9. */
    int version();

    /** Version string, e.g. {@code 0.0.9}. */
    String versionString();

    /** A handle attached; the plugin sets up its per-handle state. Throw to refuse (error 461). */
    void createSession(PluginHandle handle) throws JanusException;

    /**
     * A {@code message} for this handle. {@code jsep} is null or an object with {@code type}
     * ("offer"/"answer") and {@code sdp}, already checked by the core for type and presence.
     */
    PluginResult handleMessage(PluginHandle handle, String transaction, ObjectNode body, ObjectNode jsep);

    /**
     * The PeerConnection of the handle is up (ICE and DTLS done): Janus's {@code setup_media}.
     * The VideoRoom announces a publisher to the room only from here on. Default: nothing.
     */
    default void setupMedia(PluginHandle handle) {
    }

    /** The PeerConnection of the handle went away ({@code hangup} request or media failure). */
    void hangupMedia(PluginHandle handle);

    /** The handle is being detached or its session destroyed; release everything it holds. */
    void destroySession(PluginHandle handle);

    /** The server is shutting down. */
    default void destroy() {
    }
}
