package io.github.wildfiresfu.transport.mqtt;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedContext;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAck;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAckReturnCode;
import io.reactivex.disposables.Disposable;
import io.github.wildfiresfu.janus.JanusApi;
import io.github.wildfiresfu.janus.RequestPath;
import io.github.wildfiresfu.janus.TransportInfo;
import io.github.wildfiresfu.janus.TransportSession;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The Wildfire MQTT transport ({@code janus.transport.mqtt} of the Wildfire fork,
 * wildfire-protocol.md §1): the one link between this server and the Wildfire IM.
 *
 * <h2>What it does</h2>
 * <ol>
 *   <li><b>Bootstrap.</b> Asks each {@code im_host} in turn for {@code GET /api/node?id=<client_id>}
 *       ({@link ImNodeResolver}); the first valid answer names the broker. If no IM answers it
 *       keeps asking with the reconnect backoff (1 s doubling to 10 s) and logs why, but never
 *       exits, unlike the fork: the HTTP/WebSocket transports keep serving meanwhile.</li>
 *   <li><b>MQTT 3.1.1</b> to that broker (HiveMQ client): client id, username and password are
 *       {@code client_id}; keep-alive and clean session from the settings; subscribes to
 *       {@code to-janus} at QoS 0.</li>
 *   <li><b>Requests</b> arrive on any topic the broker delivers (the IM delivers by client id, so
 *       {@code zto} arrives without a subscription): all publishes are taken through the client's
 *       global callback. {@code zto} (compared ignoring case, as the fork's {@code strcasecmp})
 *       is gzip-compressed JSON; any other topic is JSON text. Empty, oversized or
 *       undecompressible messages are dropped and counted (the fork drops a bad {@code zto}
 *       silently). The MQTT client's event loop only copies the payload and hands it to the
 *       {@code wildfire-mqtt-in} thread, which passes it to {@link JanusApi#handle} with
 *       {@link RequestPath#NONE}; the core then works on its own thread.</li>
 *   <li><b>Replies and events</b> go out in the order the core produced them, as JSON in the
 *       configured format on {@code from-janus}, QoS 0, not retained; in PB mode the kinds of
 *       wildfire-protocol.md §1.6 go as protobuf on per-kind topics ({@link MessageEncoder},
 *       {@link PbMapper}). Publishing runs on {@code wildfire-mqtt-out} ({@link OutboundQueue}).</li>
 *   <li><b>One Janus transport session</b> for everything ({@code janus_transport_session_create}
 *       once in the fork), which {@linkplain TransportSession#keepsSessionsAcrossDisconnect()
 *       keeps its sessions across disconnects}.</li>
 * </ol>
 *
 * <h2>Resilience</h2>
 * <ul>
 *   <li>A lost or failed connection is retried with the backoff (cap 10 s; it starts over only
 *       after a connection that lasted at least the cap). Before every attempt {@code /api/node}
 *       is asked again, so a changed broker address is followed without a restart (the current
 *       fork's {@code MQTTAsync_updateServerURI} before reconnect).</li>
 *   <li><b>Session rule:</b> the Janus sessions created or claimed through this link are not timed
 *       out by an IM/broker outage. While the broker is away their activity is refreshed every
 *       {@code sessionTouchInterval} (2 s, the core's sweep period) with
 *       {@link JanusApi#touchSession}, and once more when the link is back; from then on the
 *       clients' keepalives (every 20 s through the IM) carry them again, so after an outage they
 *       have the full {@code session_timeout} to resume. Destroy, timeout and claims elsewhere
 *       remove sessions from the set ({@link TransportSession#sessionClosed}).</li>
 *   <li>Outgoing messages wait while the broker is away, at most {@code max_buffered} of them;
 *       more are dropped and counted ({@link MqttTransportStats#droppedBufferFull()}). Publish
 *       failures are counted and never fatal; more than 10 in a row make us drop the connection
 *       and reconnect (the fork exits).</li>
 * </ul>
 *
 * <h2>Threads</h2>
 * {@code wildfire-mqtt-control} (bootstrap, connect, reconnect, session refresh),
 * {@code wildfire-mqtt-in} (requests to the core), {@code wildfire-mqtt-out} (publishing) and
 * {@code wildfire-mqtt-netty} (the HiveMQ client's event loop, one for all our clients; it
 * ends once the last client is disconnected and released). {@link #close()} stops all of them.
 * RxJava's process-wide scheduler threads, which the HiveMQ client library starts on first use,
 * are shared and stay. All public methods are thread-safe.
 */
public final class WildfireMqttTransport implements AutoCloseable {

    /** {@code info}'s transports key. */
    public static final String PACKAGE = "janus.transport.mqtt";
    /** The fork's transport name ({@code JANUS_MQTT_NAME}). */
    public static final String NAME = "JANUS MQTT transport plugin";
    /** {@code description} in {@code info}. */
    public static final String DESCRIPTION =
            "MQTT transport of Wildfire SFU for the Wildfire IM (/api/node bootstrap, Janus API as JSON or protobuf)";
    /** Requests waiting for the core; more are dropped and counted. */
    static final int INBOUND_QUEUE_LIMIT = 10_000;

    private static final System.Logger LOG = System.getLogger(WildfireMqttTransport.class.getName());
    /** A run of failures (no IM, no broker) is logged when it starts, then at most this often. */
    private static final Duration FAILURE_LOG_INTERVAL = Duration.ofMinutes(1);

    private final MqttTransportSettings settings;
    private final JanusApi api;
    private final PbModeSwitch pbMode;
    private final Link link = new Link();
    private final ImNodeResolver resolver;
    private final MessageEncoder encoder;
    private final OutboundQueue outbound;
    private final ScheduledThreadPoolExecutor control;
    private final ThreadPoolExecutor inbound;
    /** Starts the Netty thread of this transport's MQTT clients; the key of their event loop group. */
    private final Executor nettyThreads = runnable -> daemon("wildfire-mqtt-netty").newThread(runnable).start();
    private final Set<Long> ownedSessions = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    // Confined to the control thread.
    private final Backoff backoff;
    private long attempt;
    private long retryScheduledFor = -1;
    private long noImFailuresInRow;
    private long lastNoImLogNanos;
    private long connectFailuresInRow;
    private long connectedAtNanos;
    private long lastConnectFailureLogNanos;
    /** The current client's subscription to all incoming publishes. */
    private volatile Disposable incoming;
    // Written on the control thread, read anywhere.
    private volatile Mqtt3AsyncClient client;
    private volatile boolean connected;
    private volatile BrokerAddress broker;

    private final LongAdder connections = new LongAdder();
    private final LongAdder connectFailures = new LongAdder();
    private final LongAdder disconnections = new LongAdder();
    private final LongAdder bootstrapFailures = new LongAdder();
    private final LongAdder requestsReceived = new LongAdder();
    private final LongAdder gzipRequests = new LongAdder();
    private final LongAdder invalidRequests = new LongAdder();
    private final LongAdder inboundDropped = new LongAdder();

    /**
     * A transport with its own PB switch; {@link #enablePbMode()} turns it on.
     *
     * @param settings the link settings ({@link MqttTransportSettings#fromJcfg})
     * @param api      the Janus core
     */
    public WildfireMqttTransport(MqttTransportSettings settings, JanusApi api) {
        this(settings, api, new PbModeSwitch());
    }

    /**
     * A transport reading {@code pbMode}, which the launcher creates before the VideoRoom plugin
     * so the plugin's {@code onPbMessageRoomCreated} can flip it (see {@link PbModeSwitch}).
     * Nothing starts before {@link #start()}.
     */
    public WildfireMqttTransport(MqttTransportSettings settings, JanusApi api, PbModeSwitch pbMode) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.api = Objects.requireNonNull(api, "api");
        this.pbMode = Objects.requireNonNull(pbMode, "pbMode");
        this.resolver = new ImNodeResolver(settings.imHosts(), settings.imPort(), settings.clientId(),
                settings.mqttPort(), settings.bootstrapTimeout());
        this.encoder = new MessageEncoder(settings.json());
        this.outbound = new OutboundQueue(settings.maxBuffered(), settings.maxInflight(), encoder,
                this::recycleAfterFailures);
        this.backoff = new Backoff(settings.reconnectMinDelay(), settings.reconnectMaxDelay());
        this.control = new ScheduledThreadPoolExecutor(1, daemon("wildfire-mqtt-control"));
        this.control.setRemoveOnCancelPolicy(true);
        this.control.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.control.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        this.inbound = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(INBOUND_QUEUE_LIMIT), daemon("wildfire-mqtt-in"));
    }

    /** How this transport appears in {@code info} (the launcher registers it with the core). */
    public static TransportInfo transportInfo(String versionString, int version) {
        return new TransportInfo(PACKAGE, NAME, "Wildfire SFU", DESCRIPTION, versionString, version);
    }

    /**
     * Starts bootstrap and connection in the background and returns at once; failures are logged
     * and retried, never thrown.
     *
     * @throws IllegalStateException if already started or closed
     */
    public void start() {
        if (closed.get()) {
            throw new IllegalStateException("the MQTT transport is closed");
        }
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("the MQTT transport is already started");
        }
        outbound.start();
        LOG.log(System.Logger.Level.INFO, "MQTT transport: asking the Wildfire IM (" + String.join(", ", settings.imHosts())
                + ", port " + settings.imPort() + ") for the broker of client id \"" + settings.clientId() + "\"");
        long touchMillis = settings.sessionTouchInterval().toMillis();
        control.scheduleWithFixedDelay(this::refreshSessionsWhileAway, touchMillis, touchMillis, TimeUnit.MILLISECONDS);
        control.execute(this::connectNow);
    }

    /**
     * Switches the process to PB output (the fork's {@code use_pb()}); one-way and idempotent.
     * Call it on the core thread from {@code VideoRoomListener.onPbMessageRoomCreated}, so the
     * {@code created} reply of that request, handed to this transport after the listener
     * returned, already goes out as PB.
     */
    public void enablePbMode() {
        pbMode.enable();
    }

    /** Whether PB mode is on. */
    public boolean isPbMode() {
        return pbMode.isEnabled();
    }

    /** Whether the broker is connected now. */
    public boolean isConnected() {
        return connected;
    }

    /** The broker named by the IM's last answer, if any. */
    public Optional<BrokerAddress> broker() {
        return Optional.ofNullable(broker);
    }

    /** The Janus transport session of the link (for tests and diagnostics). */
    public TransportSession transportSession() {
        return link;
    }

    /** State and counters. */
    public MqttTransportStats stats() {
        BrokerAddress b = broker;
        return new MqttTransportStats(connected, b == null ? null : b.toString(), pbMode.isEnabled(),
                ownedSessions.size(), connections.sum(), connectFailures.sum(), disconnections.sum(),
                bootstrapFailures.sum(), requestsReceived.sum(), gzipRequests.sum(), invalidRequests.sum(),
                inboundDropped.sum(), outbound.published(), outbound.pbPublished(), outbound.zipPublished(),
                outbound.publishFailures(), outbound.droppedBufferFull(), encoder.pbFallbacks(), outbound.size());
    }

    // ---------------------------------------------------------------------------------------
    // Connection management (control thread)

    private void connectNow() {
        if (closed.get()) {
            return;
        }
        long my = ++attempt;
        // A new attempt means the previous client is gone, whatever order its callbacks came in.
        connected = false;
        outbound.disconnected();
        List<String> failures = new ArrayList<>();
        Optional<ImNodeResolver.Answer> answer = resolver.resolve(failures);
        if (closed.get()) {
            return;
        }
        if (answer.isEmpty()) {
            bootstrapFailures.increment();
            noImFailuresInRow++;
            Duration delay = scheduleRetry(my);
            logNoIm(failures, delay);
            return;
        }
        if (noImFailuresInRow > 0) {
            LOG.log(System.Logger.Level.INFO, "MQTT transport: the IM answered after " + noImFailuresInRow
                    + " failed round(s)");
            noImFailuresInRow = 0;
        }
        BrokerAddress next = answer.get().broker();
        BrokerAddress previous = broker;
        if (previous != null && !previous.equals(next)) {
            LOG.log(System.Logger.Level.WARNING, "MQTT transport: the IM now names broker " + next + " (was "
                    + previous + "); following it");
        }
        broker = next;
        retireClient();
        Mqtt3AsyncClient c = newClient(next, my);
        client = c;
        c.connectWith()
                .cleanSession(settings.cleanSession())
                .keepAlive(settings.keepAliveSeconds())
                .simpleAuth()
                .username(settings.clientId())
                .password(settings.clientId().getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth()
                .send()
                .whenComplete((ack, error) -> {
                    if (closed.get()) {
                        if (error == null) {
                            c.disconnect();
                        }
                        return;
                    }
                    onControl(() -> onConnectResult(my, c, next, error));
                });
    }

    private Mqtt3AsyncClient newClient(BrokerAddress address, long my) {
        long connectMillis = settings.connectTimeout().toMillis();
        Mqtt3AsyncClient c = MqttClient.builder()
                .useMqttVersion3()
                .identifier(settings.clientId())
                .transportConfig()
                .serverHost(address.host())
                .serverPort(address.port())
                .socketConnectTimeout(connectMillis, TimeUnit.MILLISECONDS)
                .mqttConnectTimeout(connectMillis, TimeUnit.MILLISECONDS)
                .applyTransportConfig()
                .executorConfig()
                .nettyExecutor(nettyThreads)
                .nettyThreads(1)
                .applyExecutorConfig()
                .addDisconnectedListener(context -> onControl(() -> onDisconnected(my, context)))
                .buildAsync();
        // Every publish the broker delivers, subscribed or not (zto arrives unsubscribed). The Rx
        // form, because its subscription can be disposed: the client holds its Netty event loop
        // while such a subscription lives, so the async callback form would pin one per client.
        incoming = c.toRx().publishes(MqttGlobalPublishFilter.ALL).subscribe(this::onMessage,
                error -> LOG.log(System.Logger.Level.DEBUG, "MQTT transport: incoming flow ended: " + error));
        return c;
    }

    /**
     * Releases the previous client (disconnected by now): its publish subscription holds a
     * reference to the Netty event loop, which stops once no client of ours holds one.
     */
    private void retireClient() {
        Disposable previous = incoming;
        incoming = null;
        if (previous != null) {
            previous.dispose();
        }
    }

    private void onConnectResult(long my, Mqtt3AsyncClient c, BrokerAddress address, Throwable error) {
        if (my != attempt) {
            if (error == null) {
                c.disconnect(); // a stale attempt must not keep a second connection open
            }
            return;
        }
        if (error == null && !c.getState().isConnected()) {
            // The connection dropped before this callback ran (the future completes on another
            // thread than the disconnect listener): the listener has scheduled the retry.
            error = new IllegalStateException("connection lost right after CONNACK");
        }
        if (error != null) {
            Duration delay = scheduleRetry(my);
            if (delay != null) {
                connectFailed(address, error, delay);
            }
            return;
        }
        connectFailuresInRow = 0;
        connected = true;
        connectedAtNanos = System.nanoTime();
        connections.increment();
        LOG.log(System.Logger.Level.INFO, "MQTT transport: connected to broker " + address + " as \""
                + settings.clientId() + "\"");
        c.subscribeWith()
                .topicFilter(MqttTransportSettings.SUBSCRIBE_TOPIC)
                .qos(MqttQos.AT_MOST_ONCE)
                .send()
                .whenComplete((subAck, subError) -> onSubscribed(c, subAck, subError));
        outbound.connected((topic, payload) -> c.publishWith()
                .topic(topic)
                .qos(MqttQos.AT_MOST_ONCE)
                .payload(payload)
                .send());
        refreshSessions();
    }

    /** The fork reconnects when the subscription fails; we drop the connection, which reconnects. */
    private void onSubscribed(Mqtt3AsyncClient c, Mqtt3SubAck subAck, Throwable error) {
        boolean refused = subAck != null && subAck.getReturnCodes().contains(Mqtt3SubAckReturnCode.FAILURE);
        if (error == null && !refused) {
            LOG.log(System.Logger.Level.DEBUG, "MQTT transport: subscribed to " + MqttTransportSettings.SUBSCRIBE_TOPIC);
            return;
        }
        if (closed.get()) {
            return;
        }
        LOG.log(System.Logger.Level.ERROR, "MQTT transport: cannot subscribe to " + MqttTransportSettings.SUBSCRIBE_TOPIC
                + " (" + (error != null ? describe(error) : "refused by the broker") + "); reconnecting");
        c.disconnect();
    }

    private void onDisconnected(long my, MqttClientDisconnectedContext context) {
        if (closed.get() || my != attempt) {
            return;
        }
        if (connected) {
            connected = false;
            disconnections.increment();
            outbound.disconnected();
            // Only a connection that lasted starts the backoff over: a broker that accepts and
            // drops us at once (e.g. another server using the same client_id) is retried ever
            // more slowly, up to the cap, instead of every second.
            Duration uptime = Duration.ofNanos(System.nanoTime() - connectedAtNanos);
            if (uptime.compareTo(settings.reconnectMaxDelay()) >= 0) {
                backoff.reset();
            }
            Duration delay = scheduleRetry(my);
            LOG.log(System.Logger.Level.WARNING, "MQTT transport: lost broker " + broker + " after " + uptime.toMillis()
                    + " ms (" + describe(context.getCause()) + "); asking the IM again and reconnecting in "
                    + (delay == null ? 0 : delay.toMillis()) + " ms. Janus sessions are kept; up to "
                    + settings.maxBuffered() + " outgoing messages wait");
        } else {
            // A failed connect: its future reports it too; whichever comes first schedules the retry.
            Duration delay = scheduleRetry(my);
            if (delay != null) {
                connectFailed(broker, context.getCause(), delay);
            }
        }
    }

    /** Counts a failed connect; logs the first of a run, then at most once a minute. */
    private void connectFailed(BrokerAddress address, Throwable error, Duration delay) {
        connectFailures.increment();
        connectFailuresInRow++;
        long now = System.nanoTime();
        if (connectFailuresInRow > 1 && now - lastConnectFailureLogNanos < FAILURE_LOG_INTERVAL.toNanos()) {
            return;
        }
        lastConnectFailureLogNanos = now;
        LOG.log(System.Logger.Level.WARNING, "MQTT transport: cannot connect to broker " + address + " as \""
                + settings.clientId() + "\" (attempt " + connectFailuresInRow + "): " + describe(error)
                + "; asking the IM again and retrying in " + delay.toMillis() + " ms");
    }

    /** Schedules the next bootstrap+connect after attempt {@code my}; null if already scheduled. */
    private Duration scheduleRetry(long my) {
        if (retryScheduledFor == my || closed.get()) {
            return null;
        }
        retryScheduledFor = my;
        Duration delay = backoff.next();
        try {
            control.schedule(this::connectNow, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            return null;
        }
        return delay;
    }

    private void logNoIm(List<String> failures, Duration delay) {
        long now = System.nanoTime();
        if (noImFailuresInRow > 1 && now - lastNoImLogNanos < FAILURE_LOG_INTERVAL.toNanos()) {
            return;
        }
        lastNoImLogNanos = now;
        LOG.log(System.Logger.Level.WARNING, "MQTT transport: no Wildfire IM answered GET /api/node?id="
                + settings.clientId() + " (round " + noImFailuresInRow + "): " + String.join("; ", failures)
                + ". Retrying in " + (delay == null ? 0 : delay.toMillis()) + " ms (backoff up to "
                + settings.reconnectMaxDelay().toMillis() + " ms); the HTTP/WebSocket transports keep serving");
    }

    /** More than 10 publishes in a row failed: the fork exits; we reconnect instead. */
    private void recycleAfterFailures() {
        onControl(() -> {
            Mqtt3AsyncClient c = client;
            if (connected && c != null) {
                LOG.log(System.Logger.Level.ERROR, "MQTT transport: more than " + OutboundQueue.FAILURE_RUN
                        + " publishes failed in a row; reconnecting");
                c.disconnect();
            }
        });
    }

    private void refreshSessionsWhileAway() {
        if (!connected && !closed.get()) {
            refreshSessions();
        }
    }

    /** Refreshes the activity of every session of this link; forgets those the core no longer has. */
    private void refreshSessions() {
        for (Long id : ownedSessions) {
            api.touchSession(id).thenAccept(alive -> {
                if (!alive) {
                    ownedSessions.remove(id);
                }
            });
        }
    }

    private void onControl(Runnable task) {
        try {
            control.execute(task);
        } catch (RejectedExecutionException e) {
            // Closing: nothing more to do.
        }
    }

    // ---------------------------------------------------------------------------------------
    // Requests (MQTT event loop, then wildfire-mqtt-in)

    /** On the MQTT client's event loop: copy and hand off, nothing else. */
    private void onMessage(Mqtt3Publish publish) {
        requestsReceived.increment();
        String topic = publish.getTopic().toString();
        int size = publish.getPayload().map(ByteBuffer::remaining).orElse(0);
        if (size == 0 || size > settings.maxRequestBytes()) {
            invalidRequests.increment();
            LOG.log(System.Logger.Level.WARNING, "MQTT transport: dropped a " + size + "-byte message on " + topic
                    + (size == 0 ? " (empty)" : " (over " + settings.maxRequestBytes() + " bytes)"));
            return;
        }
        byte[] payload = publish.getPayloadAsBytes();
        try {
            inbound.execute(() -> handleRequest(topic, payload));
        } catch (RejectedExecutionException e) {
            inboundDropped.increment();
            if (!closed.get()) {
                LOG.log(System.Logger.Level.WARNING, "MQTT transport: " + INBOUND_QUEUE_LIMIT
                        + " requests are waiting for the core; dropped one on " + topic);
            }
        }
    }

    private void handleRequest(String topic, byte[] payload) {
        byte[] json = payload;
        if (MqttTransportSettings.GZIP_REQUEST_TOPIC.equalsIgnoreCase(topic)) {
            try {
                json = Gzip.decompress(payload, settings.maxRequestBytes());
            } catch (IOException e) {
                invalidRequests.increment();
                LOG.log(System.Logger.Level.WARNING, "MQTT transport: dropped a message on " + topic
                        + " that is not valid gzip: " + e.getMessage());
                return;
            }
            gzipRequests.increment();
            if (json.length == 0) {
                invalidRequests.increment();
                return;
            }
        }
        String body = new String(json, StandardCharsets.UTF_8);
        String verb = RequestVerb.peek(body);
        try {
            api.handle(link, body, RequestPath.NONE, reply -> link.reply(reply, verb));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "MQTT transport: the Janus core failed a request", e);
        }
    }

    // ---------------------------------------------------------------------------------------
    // Shutdown

    /**
     * Disconnects from the broker (waiting up to {@code disconnect_timeout} for a clean
     * DISCONNECT), stops every thread this transport started and discards unsent messages.
     * Idempotent. The Janus sessions of the link stay with the core, which the launcher shuts
     * down next.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        resolver.abort();
        control.shutdownNow();
        awaitTermination(control, "wildfire-mqtt-control");
        connected = false;
        outbound.disconnected();
        Mqtt3AsyncClient c = client;
        if (c != null && c.getState().isConnectedOrReconnect()) {
            CompletableFuture<Void> done = c.disconnect();
            try {
                done.get(Math.max(1, settings.disconnectTimeout().toMillis()), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                LOG.log(System.Logger.Level.DEBUG, "MQTT transport: no clean DISCONNECT within "
                        + settings.disconnectTimeout().toMillis() + " ms: " + e);
            }
        }
        // The control thread is gone: retiring the last client here is confined as before.
        retireClient();
        outbound.close();
        inbound.shutdownNow();
        awaitTermination(inbound, "wildfire-mqtt-in");
        if (started.get()) {
            LOG.log(System.Logger.Level.INFO, "MQTT transport stopped (" + stats() + ")");
        }
    }

    private static void awaitTermination(ThreadPoolExecutor executor, String name) {
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "MQTT transport: thread " + name + " did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread t = new Thread(runnable, name);
            t.setDaemon(true);
            return t;
        };
    }

    private static String describe(Throwable error) {
        if (error == null) {
            return "closed";
        }
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** The one Janus transport session of the link. Called by the core on its thread. */
    private final class Link implements TransportSession {

        /** A reply to a request of ours: PB or JSON is decided now, on the core thread. */
        void reply(ObjectNode reply, String verb) {
            if (reply == null) {
                LOG.log(System.Logger.Level.ERROR, "MQTT transport: the Janus core gave no reply");
                return;
            }
            boolean pb = pbMode.isEnabled();
            if ("create".equals(verb) && "success".equals(reply.path("janus").asText())) {
                long id = reply.path("data").path("id").asLong(0);
                if (id != 0) {
                    ownedSessions.add(id);
                }
            }
            outbound.offer(new OutboundQueue.Outgoing(reply, verb, pb));
        }

        @Override
        public void pushEvent(long sessionId, ObjectNode message) {
            outbound.offer(new OutboundQueue.Outgoing(message, null, pbMode.isEnabled()));
        }

        @Override
        public void sessionClosed(long sessionId) {
            ownedSessions.remove(sessionId);
        }

        @Override
        public void sessionClaimed(long sessionId) {
            ownedSessions.add(sessionId);
        }

        @Override
        public boolean keepsSessionsAcrossDisconnect() {
            return true;
        }

        @Override
        public String describe() {
            BrokerAddress b = broker;
            return "mqtt " + settings.clientId() + (b == null ? "" : "@" + b);
        }
    }
}
