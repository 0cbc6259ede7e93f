package io.github.wildfiresfu.janus.videoroom;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.wildfiresfu.janus.PluginHandle;
import java.util.ArrayList;
import java.util.List;

/** A {@link PluginHandle} that records what the plugin pushes. */
final class FakeHandle implements PluginHandle {

    /** One pushed event. */
    record Pushed(String transaction, ObjectNode data, ObjectNode jsep) {
    }

    private final long sessionId;
    private final long handleId;
    final List<Pushed> events = new ArrayList<>();
    final List<String> closedPeerConnections = new ArrayList<>();
    boolean alive = true;
    boolean failPushes;
    private Object pluginData;

    FakeHandle(long sessionId, long handleId) {
        this.sessionId = sessionId;
        this.handleId = handleId;
    }

    @Override
    public long sessionId() {
        return sessionId;
    }

    @Override
    public long handleId() {
        return handleId;
    }

    @Override
    public String opaqueId() {
        return null;
    }

    @Override
    public void pushEvent(String transaction, ObjectNode data, ObjectNode jsep) {
        if (failPushes) {
            throw new IllegalStateException("handle " + handleId + " cannot push (test switch)");
        }
        events.add(new Pushed(transaction, data, jsep));
    }

    @Override
    public void closePeerConnection(String reason) {
        closedPeerConnections.add(reason);
    }

    @Override
    public void endHandle() {
        alive = false;
    }

    @Override
    public Object pluginData() {
        return pluginData;
    }

    @Override
    public void pluginData(Object data) {
        pluginData = data;
    }

    @Override
    public boolean isAlive() {
        return alive;
    }

    /** Removes and returns everything pushed so far. */
    List<Pushed> drain() {
        List<Pushed> out = new ArrayList<>(events);
        events.clear();
        return out;
    }

    /** The plugin data ({@code plugindata.data}) of everything pushed so far, then forgets them. */
    List<ObjectNode> drainData() {
        List<ObjectNode> out = new ArrayList<>();
        for (Pushed p : drain()) {
            out.add(p.data());
        }
        return out;
    }
}
