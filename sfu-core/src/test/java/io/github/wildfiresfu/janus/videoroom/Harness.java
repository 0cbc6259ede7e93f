package io.github.wildfiresfu.janus.videoroom;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.wildfiresfu.janus.JanusException;
import io.github.wildfiresfu.janus.JsonFormat;
import io.github.wildfiresfu.janus.PluginResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;

/**
 * Drives a {@link VideoRoomPlugin} like the Janus core: one "signalling thread" (the test
 * thread), deferred work queued and run after {@code handleMessage} returns, fake handles.
 */
final class Harness {

    final FakeMedia media = new FakeMedia();
    final InMemoryRoomConfigStore store = new InMemoryRoomConfigStore();
    final List<String> listenerCalls = new ArrayList<>();
    final Deque<Runnable> deferred = new ArrayDeque<>();
    final VideoRoomPlugin plugin;
    private long nextHandle = 100;

    Harness() {
        this(VideoRoomSettings.defaults());
    }

    Harness(VideoRoomSettings settings) {
        this(settings, null);
    }

    Harness(VideoRoomSettings settings, VideoRoomMedia mediaPort) {
        VideoRoomListener listener = new VideoRoomListener() {
            @Override
            public void onPbMessageRoomCreated(String roomId) {
                listenerCalls.add("pb " + roomId);
            }

            @Override
            public void onRoomRecordingChanged(String roomId, boolean record) {
                listenerCalls.add("record " + roomId + " " + record);
            }

            @Override
            public void onRoomRemoved(String roomId, boolean destroyed) {
                listenerCalls.add((destroyed ? "destroyed " : "removed ") + roomId);
            }
        };
        plugin = new VideoRoomPlugin(settings, mediaPort == null ? media : mediaPort, store, listener,
                deferred::add, new Random(42));
    }

    /** Attaches a new handle in Janus session {@code sessionId}. */
    FakeHandle attach(long sessionId) {
        FakeHandle h = new FakeHandle(sessionId, nextHandle++);
        try {
            plugin.createSession(h);
        } catch (JanusException e) {
            throw new AssertionError(e);
        }
        return h;
    }

    /** A synchronous request: returns {@code plugindata.data}. */
    ObjectNode sync(FakeHandle h, String body) {
        PluginResult r = plugin.handleMessage(h, "tx-sync", json(body), null);
        if (!(r instanceof PluginResult.Sync s)) {
            throw new AssertionError("expected a synchronous answer to " + body + ", got " + r);
        }
        return s.data();
    }

    /** An asynchronous request: checks the ack, runs the deferred work, returns what was pushed on h. */
    List<FakeHandle.Pushed> async(FakeHandle h, String transaction, String body, ObjectNode jsep) {
        PluginResult r = plugin.handleMessage(h, transaction, json(body), jsep);
        if (!(r instanceof PluginResult.Async)) {
            throw new AssertionError("expected an ack for " + body + ", got " + r);
        }
        runDeferred();
        return h.drain();
    }

    /** As {@link #async(FakeHandle, String, String, ObjectNode)} expecting exactly one event; returns its data. */
    ObjectNode asyncData(FakeHandle h, String body) {
        List<FakeHandle.Pushed> pushed = async(h, "tx", body, null);
        if (pushed.size() != 1) {
            throw new AssertionError("expected one event for " + body + ", got " + pushed);
        }
        return pushed.get(0).data();
    }

    void runDeferred() {
        Runnable r;
        while ((r = deferred.poll()) != null) {
            r.run();
        }
    }

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) JsonFormat.MAPPER.readTree(text.replace('\'', '"'));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static com.fasterxml.jackson.databind.JsonNode jsonArray(String text) {
        try {
            return JsonFormat.MAPPER.readTree(text.replace('\'', '"'));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode jsep(String type, String sdp) {
        ObjectNode j = JsonFormat.MAPPER.createObjectNode();
        j.put("type", type);
        j.put("sdp", sdp);
        return j;
    }

    static String resource(String name) {
        try (var in = Harness.class.getResourceAsStream("/videoroom/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
