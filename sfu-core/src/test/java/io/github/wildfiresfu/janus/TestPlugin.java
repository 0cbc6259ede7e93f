package io.github.wildfiresfu.janus;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small plugin for core tests. {@code body.request} picks the behaviour:
 * {@code sync} answers {@code {"result":"ok"}}; {@code async} acks with hint "working" and
 * pushes {@code {"result":"done"}} (echoing any JSEP as an answer); {@code error} fails with
 * "bad request"; {@code nothing} returns null; {@code nodata} answers Sync(null); {@code throw}
 * throws; {@code end} asks the core to detach the handle; {@code close} asks it to close the
 * PeerConnection. An {@code opaque_id} of "refuse" makes the attach fail.
 */
class TestPlugin implements JanusPlugin {

    static final String PACKAGE = "janus.plugin.test";

    final Map<Long, PluginHandle> handles = new ConcurrentHashMap<>();
    final List<Long> created = new CopyOnWriteArrayList<>();
    final List<Long> destroyed = new CopyOnWriteArrayList<>();
    final List<Long> hungUp = new CopyOnWriteArrayList<>();
    final List<Long> mediaUp = new CopyOnWriteArrayList<>();
    final List<ObjectNode> jseps = new CopyOnWriteArrayList<>();
    final AtomicInteger destroyCalls = new AtomicInteger();
    /** Whether destroySession pushes an event of its own (which the core must drop). */
    volatile boolean pushOnDestroy;

    private final String packageName;

    TestPlugin() {
        this(PACKAGE);
    }

    TestPlugin(String packageName) {
        this.packageName = packageName;
    }

    @Override
    public String packageName() {
        return packageName;
    }

    @Override
    public String name() {
        return "Test plugin";
    }

    @Override
    public String description() {
        return "Answers sync, async and errors for core tests";
    }

    @Override
    public String author() {
        return "Wildfire SFU tests";
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public String versionString() {
        return "0.0.1";
    }

    @Override
    public void createSession(PluginHandle handle) throws JanusException {
        if ("refuse".equals(handle.opaqueId())) {
            throw new JanusException(JanusErrorCode.PLUGIN_ATTACH, "refused on request");
        }
        handle.pluginData("state of " + handle.handleId());
        handles.put(handle.handleId(), handle);
        created.add(handle.handleId());
    }

    @Override
    public PluginResult handleMessage(PluginHandle handle, String transaction, ObjectNode body, ObjectNode jsep) {
        if (jsep != null) {
            jseps.add(jsep);
        }
        String request = body.path("request").asText();
        switch (request) {
            case "sync":
                return PluginResult.sync(JsonFormat.MAPPER.createObjectNode().put("result", "ok"));
            case "async": {
                ObjectNode answer = null;
                if (jsep != null) {
                    answer = JsonFormat.MAPPER.createObjectNode().put("type", "answer").put("sdp", "v=0 answer");
                }
                handle.pushEvent(transaction, JsonFormat.MAPPER.createObjectNode().put("result", "done"), answer);
                return new PluginResult.Async("working");
            }
            case "error":
                return new PluginResult.Error("bad request");
            case "nothing":
                return null;
            case "nodata":
                return new PluginResult.Sync(null);
            case "throw":
                throw new IllegalStateException("plugin bug");
            case "end":
                handle.endHandle();
                return PluginResult.async();
            case "close":
                handle.closePeerConnection("test");
                return PluginResult.async();
            default:
                return new PluginResult.Error("unknown request '" + request + "'");
        }
    }

    @Override
    public void setupMedia(PluginHandle handle) {
        mediaUp.add(handle.handleId());
    }

    @Override
    public void hangupMedia(PluginHandle handle) {
        hungUp.add(handle.handleId());
    }

    @Override
    public void destroySession(PluginHandle handle) {
        destroyed.add(handle.handleId());
        handles.remove(handle.handleId());
        if (pushOnDestroy) {
            handle.pushEvent(null, JsonFormat.MAPPER.createObjectNode().put("leaving", true), null);
        }
    }

    @Override
    public void destroy() {
        destroyCalls.incrementAndGet();
    }
}
