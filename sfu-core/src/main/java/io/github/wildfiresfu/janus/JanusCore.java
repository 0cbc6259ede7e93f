package io.github.wildfiresfu.janus;

import static io.github.wildfiresfu.janus.JanusMessages.integerValue;
import static io.github.wildfiresfu.janus.JanusMessages.message;
import static io.github.wildfiresfu.janus.JanusMessages.verbIs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.wildfiresfu.janus.JanusMessages.Param;
import io.github.wildfiresfu.janus.JanusMessages.Type;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The transport-agnostic Janus core (Janus 1.1.2 {@code src/janus.c}): sessions, handles,
 * the request verbs and their errors, {@code api_secret}/{@code token_auth}, plugin events
 * routed to the transport session that owns each Janus session, {@code session_timeout},
 * {@code claim} and {@code reclaim_session_timeout}. No media: {@code trickle} candidates are
 * queued per handle until the media layer takes them ({@link #setTrickleSink}).
 *
 * <h2>Threading</h2>
 * All state of the core <em>and of its plugins</em> is confined to the thread of the
 * {@link CoreScheduler} given at construction ("the core thread"); nothing here takes a lock.
 * <ul>
 *   <li>{@link #handle} may be called from any thread: request text is parsed on the caller's
 *       thread, then the request hops to the core thread; the returned stage completes there.</li>
 *   <li>Plugin methods ({@link JanusPlugin}) are only ever called on the core thread.</li>
 *   <li>{@link PluginHandle} methods may be called from any thread; they queue their work on
 *       the core thread, even when called on it, so an event a plugin pushes while handling a
 *       request goes out after that request's reply ({@code ack} before {@code event}).</li>
 *   <li>{@link TransportSession} callbacks are made on the core thread and must not block.</li>
 *   <li>{@link #sessionCount()}, {@link #handleCount()}, {@link #stats()}, the token methods
 *       and {@link #isAuthorized} are thread-safe reads.</li>
 * </ul>
 * A request node passed to {@link #handle(TransportSession, ObjectNode, RequestPath)} and the
 * nodes a plugin passes to {@link PluginHandle#pushEvent} belong to the core afterwards.
 *
 * <h2>Events without a transport</h2>
 * While a session waits for a {@code claim} after its transport went away
 * ({@code reclaim_session_timeout} &gt; 0), its asynchronous messages are dropped and counted
 * ({@link CoreStats#eventsDroppedNoOwner()}); Janus sends them to the dead transport, which drops
 * them too. Transports that keep sessions across disconnects
 * ({@link TransportSession#keepsSessionsAcrossDisconnect()}) keep receiving them and may buffer.
 *
 * <h2>Lifecycle</h2>
 * Running from construction (the 2-second session sweep starts then, as Janus's sessions
 * watchdog) until {@link #shutdown()}, which destroys every session, calls
 * {@link JanusPlugin#destroy()} and, for a core made by {@link #withOwnScheduler}, stops the
 * scheduler thread. Requests after shutdown are answered with error 490.
 */
public final class JanusCore implements JanusApi, AutoCloseable {

    /** {@code name} in {@code info}. */
    public static final String NAME = "Wildfire SFU";
    /** {@code version_string} in {@code info}. */
    public static final String VERSION_STRING = "0.1.0";
    /** {@code version} in {@code info}: major*1000 + minor*100 + patch, as Janus 1.x encodes 1.1.2 as 1102. */
    public static final int VERSION = 100;
    /** {@code author} in {@code info}. */
    public static final String AUTHOR = "Wildfire SFU developers";
    /** Period of the session sweep: Janus's watchdog runs every 2 s ({@code janus_sessions_watchdog}). */
    public static final long SWEEP_PERIOD_SECONDS = 2;

    private static final System.Logger LOG = System.getLogger(JanusCore.class.getName());

    /** Ids stay below 2^53 so JavaScript clients (janus.js) keep them exact, as Janus 1.x does. */
    private static final long ID_MASK = (1L << 53) - 1;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private static final Param[] INCOMING_PARAMS = {
        new Param("transaction", Type.STRING, true),
        new Param("janus", Type.STRING, true),
        new Param("id", Type.POSITIVE_INTEGER, false),
    };
    private static final Param[] ATTACH_PARAMS = {
        new Param("plugin", Type.STRING, true),
        new Param("opaque_id", Type.STRING, false),
        new Param("loop_index", Type.POSITIVE_INTEGER, false),
    };
    private static final Param[] BODY_PARAMS = {
        new Param("body", Type.OBJECT, true),
    };
    private static final Param[] JSEP_PARAMS = {
        new Param("type", Type.STRING, true),
        new Param("sdp", Type.STRING, true),
        new Param("trickle", Type.BOOLEAN, false),
        new Param("rid_order", Type.STRING, false),
        new Param("force_relay", Type.BOOLEAN, false),
        new Param("e2ee", Type.BOOLEAN, false),
    };

    private final JanusCoreSettings settings;
    private final Map<String, JanusPlugin> plugins;
    private final CoreScheduler scheduler;
    private final boolean ownsScheduler;
    private final JanusAuth auth;
    private final CopyOnWriteArrayList<TransportInfo> transports = new CopyOnWriteArrayList<>();

    // Confined to the core thread.
    private final Map<Long, CoreSession> sessions = new HashMap<>();
    /** Every live handle by id; ids are unique across sessions so media can report by handle id alone. */
    private final Map<Long, CoreHandle> handlesById = new HashMap<>();
    private final SecureRandom random = new SecureRandom();
    private CoreScheduler.Cancellable sweepTimer;

    // Thread-safe gauges and counters.
    private final AtomicInteger sessionGauge = new AtomicInteger();
    private final AtomicInteger handleGauge = new AtomicInteger();
    private final LongAdder eventsDroppedNoOwner = new LongAdder();
    private final LongAdder eventsDroppedGone = new LongAdder();
    private final LongAdder candidatesDroppedQueueFull = new LongAdder();
    private final LongAdder candidatesExpired = new LongAdder();
    private final LongAdder candidatesInvalid = new LongAdder();

    private final AtomicBoolean shutdownStarted = new AtomicBoolean();
    private final CompletableFuture<Void> shutdownDone = new CompletableFuture<>();
    private volatile boolean closed;

    /**
     * A core on a scheduler owned by the caller ({@link #shutdown()} leaves it running).
     *
     * @param settings  the core's configuration
     * @param plugins   the plugins clients may attach to; package names must be unique
     * @param scheduler the thread all core and plugin state is confined to; it also provides the
     *                  clocks (timeouts use {@link CoreScheduler#nanoTime()}, signed tokens
     *                  {@link CoreScheduler#currentTimeMicros()})
     */
    public JanusCore(JanusCoreSettings settings, List<JanusPlugin> plugins, CoreScheduler scheduler) {
        this(settings, plugins, scheduler, false);
    }

    private JanusCore(JanusCoreSettings settings, List<JanusPlugin> plugins, CoreScheduler scheduler,
            boolean ownsScheduler) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.ownsScheduler = ownsScheduler;
        Map<String, JanusPlugin> byPackage = new LinkedHashMap<>();
        for (JanusPlugin plugin : plugins) {
            if (byPackage.putIfAbsent(plugin.packageName(), plugin) != null) {
                throw new IllegalArgumentException("Two plugins use the package name " + plugin.packageName());
            }
        }
        // Insertion order is the order of info's plugins object.
        this.plugins = Collections.unmodifiableMap(byPackage);
        this.auth = new JanusAuth(settings, () -> scheduler.currentTimeMicros() / 1_000_000L);
        if (settings.sessionTimeoutSeconds() > 0 || settings.reclaimSessionTimeoutSeconds() > 0) {
            scheduler.execute(this::scheduleSweep);
        }
    }

    /**
     * A core with its own {@link ExecutorCoreScheduler} ({@code janus-core} thread), stopped by
     * {@link #shutdown()}.
     */
    public static JanusCore withOwnScheduler(JanusCoreSettings settings, List<JanusPlugin> plugins) {
        ExecutorCoreScheduler scheduler = new ExecutorCoreScheduler();
        try {
            return new JanusCore(settings, plugins, scheduler, true);
        } catch (RuntimeException e) {
            scheduler.close();
            throw e;
        }
    }

    public JanusCoreSettings settings() {
        return settings;
    }

    /**
     * Lists a transport in {@code info}'s {@code transports} object; registering the same
     * package again replaces the entry. Thread-safe.
     */
    public void registerTransport(TransportInfo transport) {
        Objects.requireNonNull(transport, "transport");
        transports.removeIf(t -> t.packageName().equals(transport.packageName()));
        transports.add(transport);
    }

    // ---------------------------------------------------------------------------------------
    // JanusApi

    @Override
    public CompletionStage<ObjectNode> handle(TransportSession transport, String body, RequestPath path) {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(path, "path");
        ObjectNode request;
        try {
            request = JanusMessages.parse(body == null ? "" : body);
        } catch (JanusException e) {
            return CompletableFuture.completedFuture(JanusMessages.error(0, null, e));
        }
        return handle(transport, request, path);
    }

    @Override
    public CompletionStage<ObjectNode> handle(TransportSession transport, ObjectNode request, RequestPath path) {
        CompletableFuture<ObjectNode> reply = new CompletableFuture<>();
        handleParsed(transport, request, path, reply::complete);
        return reply;
    }

    /**
     * The reply callback runs on the core thread right after the request is processed, so it
     * precedes every event the request causes (those are pushed by later core-thread tasks).
     */
    @Override
    public void handle(TransportSession transport, String body, RequestPath path, Consumer<ObjectNode> reply) {
        Objects.requireNonNull(reply, "reply");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(path, "path");
        ObjectNode request;
        try {
            request = JanusMessages.parse(body == null ? "" : body);
        } catch (JanusException e) {
            ObjectNode error = JanusMessages.error(0, null, e);
            // Nothing else can be queued for a request that did not parse; answer in place.
            reply.accept(error);
            return;
        }
        handleParsed(transport, request, path, reply);
    }

    private void handleParsed(TransportSession transport, ObjectNode request, RequestPath path,
            Consumer<ObjectNode> reply) {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(path, "path");
        if (!submit(() -> reply.accept(process(transport, request, path)))) {
            reply.accept(shuttingDownError(request));
        }
    }

    @Override
    public CompletionStage<Boolean> touchSession(long sessionId) {
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        if (!submit(() -> {
            CoreSession session = closed ? null : sessions.get(sessionId);
            if (session != null) {
                session.lastActivityNanos = scheduler.nanoTime();
            }
            result.complete(session != null);
        })) {
            result.complete(false);
        }
        return result;
    }

    @Override
    public void transportGone(TransportSession transport) {
        Objects.requireNonNull(transport, "transport");
        submit(() -> onTransportGone(transport));
    }

    /**
     * The HTTP long-poll check of Janus's {@code janus_http.c} (the poll carries
     * {@code apisecret} and {@code token} as query parameters): authorized when neither
     * mechanism is enabled, or the enabled secret matches, or the token is valid.
     */
    @Override
    public boolean isAuthorized(String apiSecret, String token) {
        return auth.isLongPollAuthorized(apiSecret, token);
    }

    // ---------------------------------------------------------------------------------------
    // Tokens, trickle hook, observability, shutdown

    /**
     * Stores a token for {@code token_auth} in stored mode (Janus's admin {@code add_token}):
     * requests carrying it are authorized, and it may attach to {@code plugins}, or to every
     * plugin of this core when {@code plugins} is empty. Unknown plugin names are skipped.
     * Thread-safe.
     *
     * @return the plugins the token may attach to now
     * @throws IllegalStateException if token auth is off or uses signed tokens
     */
    public Set<String> addToken(String token, Set<String> plugins) {
        return auth.addToken(token, plugins, this.plugins.keySet());
    }

    /** Removes a stored token (Janus's {@code remove_token}); false if it was not stored. Thread-safe. */
    public boolean removeToken(String token) {
        return auth.removeToken(token);
    }

    /**
     * Connects the media layer to a handle's remote candidates: the candidates queued so far are
     * handed to {@code sink} in arrival order (those older than {@code candidates_timeout} are
     * dropped and counted), later ones as they arrive, until the PeerConnection is hung up or
     * the handle goes away. Replaces any previous sink. Callable from any thread.
     *
     * @return completes with false if the session or handle does not exist
     */
    public CompletionStage<Boolean> setTrickleSink(long sessionId, long handleId, TrickleSink sink) {
        Objects.requireNonNull(sink, "sink");
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        if (!submit(() -> {
            CoreSession session = closed ? null : sessions.get(sessionId);
            CoreHandle handle = session == null ? null : session.handles.get(handleId);
            if (handle != null) {
                handle.attachSink(sink);
            }
            result.complete(handle != null);
        })) {
            result.complete(false);
        }
        return result;
    }

    /** As {@link #setTrickleSink(long, long, TrickleSink)}, finding the handle by its id alone. */
    public CompletionStage<Boolean> setTrickleSink(long handleId, TrickleSink sink) {
        Objects.requireNonNull(sink, "sink");
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        if (!submit(() -> {
            CoreHandle handle = closed ? null : handlesById.get(handleId);
            if (handle != null) {
                handle.attachSink(sink);
            }
            result.complete(handle != null);
        })) {
            result.complete(false);
        }
        return result;
    }

    /** Where the media engine reports PeerConnection events (see {@link MediaEventSink}). */
    public MediaEventSink mediaEvents() {
        return mediaEvents;
    }

    private final MediaEventSink mediaEvents = new MediaEventSink() {
        @Override
        public void webRtcUp(long handleId) {
            onHandle(handleId, h -> {
                try {
                    h.plugin.setupMedia(h);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "Plugin " + h.plugin.packageName() + " failed in setupMedia", e);
                }
                deliver(h.session, handleEvent("webrtcup", h));
            });
        }

        @Override
        public void media(long handleId, String mid, String type, boolean receiving) {
            onHandle(handleId, h -> {
                ObjectNode event = handleEvent("media", h);
                event.put("mid", mid);
                event.put("type", type);
                event.put("receiving", receiving);
                deliver(h.session, event);
            });
        }

        @Override
        public void slowLink(long handleId, String mid, String media, boolean uplink, int lost) {
            onHandle(handleId, h -> {
                ObjectNode event = handleEvent("slowlink", h);
                event.put("mid", mid);
                event.put("media", media);
                event.put("uplink", uplink);
                event.put("lost", lost);
                deliver(h.session, event);
            });
        }

        @Override
        public void hangup(long handleId, String reason) {
            onHandle(handleId, h -> {
                boolean reachedPlugin = !h.hungUp;
                hangupPeerConnection(h);
                if (reachedPlugin) {
                    ObjectNode event = handleEvent("hangup", h);
                    event.put("reason", reason);
                    deliver(h.session, event);
                }
            });
        }

        @Override
        public void iceFailed(long handleId) {
            onHandle(handleId, h -> deliver(h.session, handleEvent("ice-failed", h)));
        }

        @Override
        public void localCandidate(long handleId, String sdpMid, int sdpMLineIndex, String candidate) {
            onHandle(handleId, h -> {
                ObjectNode event = handleEvent("trickle", h);
                ObjectNode c = event.putObject("candidate");
                c.put("sdpMid", sdpMid);
                c.put("sdpMLineIndex", sdpMLineIndex);
                c.put("candidate", candidate);
                deliver(h.session, event);
            });
        }

        @Override
        public void localCandidatesDone(long handleId) {
            onHandle(handleId, h -> {
                ObjectNode event = handleEvent("trickle", h);
                event.putObject("candidate").put("completed", true);
                deliver(h.session, event);
            });
        }

        private void onHandle(long handleId, Consumer<CoreHandle> action) {
            if (!submit(() -> {
                CoreHandle h = handlesById.get(handleId);
                if (h == null || !h.alive || h.session.destroyed) {
                    eventsDroppedGone.increment();
                    return;
                }
                action.accept(h);
            })) {
                eventsDroppedGone.increment();
            }
        }
    };

    private ObjectNode handleEvent(String verb, CoreHandle h) {
        ObjectNode event = message(verb, h.session.sessionId, null);
        event.put("sender", h.handleId);
        putOpaqueId(event, h);
        return event;
    }

    /** Live sessions. Thread-safe. */
    public int sessionCount() {
        return sessionGauge.get();
    }

    /** Live handles over all sessions. Thread-safe. */
    public int handleCount() {
        return handleGauge.get();
    }

    /** A snapshot of gauges and drop counters. Thread-safe. */
    public CoreStats stats() {
        return new CoreStats(sessionGauge.get(), handleGauge.get(), eventsDroppedNoOwner.sum(),
                eventsDroppedGone.sum(), candidatesDroppedQueueFull.sum(), candidatesExpired.sum(),
                candidatesInvalid.sum());
    }

    /**
     * Destroys every session (each handle's {@link JanusPlugin#destroySession}, each owner's
     * {@link TransportSession#sessionClosed}), calls {@link JanusPlugin#destroy()} once per
     * plugin and, if the scheduler is owned, stops it. Idempotent; waits up to 10 s for the core
     * thread unless called on it.
     */
    public void shutdown() {
        if (shutdownStarted.compareAndSet(false, true)) {
            Runnable teardown = () -> {
                try {
                    tearDown();
                } finally {
                    shutdownDone.complete(null);
                }
            };
            if (scheduler.isSchedulerThread()) {
                teardown.run();
            } else if (!submitEvenIfClosed(teardown)) {
                shutdownDone.complete(null);
            }
        }
        if (!scheduler.isSchedulerThread()) {
            awaitShutdown();
        }
        if (ownsScheduler) {
            scheduler.close();
        }
    }

    /** Same as {@link #shutdown()}. */
    @Override
    public void close() {
        shutdown();
    }

    private void awaitShutdown() {
        try {
            shutdownDone.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(System.Logger.Level.WARNING, "Janus core shutdown did not finish: " + e);
        }
    }

    private void tearDown() {
        closed = true;
        if (sweepTimer != null) {
            sweepTimer.cancel();
            sweepTimer = null;
        }
        for (CoreSession session : new ArrayList<>(sessions.values())) {
            removeSession(session);
            notifyOwnerClosed(session);
            destroyHandles(session);
        }
        for (JanusPlugin plugin : plugins.values()) {
            try {
                plugin.destroy();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "Plugin " + plugin.packageName() + " failed to stop", e);
            }
        }
    }

    // ---------------------------------------------------------------------------------------
    // Request processing (core thread)

    private ObjectNode process(TransportSession transport, ObjectNode root, RequestPath path) {
        if (closed) {
            return shuttingDownError(root);
        }
        // Ids from the body and, for HTTP, from the path (janus_http.c "parsingdone").
        JsonNode sessionElement = root.get("session_id");
        long bodySessionId = integerValue(sessionElement);
        if (bodySessionId != 0 && path.sessionId() != 0 && bodySessionId != path.sessionId()) {
            return JanusMessages.error(0, null, JanusErrorCode.INVALID_REQUEST_PATH,
                    "Conflicting session ID (payload and path)");
        }
        long sessionId = bodySessionId != 0 ? bodySessionId : path.sessionId();
        JsonNode handleElement = root.get("handle_id");
        long bodyHandleId = integerValue(handleElement);
        if (bodyHandleId != 0 && path.handleId() != 0 && bodyHandleId != path.handleId()) {
            return JanusMessages.error(0, null, JanusErrorCode.INVALID_REQUEST_PATH,
                    "Conflicting handle ID (payload and path)");
        }
        long handleId = bodyHandleId != 0 ? bodyHandleId : path.handleId();
        boolean handleGiven = handleId != 0 || (handleElement != null && !handleElement.isNull());
        try {
            JanusMessages.validate(root, INCOMING_PARAMS, JanusMessages.MISSING, JanusMessages.INVALID);
        } catch (JanusException e) {
            return JanusMessages.error(sessionId, null, e);
        }
        String transaction = root.get("transaction").textValue();
        String verb = root.get("janus").textValue();
        try {
            if (sessionId == 0 && handleId == 0) {
                return processRoot(transport, root, verb, transaction);
            }
            return processSession(transport, root, verb, transaction, sessionId, handleId, handleGiven);
        } catch (JanusException e) {
            return JanusMessages.error(sessionId, transaction, e);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "Janus request '" + verb + "' failed", e);
            return JanusMessages.error(sessionId, transaction, JanusErrorCode.UNKNOWN, null);
        }
    }

    /** With no session or handle only {@code info}, {@code ping} and {@code create} exist. */
    private ObjectNode processRoot(TransportSession transport, ObjectNode root, String verb, String transaction)
            throws JanusException {
        if (verbIs(verb, "info")) {
            return info(transaction);
        }
        if (verbIs(verb, "ping")) {
            return message("pong", 0, transaction);
        }
        if (!verbIs(verb, "create")) {
            throw unhandledAtPath(verb);
        }
        if (!settings.acceptNewSessions()) {
            throw new JanusException(JanusErrorCode.NOT_ACCEPTING_SESSIONS, null);
        }
        if (!auth.isRequestAuthorized(root.get("apisecret"), root.get("token"))) {
            throw new JanusException(JanusErrorCode.UNAUTHORIZED, null);
        }
        long requestedId = integerValue(root.get("id"));
        if (requestedId != 0 && sessions.containsKey(requestedId)) {
            return JanusMessages.error(requestedId, transaction, JanusErrorCode.SESSION_CONFLICT,
                    "Session ID already in use");
        }
        long id = requestedId != 0 ? requestedId : newSessionId();
        sessions.put(id, new CoreSession(id, transport, scheduler.nanoTime()));
        sessionGauge.incrementAndGet();
        ObjectNode reply = message("success", 0, transaction);
        reply.putObject("data").put("id", id);
        return reply;
    }

    private ObjectNode processSession(TransportSession transport, ObjectNode root, String verb, String transaction,
            long sessionId, long handleId, boolean handleGiven) throws JanusException {
        if (sessionId == 0) {
            throw new JanusException(JanusErrorCode.SESSION_NOT_FOUND, null);
        }
        if (handleGiven && handleId == 0) {
            throw new JanusException(JanusErrorCode.HANDLE_NOT_FOUND, null);
        }
        if (!auth.isRequestAuthorized(root.get("apisecret"), root.get("token"))) {
            throw new JanusException(JanusErrorCode.UNAUTHORIZED, null);
        }
        CoreSession session = sessions.get(sessionId);
        if (session == null) {
            // Janus reads ids as unsigned 64-bit integers, so -1 is "No such session 18446744073709551615".
            throw new JanusException(JanusErrorCode.SESSION_NOT_FOUND,
                    "No such session " + Long.toUnsignedString(sessionId));
        }
        session.lastActivityNanos = scheduler.nanoTime();
        CoreHandle handle = null;
        if (handleId != 0) {
            handle = session.handles.get(handleId);
            if (handle == null) {
                throw new JanusException(JanusErrorCode.HANDLE_NOT_FOUND, "No such handle "
                        + Long.toUnsignedString(handleId) + " in session " + Long.toUnsignedString(sessionId));
            }
        }
        if (verbIs(verb, "keepalive")) {
            return message("ack", sessionId, transaction);
        } else if (verbIs(verb, "attach")) {
            requireLevel(handle == null, verb);
            return attach(session, root, transaction);
        } else if (verbIs(verb, "destroy")) {
            requireLevel(handle == null, verb);
            return destroy(session, transaction);
        } else if (verbIs(verb, "detach")) {
            requireLevel(handle != null, verb);
            return detach(handle, transaction);
        } else if (verbIs(verb, "hangup")) {
            requireLevel(handle != null, verb);
            return hangup(handle, transaction);
        } else if (verbIs(verb, "claim")) {
            return claim(session, transport, transaction);
        } else if (verbIs(verb, "message")) {
            requireLevel(handle != null, verb);
            return pluginMessage(handle, root, transaction);
        } else if (verbIs(verb, "trickle")) {
            requireLevel(handle != null, verb);
            return trickle(handle, root, transaction);
        }
        throw new JanusException(JanusErrorCode.UNKNOWN_REQUEST, "Unknown request '" + verb + "'");
    }

    private static void requireLevel(boolean rightLevel, String verb) throws JanusException {
        if (!rightLevel) {
            throw unhandledAtPath(verb);
        }
    }

    private static JanusException unhandledAtPath(String verb) {
        return new JanusException(JanusErrorCode.INVALID_REQUEST_PATH, "Unhandled request '" + verb + "' at this path");
    }

    private ObjectNode attach(CoreSession session, ObjectNode root, String transaction) throws JanusException {
        JanusMessages.validate(root, ATTACH_PARAMS, JanusMessages.MISSING, JanusMessages.INVALID);
        String pluginName = root.get("plugin").textValue();
        JanusPlugin plugin = plugins.get(pluginName);
        if (plugin == null) {
            throw new JanusException(JanusErrorCode.PLUGIN_NOT_FOUND, "No such plugin '" + pluginName + "'");
        }
        if (auth.isTokenAuthEnabled()) {
            // Only a string token is checked against the plugin (janus.c attach).
            JsonNode token = root.get("token");
            if (token != null && token.isTextual() && !auth.canAccessPlugin(token.textValue(), pluginName)) {
                throw new JanusException(JanusErrorCode.UNAUTHORIZED_PLUGIN,
                        "Provided token can't access plugin '" + pluginName + "'");
            }
        }
        JsonNode opaque = root.get("opaque_id");
        CoreHandle handle = new CoreHandle(session, newHandleId(session), plugin,
                opaque == null ? null : opaque.textValue());
        session.handles.put(handle.handleId, handle);
        handlesById.put(handle.handleId, handle);
        handleGauge.incrementAndGet();
        try {
            plugin.createSession(handle);
        } catch (JanusException | RuntimeException e) {
            forgetHandle(handle);
            int code = e instanceof JanusException je ? je.code().code() : -1;
            LOG.log(System.Logger.Level.WARNING, "Couldn't attach to plugin '" + pluginName + "': " + e.getMessage());
            throw new JanusException(JanusErrorCode.PLUGIN_ATTACH, "Couldn't attach to plugin: error '" + code + "'");
        }
        ObjectNode reply = message("success", session.sessionId, transaction);
        reply.putObject("data").put("id", handle.handleId);
        return reply;
    }

    private ObjectNode destroy(CoreSession session, String transaction) {
        removeSession(session);
        notifyOwnerClosed(session);
        destroyHandles(session);
        return message("success", session.sessionId, transaction);
    }

    private ObjectNode detach(CoreHandle handle, String transaction) {
        destroyHandle(handle);
        // The detached event follows the reply, as Janus sends it from the handle's loop.
        submit(() -> pushDetached(handle));
        return message("success", handle.session.sessionId, transaction);
    }

    private ObjectNode hangup(CoreHandle handle, String transaction) {
        // Janus tells the plugin from the handle's loop, after replying (janus_ice_webrtc_hangup).
        submit(() -> hangupPeerConnection(handle));
        return message("success", handle.session.sessionId, transaction);
    }

    private ObjectNode claim(CoreSession session, TransportSession transport, String transaction) {
        if (session.owner != transport) {
            TransportSession previous = session.owner;
            boolean previousReachable = !session.ownerGone;
            session.owner = transport;
            session.ownerGone = false;
            if (previous != null && previousReachable) {
                // Janus: session_over(..., claimed=TRUE) to the old transport.
                notify(previous, t -> t.sessionClosed(session.sessionId));
            }
            notify(transport, t -> t.sessionClaimed(session.sessionId));
        }
        return message("success", session.sessionId, transaction);
    }

    private ObjectNode pluginMessage(CoreHandle handle, ObjectNode root, String transaction) throws JanusException {
        JanusMessages.validate(root, BODY_PARAMS, JanusMessages.MISSING, JanusMessages.INVALID);
        ObjectNode body = (ObjectNode) root.get("body");
        ObjectNode jsepForPlugin = null;
        JsonNode jsep = root.get("jsep");
        if (jsep != null) {
            if (!(jsep instanceof ObjectNode jsepObject)) {
                throw new JanusException(JanusErrorCode.INVALID_JSON_OBJECT, "Invalid jsep object");
            }
            JanusMessages.validate(jsepObject, JSEP_PARAMS, JanusMessages.JSEP_MISSING, JanusMessages.JSEP_INVALID);
            String type = jsepObject.get("type").textValue();
            if (!verbIs(type, "offer") && !verbIs(type, "answer")) {
                throw new JanusException(JanusErrorCode.JSEP_UNKNOWN_TYPE,
                        "JSEP error: unknown message type '" + type + "'");
            }
            // What Janus hands its plugins: type and SDP, plus e2ee when asked for. The SDP checks
            // (465/469) and the simulcast/update details need the media layer (issue #3).
            jsepForPlugin = JsonFormat.MAPPER.createObjectNode();
            jsepForPlugin.put("type", type);
            jsepForPlugin.put("sdp", jsepObject.get("sdp").textValue());
            if (jsepObject.path("e2ee").asBoolean(false)) {
                jsepForPlugin.put("e2ee", true);
            }
            handle.hungUp = false;
        }
        JanusPlugin plugin = handle.plugin;
        PluginResult result;
        try {
            result = plugin.handleMessage(handle, transaction, body, jsepForPlugin);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "Plugin " + plugin.packageName() + " failed on a message", e);
            throw new JanusException(JanusErrorCode.PLUGIN_MESSAGE, "Plugin returned a severe (unknown) error");
        }
        long sessionId = handle.session.sessionId;
        if (result instanceof PluginResult.Sync sync) {
            if (sync.data() == null) {
                throw new JanusException(JanusErrorCode.PLUGIN_MESSAGE,
                        "Plugin didn't provide any content for this synchronous response");
            }
            ObjectNode reply = message("success", sessionId, transaction);
            reply.put("sender", handle.handleId);
            putOpaqueId(reply, handle);
            ObjectNode pluginData = reply.putObject("plugindata");
            pluginData.put("plugin", plugin.packageName());
            pluginData.set("data", sync.data());
            return reply;
        } else if (result instanceof PluginResult.Async async) {
            ObjectNode reply = message("ack", sessionId, transaction);
            if (async.hint() != null) {
                reply.put("hint", async.hint());
            }
            return reply;
        } else if (result instanceof PluginResult.Error error) {
            throw new JanusException(JanusErrorCode.PLUGIN_MESSAGE,
                    error.reason() != null ? error.reason() : "Plugin returned a severe (unknown) error");
        }
        throw new JanusException(JanusErrorCode.PLUGIN_MESSAGE, "Plugin didn't give a result");
    }

    private ObjectNode trickle(CoreHandle handle, ObjectNode root, String transaction) throws JanusException {
        boolean hasCandidate = root.has("candidate");
        boolean hasCandidates = root.has("candidates");
        if (!hasCandidate && !hasCandidates) {
            throw new JanusException(JanusErrorCode.MISSING_MANDATORY_ELEMENT,
                    "Missing mandatory element (candidate|candidates)");
        }
        if (hasCandidate && hasCandidates) {
            throw new JanusException(JanusErrorCode.INVALID_JSON, "Can't have both candidate and candidates");
        }
        List<RemoteCandidate> received = new ArrayList<>();
        boolean completed = false;
        if (hasCandidate) {
            JsonNode candidate = root.get("candidate");
            if (isEndOfCandidates(candidate)) {
                completed = true;
            } else {
                received.add(parseCandidate(candidate));
            }
        } else {
            JsonNode candidates = root.get("candidates");
            if (!candidates.isArray()) {
                throw new JanusException(JanusErrorCode.INVALID_ELEMENT_TYPE, "candidates is not an array");
            }
            for (JsonNode candidate : candidates) {
                if (isEndOfCandidates(candidate)) {
                    completed = true;
                    continue;
                }
                try {
                    received.add(parseCandidate(candidate));
                } catch (JanusException e) {
                    // Janus ignores entries of a candidates array that fail to parse.
                    candidatesInvalid.increment();
                }
            }
        }
        for (RemoteCandidate candidate : received) {
            handle.offerCandidate(candidate);
        }
        if (completed) {
            handle.offerCandidate(null);
        }
        return message("ack", handle.session.sessionId, transaction);
    }

    /** Janus treats a non-object candidate, or one with {@code completed}, as end-of-candidates. */
    private static boolean isEndOfCandidates(JsonNode candidate) {
        return !candidate.isObject() || candidate.has("completed");
    }

    /** The shape checks of {@code janus_ice_trickle_parse()} in Janus 1.1.2, with its texts. */
    private static RemoteCandidate parseCandidate(JsonNode candidate) throws JanusException {
        JsonNode mid = candidate.get("sdpMid");
        if (mid != null && !mid.isTextual()) {
            throw new JanusException(JanusErrorCode.INVALID_ELEMENT_TYPE,
                    "Trickle error: invalid element type (sdpMid should be a string)");
        }
        JsonNode mline = candidate.get("sdpMLineIndex");
        if (mline != null && (!JanusMessages.isInteger(mline) || mline.longValue() < 0)) {
            throw new JanusException(JanusErrorCode.INVALID_ELEMENT_TYPE,
                    "Trickle error: invalid element type (sdpMLineIndex should be a positive integer)");
        }
        if (mid == null && mline == null) {
            throw new JanusException(JanusErrorCode.MISSING_MANDATORY_ELEMENT,
                    "Trickle error: missing mandatory element (sdpMid or sdpMLineIndex)");
        }
        JsonNode line = candidate.get("candidate");
        if (line == null) {
            throw new JanusException(JanusErrorCode.MISSING_MANDATORY_ELEMENT,
                    "Trickle error: missing mandatory element (candidate)");
        }
        if (!line.isTextual()) {
            throw new JanusException(JanusErrorCode.INVALID_ELEMENT_TYPE,
                    "Trickle error: invalid element type (candidate should be a string)");
        }
        int index = mline == null ? -1 : (int) Math.min(mline.longValue(), Integer.MAX_VALUE);
        return new RemoteCandidate(mid == null ? null : mid.textValue(), index, line.textValue());
    }

    private ObjectNode info(String transaction) {
        JanusCoreSettings.InfoSummary summary = settings.info();
        ObjectNode info = message("server_info", 0, transaction);
        info.put("name", NAME);
        info.put("version", VERSION);
        info.put("version_string", VERSION_STRING);
        info.put("author", AUTHOR);
        info.put("commit-hash", "not-a-git-repo");
        info.put("compile-time", "unknown");
        info.put("log-to-stdout", summary.logToStdout());
        info.put("log-to-file", summary.logToFile());
        if (summary.logToFile() && summary.logPath() != null) {
            info.put("log-path", summary.logPath());
        }
        info.put("data_channels", summary.dataChannels());
        info.put("accepting-new-sessions", settings.acceptNewSessions());
        info.put("session-timeout", settings.sessionTimeoutSeconds());
        info.put("reclaim-session-timeout", settings.reclaimSessionTimeoutSeconds());
        info.put("candidates-timeout", settings.candidatesTimeoutSeconds());
        info.put("server-name", settings.serverName());
        info.put("local-ip", summary.localIp());
        if (!summary.publicIps().isEmpty()) {
            info.put("public-ip", summary.publicIps().get(0));
        }
        if (summary.publicIps().size() > 1) {
            summary.publicIps().forEach(info.putArray("public-ips")::add);
        }
        info.put("ipv6", summary.ipv6());
        if (summary.ipv6()) {
            info.put("ipv6-link-local", summary.ipv6LinkLocal());
        }
        info.put("ice-lite", summary.iceLite());
        info.put("ice-tcp", summary.iceTcp());
        info.put("ice-nomination", summary.iceNomination());
        info.put("ice-keepalive-conncheck", summary.iceKeepaliveConncheck());
        info.put("full-trickle", summary.fullTrickle());
        info.put("mdns-enabled", summary.mdnsEnabled());
        info.put("min-nack-queue", summary.minNackQueue());
        info.put("nack-optimizations", summary.nackOptimizations());
        info.put("twcc-period", summary.twccPeriod());
        if (summary.dscp() > 0) {
            info.put("dscp", summary.dscp());
        }
        info.put("dtls-mtu", summary.dtlsMtu());
        if (summary.stunServer() != null) {
            info.put("stun-server", summary.stunServer());
        }
        if (summary.turnServer() != null) {
            info.put("turn-server", summary.turnServer());
        }
        if (summary.allowForceRelay()) {
            info.put("allow-force-relay", true);
        }
        info.put("static-event-loops", summary.staticEventLoops());
        if (summary.staticEventLoops() > 0) {
            info.put("loop-indication", summary.loopIndication());
        }
        info.put("api_secret", auth.isApiSecretNeeded());
        info.put("auth_token", auth.isTokenAuthEnabled());
        info.put("event_handlers", false);
        info.put("opaqueid_in_api", settings.opaqueIdInApi());
        if (!summary.hideDependencies()) {
            ObjectNode dependencies = info.putObject("dependencies");
            dependencies.put("java", Runtime.version().toString());
            dependencies.put("jackson", com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString());
        }
        ObjectNode transportsNode = info.putObject("transports");
        for (TransportInfo transport : transports) {
            ObjectNode entry = transportsNode.putObject(transport.packageName());
            entry.put("name", transport.name());
            entry.put("author", transport.author());
            entry.put("description", transport.description());
            entry.put("version_string", transport.versionString());
            entry.put("version", transport.version());
        }
        info.putObject("events");
        info.putObject("loggers");
        ObjectNode pluginsNode = info.putObject("plugins");
        for (JanusPlugin plugin : plugins.values()) {
            ObjectNode entry = pluginsNode.putObject(plugin.packageName());
            entry.put("name", plugin.name());
            entry.put("author", plugin.author());
            entry.put("description", plugin.description());
            entry.put("version_string", plugin.versionString());
            entry.put("version", plugin.version());
        }
        return info;
    }

    // ---------------------------------------------------------------------------------------
    // Sessions, handles and events (core thread)

    private void removeSession(CoreSession session) {
        if (sessions.remove(session.sessionId, session)) {
            sessionGauge.decrementAndGet();
        }
        session.destroyed = true;
    }

    private void notifyOwnerClosed(CoreSession session) {
        if (session.owner != null && !session.ownerGone) {
            notify(session.owner, t -> t.sessionClosed(session.sessionId));
        }
    }

    private void destroyHandles(CoreSession session) {
        for (CoreHandle handle : new ArrayList<>(session.handles.values())) {
            destroyHandle(handle);
        }
    }

    /** Detaches a handle: it stops being alive first, so events it pushes from now on are dropped. */
    private void destroyHandle(CoreHandle handle) {
        if (!handle.alive) {
            return;
        }
        forgetHandle(handle);
        try {
            handle.plugin.destroySession(handle);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "Plugin " + handle.plugin.packageName() + " failed to detach", e);
        }
    }

    private void forgetHandle(CoreHandle handle) {
        handle.alive = false;
        handle.pendingCandidates.clear();
        handle.sink = null;
        handlesById.remove(handle.handleId, handle);
        if (handle.session.handles.remove(handle.handleId, handle)) {
            handleGauge.decrementAndGet();
        }
    }

    private void pushDetached(CoreHandle handle) {
        ObjectNode event = message("detached", handle.session.sessionId, null);
        event.put("sender", handle.handleId);
        putOpaqueId(event, handle);
        deliver(handle.session, event);
    }

    /** The plugin side of a hangup ({@code hangup} request or {@code closePeerConnection}). */
    private void hangupPeerConnection(CoreHandle handle) {
        if (!handle.alive) {
            return;
        }
        // Early candidates stay queued as in Janus (webrtc_free only clears them once an ICE agent
        // exists); a sink belongs to the PeerConnection being hung up.
        handle.sink = null;
        if (handle.hungUp) {
            // Janus's ALERT flag: a second hangup before a new negotiation does not reach the plugin.
            return;
        }
        handle.hungUp = true;
        try {
            handle.plugin.hangupMedia(handle);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "Plugin " + handle.plugin.packageName() + " failed to hang up", e);
        }
    }

    private void pushPluginEvent(CoreHandle handle, String transaction, ObjectNode data, ObjectNode jsep) {
        if (!handle.alive || handle.session.destroyed) {
            eventsDroppedGone.increment();
            return;
        }
        ObjectNode event = message("event", handle.session.sessionId, transaction);
        event.put("sender", handle.handleId);
        putOpaqueId(event, handle);
        ObjectNode pluginData = event.putObject("plugindata");
        pluginData.put("plugin", handle.plugin.packageName());
        pluginData.set("data", data);
        // Janus only attaches a JSEP with both a type and an SDP (janus_plugin_push_event).
        if (jsep != null && jsep.path("type").isTextual() && jsep.path("sdp").isTextual()) {
            event.set("jsep", jsep);
            handle.hungUp = false;
        }
        deliver(handle.session, event);
    }

    private void deliver(CoreSession session, ObjectNode message) {
        if (session.destroyed) {
            eventsDroppedGone.increment();
            return;
        }
        if (session.owner == null || session.ownerGone) {
            eventsDroppedNoOwner.increment();
            return;
        }
        notify(session.owner, t -> t.pushEvent(session.sessionId, message));
    }

    private void putOpaqueId(ObjectNode node, CoreHandle handle) {
        if (settings.opaqueIdInApi() && handle.opaqueId != null) {
            node.put("opaque_id", handle.opaqueId);
        }
    }

    private void onTransportGone(TransportSession transport) {
        if (closed || transport.keepsSessionsAcrossDisconnect()) {
            return;
        }
        for (CoreSession session : new ArrayList<>(sessions.values())) {
            if (session.owner != transport || session.ownerGone) {
                continue;
            }
            if (settings.reclaimSessionTimeoutSeconds() < 1) {
                // Janus destroys these at once, telling nobody: the transport is gone.
                removeSession(session);
                destroyHandles(session);
            } else {
                // The sweep destroys it unless claimed within reclaim_session_timeout.
                session.ownerGone = true;
            }
        }
    }

    private void scheduleSweep() {
        if (!closed) {
            sweepTimer = scheduler.schedule(this::sweep, SWEEP_PERIOD_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** Janus's {@code janus_check_sessions()}: time out idle sessions and unclaimed ones. */
    private void sweep() {
        if (closed) {
            return;
        }
        long now = scheduler.nanoTime();
        long timeout = settings.sessionTimeoutSeconds() * NANOS_PER_SECOND;
        long reclaim = settings.reclaimSessionTimeoutSeconds() * NANOS_PER_SECOND;
        for (CoreSession session : new ArrayList<>(sessions.values())) {
            long idle = now - session.lastActivityNanos;
            if ((timeout > 0 && idle >= timeout) || (session.ownerGone && idle >= reclaim)) {
                timeOut(session);
            }
        }
        scheduleSweep();
    }

    private void timeOut(CoreSession session) {
        LOG.log(System.Logger.Level.INFO, "Timeout expired for session " + session.sessionId);
        destroyHandles(session);
        deliver(session, message("timeout", session.sessionId, null));
        notifyOwnerClosed(session);
        removeSession(session);
    }

    private long newSessionId() {
        long id;
        do {
            id = random.nextLong() & ID_MASK;
        } while (id == 0 || sessions.containsKey(id));
        return id;
    }

    private long newHandleId(CoreSession session) {
        long id;
        do {
            id = random.nextLong() & ID_MASK;
        } while (id == 0 || session.handles.containsKey(id) || handlesById.containsKey(id));
        return id;
    }

    private static void notify(TransportSession transport, Consumer<TransportSession> call) {
        try {
            call.accept(transport);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "Transport " + transport.describe() + " failed on a callback", e);
        }
    }

    /** Queues work on the core thread; false once the core is shut down. */
    private boolean submit(Runnable task) {
        if (closed) {
            return false;
        }
        return submitEvenIfClosed(task);
    }

    private boolean submitEvenIfClosed(Runnable task) {
        try {
            scheduler.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    private static ObjectNode shuttingDownError(ObjectNode request) {
        JsonNode transaction = request.get("transaction");
        return JanusMessages.error(integerValue(request.get("session_id")),
                transaction != null && transaction.isTextual() ? transaction.textValue() : null,
                JanusErrorCode.UNKNOWN, "Janus core is shutting down");
    }

    /** A Janus session. Confined to the core thread. */
    private static final class CoreSession {
        final long sessionId;
        final Map<Long, CoreHandle> handles = new LinkedHashMap<>();
        /** The transport session events go to (Janus {@code session->source}). */
        TransportSession owner;
        /** The owner disconnected and the session waits for a claim (Janus {@code transport_gone}). */
        boolean ownerGone;
        long lastActivityNanos;
        boolean destroyed;

        CoreSession(long sessionId, TransportSession owner, long now) {
            this.sessionId = sessionId;
            this.owner = owner;
            this.lastActivityNanos = now;
        }
    }

    /** One remote candidate (or, when {@code candidate} is null, end-of-candidates) waiting for media. */
    private record QueuedCandidate(RemoteCandidate candidate, long receivedNanos) {
    }

    /**
     * An attached handle, the {@link PluginHandle} its plugin sees. Fields are confined to the
     * core thread except {@link #alive} and {@link #pluginData}, which plugins may read anywhere.
     */
    private final class CoreHandle implements PluginHandle {
        final CoreSession session;
        final long handleId;
        final JanusPlugin plugin;
        final String opaqueId;
        final ArrayDeque<QueuedCandidate> pendingCandidates = new ArrayDeque<>();
        volatile boolean alive = true;
        volatile Object pluginData;
        TrickleSink sink;
        /** A hangup reached the plugin and no negotiation happened since (Janus's ALERT flag). */
        boolean hungUp;

        CoreHandle(CoreSession session, long handleId, JanusPlugin plugin, String opaqueId) {
            this.session = session;
            this.handleId = handleId;
            this.plugin = plugin;
            this.opaqueId = opaqueId;
        }

        @Override
        public long sessionId() {
            return session.sessionId;
        }

        @Override
        public long handleId() {
            return handleId;
        }

        @Override
        public String opaqueId() {
            return opaqueId;
        }

        @Override
        public void pushEvent(String transaction, ObjectNode data, ObjectNode jsep) {
            Objects.requireNonNull(data, "data");
            if (!submit(() -> pushPluginEvent(this, transaction, data, jsep))) {
                eventsDroppedGone.increment();
            }
        }

        @Override
        public void closePeerConnection(String reason) {
            submit(() -> hangupPeerConnection(this));
        }

        @Override
        public void endHandle() {
            submit(() -> {
                if (alive) {
                    destroyHandle(this);
                    pushDetached(this);
                }
            });
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

        /** A trickled candidate (null: end of candidates): to the sink, or queued within the limit. */
        void offerCandidate(RemoteCandidate candidate) {
            if (sink != null) {
                feed(sink, candidate);
            } else if (pendingCandidates.size() >= settings.trickleQueueLimit()) {
                candidatesDroppedQueueFull.increment();
            } else {
                pendingCandidates.add(new QueuedCandidate(candidate, scheduler.nanoTime()));
            }
        }

        void attachSink(TrickleSink newSink) {
            sink = newSink;
            hungUp = false;
            long now = scheduler.nanoTime();
            long maxAge = settings.candidatesTimeoutSeconds() * NANOS_PER_SECOND;
            while (!pendingCandidates.isEmpty() && sink == newSink) {
                QueuedCandidate queued = pendingCandidates.poll();
                // Janus: "Discarding candidate (too old)" when older than candidates_timeout.
                if (now - queued.receivedNanos() > maxAge) {
                    candidatesExpired.increment();
                } else {
                    feed(newSink, queued.candidate());
                }
            }
        }

        private void feed(TrickleSink target, RemoteCandidate candidate) {
            try {
                if (candidate == null) {
                    target.onEndOfCandidates();
                } else {
                    target.onRemoteCandidate(candidate);
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "Trickle sink of handle " + handleId + " failed", e);
            }
        }

        @Override
        public String toString() {
            return "handle " + handleId + " of session " + session.sessionId + " (" + plugin.packageName() + ")";
        }
    }
}
