package io.github.wildfiresfu.janus;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link TransportSession} that records everything the core tells it. Thread-safe. */
final class RecordingTransport implements TransportSession {

    final List<ObjectNode> events = new CopyOnWriteArrayList<>();
    final List<Long> closed = new CopyOnWriteArrayList<>();
    final List<Long> claimed = new CopyOnWriteArrayList<>();
    private final String name;
    private final boolean keepsSessions;

    RecordingTransport(String name) {
        this(name, false);
    }

    RecordingTransport(String name, boolean keepsSessions) {
        this.name = name;
        this.keepsSessions = keepsSessions;
    }

    @Override
    public void pushEvent(long sessionId, ObjectNode message) {
        events.add(message);
    }

    @Override
    public void sessionClosed(long sessionId) {
        closed.add(sessionId);
    }

    @Override
    public void sessionClaimed(long sessionId) {
        claimed.add(sessionId);
    }

    @Override
    public boolean keepsSessionsAcrossDisconnect() {
        return keepsSessions;
    }

    @Override
    public String describe() {
        return name;
    }

    /** The {@code janus} verbs of the pushed events, in order. */
    List<String> eventVerbs() {
        return events.stream().map(e -> e.path("janus").asText()).toList();
    }
}
