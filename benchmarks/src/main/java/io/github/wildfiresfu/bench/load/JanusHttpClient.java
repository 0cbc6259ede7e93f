package io.github.wildfiresfu.bench.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A small client of the Janus HTTP API (janus-reference.md §1): sessions, plugin handles,
 * synchronous and asynchronous plugin messages, trickle, and the long poll that brings events
 * ({@code GET /janus/<session>?maxev=N}) — the same requests janus.js makes, so it drives
 * Debian's Janus 1.1.2 and our server alike.
 *
 * <p>Requests block the calling thread (the generator's setup thread); long polls run
 * asynchronously on the HTTP client's small executor, one outstanding poll per session, and
 * hand events to the handle they name ({@code sender}). Errors ({@code "janus":"error"} or a
 * plugin's {@code error_code}) become {@link JanusException}s with Janus's code and reason.
 */
final class JanusHttpClient implements AutoCloseable {

    /** A Janus or VideoRoom error, with its code. */
    static final class JanusException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        JanusException(String message) {
            super(message);
        }
    }

    private static final System.Logger LOG = System.getLogger(JanusHttpClient.class.getName());
    /** Events a handle keeps unclaimed; older ones are dropped (media/slowlink events pile up otherwise). */
    private static final int MAX_PENDING_EVENTS = 256;

    private final ObjectMapper json = new ObjectMapper();
    private final URI base;
    private final Duration requestTimeout;
    private final ExecutorService executor;
    private final HttpClient http;
    private final AtomicLong transactions = new AtomicLong();

    /**
     * @param base           the API root, e.g. {@code http://127.0.0.1:8088/janus}
     * @param requestTimeout how long one request (not a long poll) may take
     */
    JanusHttpClient(URI base, Duration requestTimeout) {
        this.base = base;
        this.requestTimeout = requestTimeout;
        this.executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "load-janus-http");
            t.setDaemon(true);
            return t;
        });
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
                .connectTimeout(requestTimeout).build();
    }

    ObjectNode object() {
        return json.createObjectNode();
    }

    /** Creates a Janus session and starts its long poll. */
    Session createSession() {
        JsonNode reply = post(base, request("create"));
        Session session = new Session(reply.path("data").path("id").asLong());
        session.poll();
        return session;
    }

    private ObjectNode request(String verb) {
        ObjectNode r = json.createObjectNode();
        r.put("janus", verb);
        r.put("transaction", "lg" + transactions.incrementAndGet());
        return r;
    }

    private JsonNode post(URI uri, ObjectNode body) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(requestTimeout)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new JanusException(body.path("janus").asText() + " to " + uri + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JanusException("interrupted while waiting for " + uri);
        }
        JsonNode reply = parse(response.body(), uri);
        if (reply.path("janus").asText().equals("error")) {
            throw new JanusException("Janus error " + reply.path("error").path("code").asInt() + " on "
                    + body.path("janus").asText() + ": " + reply.path("error").path("reason").asText());
        }
        return reply;
    }

    private JsonNode parse(String body, URI uri) {
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new JanusException("unreadable JSON from " + uri + ": " + e.getOriginalMessage());
        }
    }

    /**
     * Stops the long polls' executor and waits briefly for its threads; sessions should be
     * destroyed first. (JDK 17's HttpClient has no close(): its selector thread ends when the
     * client is garbage collected.)
     */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One Janus session: its handles and its long poll. Thread-safe. */
    final class Session {

        private final long id;
        private final URI uri;
        private final Map<Long, Handle> handles = new ConcurrentHashMap<>();
        private volatile boolean closed;

        private Session(long id) {
            this.id = id;
            this.uri = URI.create(base + "/" + id);
        }

        long id() {
            return id;
        }

        /** Attaches a handle to {@code plugin} (e.g. {@code janus.plugin.videoroom}). */
        Handle attach(String plugin) {
            ObjectNode r = request("attach");
            r.put("plugin", plugin);
            long handleId = post(uri, r).path("data").path("id").asLong();
            Handle h = new Handle(this, handleId);
            handles.put(handleId, h);
            return h;
        }

        /** Destroys the session (its handles hang up); the long poll ends. Errors are logged only. */
        void destroy() {
            closed = true;
            try {
                post(uri, request("destroy"));
            } catch (JanusException e) {
                LOG.log(Level.DEBUG, "destroying session " + id + ": " + e.getMessage());
            }
        }

        private void poll() {
            if (closed) {
                return;
            }
            HttpRequest request = HttpRequest.newBuilder(URI.create(uri + "?maxev=16"))
                    .timeout(Duration.ofSeconds(60)).GET().build();
            http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
                if (closed) {
                    return;
                }
                if (error != null || response.statusCode() != 200) {
                    LOG.log(Level.DEBUG, () -> "long poll of session " + id + " failed: "
                            + (error != null ? error : "HTTP " + response.statusCode()));
                    // The server may be busy; poll again after a pause rather than spinning.
                    executor.execute(() -> {
                        sleepQuietly(200);
                        poll();
                    });
                    return;
                }
                try {
                    JsonNode events = json.readTree(response.body());
                    if (events.isArray()) {
                        events.forEach(this::dispatch);
                    } else {
                        dispatch(events);
                    }
                } catch (JsonProcessingException e) {
                    LOG.log(Level.WARNING, "unreadable long-poll reply of session " + id + ": " + e.getOriginalMessage());
                }
                poll();
            });
        }

        private void dispatch(JsonNode event) {
            Handle h = handles.get(event.path("sender").asLong());
            if (h != null) {
                h.deliver(event);
            }
        }
    }

    /** One plugin handle; events for it queue here until claimed. Thread-safe. */
    final class Handle {

        private final Session session;
        private final long id;
        private final URI uri;
        private final Deque<JsonNode> events = new ArrayDeque<>(); // Guarded by this.

        private Handle(Session session, long id) {
            this.session = session;
            this.id = id;
            this.uri = URI.create(base + "/" + session.id + "/" + id);
        }

        long id() {
            return id;
        }

        /**
         * A synchronous plugin request (VideoRoom {@code create}, {@code destroy}, ...): returns
         * the plugin's data.
         */
        JsonNode request(ObjectNode body) {
            ObjectNode r = JanusHttpClient.this.request("message");
            r.set("body", body);
            JsonNode reply = post(uri, r);
            return pluginData(reply, body);
        }

        /**
         * An asynchronous plugin request ({@code join}, {@code publish}, {@code start}): waits for
         * the ack, then for the event answering it (same transaction); returns the whole event
         * (plugin data and, when there is one, {@code jsep}).
         */
        JsonNode send(ObjectNode body, ObjectNode jsep, Duration timeout) {
            ObjectNode r = JanusHttpClient.this.request("message");
            r.set("body", body);
            if (jsep != null) {
                r.set("jsep", jsep);
            }
            String transaction = r.path("transaction").asText();
            JsonNode ack = post(uri, r);
            JsonNode event = ack.path("janus").asText().equals("ack")
                    ? await(e -> transaction.equals(e.path("transaction").asText())
                            && e.path("janus").asText().equals("event"), timeout, body.path("request").asText())
                    : ack;
            pluginData(event, body);
            return event;
        }

        /** Tells the server there are no more candidates (janus.js sends this after gathering). */
        void trickleCompleted() {
            ObjectNode r = JanusHttpClient.this.request("trickle");
            r.set("candidate", object().put("completed", true));
            post(uri, r);
        }

        /** Waits for an event such as {@code webrtcup}; earlier unclaimed events count. */
        JsonNode await(Predicate<JsonNode> wanted, Duration timeout, String what) {
            long deadline = System.nanoTime() + timeout.toNanos();
            synchronized (this) {
                while (true) {
                    for (Iterator<JsonNode> it = events.iterator(); it.hasNext(); ) {
                        JsonNode e = it.next();
                        if (wanted.test(e)) {
                            it.remove();
                            return e;
                        }
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new JanusException("no answer to " + what + " on handle " + id + " within "
                                + timeout.toMillis() + " ms; unclaimed events: " + events);
                    }
                    try {
                        TimeUnit.NANOSECONDS.timedWait(this, left);
                    } catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                        throw new JanusException("interrupted while waiting for " + what);
                    }
                }
            }
        }

        /** Whether an event like this arrived (and is still unclaimed); does not wait. */
        synchronized boolean has(Predicate<JsonNode> wanted) {
            return events.stream().anyMatch(wanted);
        }

        /** Detaches the handle; errors (already gone) are logged only. */
        void detach() {
            session.handles.remove(id);
            try {
                post(uri, JanusHttpClient.this.request("detach"));
            } catch (JanusException e) {
                LOG.log(Level.DEBUG, "detaching handle " + id + ": " + e.getMessage());
            }
        }

        private synchronized void deliver(JsonNode event) {
            if (events.size() >= MAX_PENDING_EVENTS) {
                events.removeFirst();
            }
            events.addLast(event);
            notifyAll();
        }

        private JsonNode pluginData(JsonNode reply, ObjectNode body) {
            JsonNode data = reply.path("plugindata").path("data");
            if (data.has("error_code") || data.has("error")) {
                throw new JanusException("VideoRoom error " + data.path("error_code").asInt() + " on "
                        + body.path("request").asText() + ": " + data.path("error").asText());
            }
            return reply.has("jsep") ? reply : data;
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
