package io.github.wildfiresfu.janus;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** What a plugin answers to a {@code message} (Janus {@code janus_plugin_result}). */
public sealed interface PluginResult {

    /** Synchronous reply: the core answers {@code success} with {@code plugindata.data = data}. */
    record Sync(ObjectNode data) implements PluginResult {
    }

    /**
     * Asynchronous: the core answers {@code ack} (with {@code hint} if not null) and the plugin
     * later calls {@link PluginHandle#pushEvent} with the same transaction.
     */
    record Async(String hint) implements PluginResult {
    }

    /** The plugin could not handle the message at all: the core answers error 462 with this text. */
    record Error(String reason) implements PluginResult {
    }

    static PluginResult sync(ObjectNode data) {
        return new Sync(data);
    }

    static PluginResult async() {
        return new Async(null);
    }
}
