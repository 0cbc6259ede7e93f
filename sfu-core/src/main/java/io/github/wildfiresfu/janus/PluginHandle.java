package io.github.wildfiresfu.janus;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The core's side of an attached handle, given to the plugin (Janus {@code janus_plugin_session}
 * plus the callbacks of {@code janus_callbacks}). Methods may be called from any thread; the
 * core hops to its signalling thread.
 */
public interface PluginHandle {

    long sessionId();

    long handleId();

    /** The {@code opaque_id} given at attach, or null. */
    String opaqueId();

    /**
     * Pushes {@code {"janus":"event","session_id","sender","transaction"?,"plugindata":{"plugin","data"},"jsep"?}}
     * to the transport that owns the session. {@code transaction} and {@code jsep} may be null.
     */
    void pushEvent(String transaction, ObjectNode data, ObjectNode jsep);

    /** Asks the core to close this handle's PeerConnection (then {@code hangup} is sent). */
    void closePeerConnection(String reason);

    /** Asks the core to detach this handle (plugin-initiated, e.g. a kicked subscriber). */
    void endHandle();

    /** Plugin-private state attached to this handle. */
    Object pluginData();

    void pluginData(Object data);

    /** Whether the handle is still attached. */
    boolean isAlive();
}
