package io.github.wildfiresfu.transport.mqtt;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The messages waiting to leave on the MQTT link, in the order the core handed them over, and
 * the one thread ({@code wildfire-mqtt-out}) that encodes and publishes them.
 *
 * <ul>
 *   <li>{@link #offer} never blocks: the core thread calls it. While no broker is connected at
 *       most {@code maxBuffered} messages wait (Paho's {@code maxBufferedMessages}, which the fork
 *       sets from {@code max_buffered}); while connected the limit is
 *       {@code max(maxBuffered, }{@value #CONNECTED_QUEUE_LIMIT}{@code )} so a burst of events
 *       is not dropped while publishes are in flight. A message over the limit is dropped (the
 *       newest, as Paho refuses a send when its buffer is full) and counted.</li>
 *   <li>At most {@code maxInflight} publishes are handed to the MQTT client and not yet
 *       completed (for QoS 0: written to the socket).</li>
 *   <li>A failed publish is counted, never retried (QoS 0 is at most once) and never fatal: the
 *       fork exits after more than 10 failures in a row; we call {@code onFailureRun} instead,
 *       once per such run, so the link can be re-established.</li>
 * </ul>
 * Thread-safe.
 */
final class OutboundQueue implements AutoCloseable {

    /** Queue limit while connected (or {@code maxBuffered} if larger). */
    static final int CONNECTED_QUEUE_LIMIT = 10_000;
    /** Consecutive failed publishes that count as a failure run (the fork exits beyond 10). */
    static final int FAILURE_RUN = 10;

    private static final System.Logger LOG = System.getLogger(OutboundQueue.class.getName());

    /** Where messages are published while connected. */
    interface Target {
        /** Publishes one message; the stage completes when the client has sent it or failed. */
        CompletableFuture<?> publish(String topic, byte[] payload);
    }

    /**
     * One message to send.
     *
     * @param message     the Janus message (owned by the queue from now on)
     * @param requestVerb the verb of the request it answers, null for asynchronous messages
     * @param pb          whether PB mode was on when the core handed it over
     */
    record Outgoing(ObjectNode message, String requestVerb, boolean pb) {
    }

    private final int maxBuffered;
    private final int maxInflight;
    private final MessageEncoder encoder;
    private final Runnable onFailureRun;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Outgoing> queue = new ArrayDeque<>();
    private final Thread thread;
    // Guarded by lock.
    private Target target;
    private int inflight;
    private int consecutiveFailures;
    private boolean closed;

    private final LongAdder published = new LongAdder();
    private final LongAdder pbPublished = new LongAdder();
    private final LongAdder zipPublished = new LongAdder();
    private final LongAdder publishFailures = new LongAdder();
    private final LongAdder droppedFull = new LongAdder();
    private final LongAdder encodeFailures = new LongAdder();

    OutboundQueue(int maxBuffered, int maxInflight, MessageEncoder encoder, Runnable onFailureRun) {
        this.maxBuffered = maxBuffered;
        this.maxInflight = Math.max(1, maxInflight);
        this.encoder = encoder;
        this.onFailureRun = onFailureRun;
        this.thread = new Thread(this::drain, "wildfire-mqtt-out");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Queues a message; false if it was dropped because the queue is full or closed. */
    boolean offer(Outgoing message) {
        lock.lock();
        try {
            int limit = target != null ? Math.max(maxBuffered, CONNECTED_QUEUE_LIMIT) : maxBuffered;
            if (closed || queue.size() >= limit) {
                droppedFull.increment();
                return false;
            }
            queue.add(message);
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The broker is connected: publish through {@code newTarget} from now on. */
    void connected(Target newTarget) {
        lock.lock();
        try {
            target = newTarget;
            consecutiveFailures = 0;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The broker went away: keep messages (up to {@code maxBuffered} new ones) until the next connect. */
    void disconnected() {
        lock.lock();
        try {
            target = null;
        } finally {
            lock.unlock();
        }
    }

    /** Messages waiting now. */
    int size() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    long published() {
        return published.sum();
    }

    long pbPublished() {
        return pbPublished.sum();
    }

    long zipPublished() {
        return zipPublished.sum();
    }

    long publishFailures() {
        return publishFailures.sum();
    }

    long droppedBufferFull() {
        return droppedFull.sum();
    }

    long encodeFailures() {
        return encodeFailures.sum();
    }

    private void drain() {
        while (true) {
            Outgoing next;
            Target to;
            lock.lock();
            try {
                while (!closed && (queue.isEmpty() || target == null || inflight >= maxInflight)) {
                    changed.await();
                }
                if (closed) {
                    return;
                }
                next = queue.poll();
                to = target;
                inflight++;
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            send(next, to);
        }
    }

    private void send(Outgoing next, Target to) {
        MessageEncoder.Encoded encoded;
        try {
            encoded = encoder.encode(next.message(), next.requestVerb(), next.pb());
        } catch (RuntimeException e) {
            encodeFailures.increment();
            LOG.log(System.Logger.Level.ERROR, "MQTT transport: cannot encode a \""
                    + next.message().path("janus").asText() + "\" message; dropped", e);
            completed(null, null);
            return;
        }
        CompletableFuture<?> result;
        try {
            result = to.publish(encoded.topic(), encoded.payload());
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        result.whenComplete((ignored, error) -> completed(encoded, error));
    }

    /** A publish finished ({@code encoded} null: nothing was published). */
    private void completed(MessageEncoder.Encoded encoded, Throwable error) {
        boolean failureRun = false;
        int failuresInRow;
        lock.lock();
        try {
            inflight--;
            if (encoded != null && error != null) {
                consecutiveFailures++;
                failureRun = consecutiveFailures == FAILURE_RUN + 1;
            } else if (encoded != null) {
                consecutiveFailures = 0;
            }
            failuresInRow = consecutiveFailures;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (encoded == null) {
            return;
        }
        if (error == null) {
            published.increment();
            if (encoded.pb()) {
                pbPublished.increment();
            }
            if (encoded.zipped()) {
                zipPublished.increment();
            }
            return;
        }
        publishFailures.increment();
        if (failuresInRow == 1 || failureRun) {
            LOG.log(System.Logger.Level.WARNING, "MQTT transport: publish on " + encoded.topic() + " failed ("
                    + failuresInRow + " in a row): " + error);
        }
        if (failureRun) {
            onFailureRun.run();
        }
    }

    /** Stops the publishing thread; queued messages are discarded. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            queue.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (thread.isAlive() && Thread.currentThread() != thread) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
