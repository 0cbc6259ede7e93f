/**
 * The Janus HTTP long-poll and WebSocket transports on Netty. They only move JSON text between
 * sockets and the core's {@link io.github.wildfiresfu.janus.JanusApi}; the core gives it meaning.
 *
 * <p>Wiring (what the launcher does):
 * <pre>{@code
 * HttpTransportSettings http = HttpTransportSettings.fromJcfg(httpJcfgRoot, log::warn);
 * WebSocketTransportSettings ws = WebSocketTransportSettings.fromJcfg(wsJcfgRoot, log::warn);
 * List<AutoCloseable> servers = new ArrayList<>();
 * if (http.enabled()) {
 *     JanusHttpServer s = new JanusHttpServer(http, janusApi);   // or (http, janusApi, sharedGroup)
 *     s.start();                                                 // TransportStartException: "… is already in use"
 *     servers.add(s);
 * }
 * if (ws.enabled()) { ... same with JanusWebSocketServer ... }
 * // shutdown: close each server (frees its port and, for an owned group, its threads)
 * }</pre>
 * A missing config file maps from {@link io.github.wildfiresfu.config.JcfgGroup#empty(String)}
 * to the defaults: HTTP on 127.0.0.1:8088 under {@code /janus}, WebSocket on 127.0.0.1:8188.
 *
 * <p>Threads: each server owns a small event-loop group ({@code sfu-http-*}, {@code sfu-ws-*})
 * unless given a shared one. They run socket I/O, HTTP/WebSocket codecs, routing and timers,
 * never the core's work. Replies and events are serialized to text on the thread that completes
 * or pushes them (the core's) and written on the event loop.
 */
package io.github.wildfiresfu.transport.http;
