package io.github.wildfiresfu.transport.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;

/**
 * The per-session event queues of the HTTP transport and the long polls waiting on them, the
 * Java counterpart of {@code janus_http_session} in {@code janus_http.c}.
 *
 * <p>Rules (Janus's where it has one):
 * <ul>
 *   <li>A poll finding queued events is answered at once with up to {@code maxEvents} of them;
 *       otherwise it waits up to the long-poll timeout and is then answered {@code keepalive}.</li>
 *   <li>A pushed event wakes <em>every</em> waiting poll of the session, oldest first: each takes
 *       up to its {@code maxEvents} from the queue, and those that find it empty are answered
 *       {@code keepalive} ({@code janus_http_send_message} walks {@code session->longpolls} and
 *       runs {@code janus_http_notifier} on each). With the usual single poll this is simply
 *       "the poll gets the event".</li>
 *   <li>The queue is bounded ({@code maxQueued}); when a session is not polled and the bound is
 *       reached, the <em>oldest</em> event is dropped and counted ({@link #droppedEvents()}),
 *       keeping the latest state. Janus's queue is unbounded.</li>
 *   <li>When the session ends ({@link #closed}), waiting polls get the events still queued (the
 *       core's {@code timeout} or {@code detached} pushed just before), and then
 *       {@link Kind#SESSION_GONE}. Leftover events nobody was waiting for are kept for one
 *       long-poll timeout so that the client's next poll still sees them; Janus drops them.</li>
 *   <li>An entry exists only while it holds events or polls, so sessions never polled or long
 *       gone leave nothing behind.</li>
 * </ul>
 *
 * <p>Thread-safe: the core pushes from its thread, polls arrive on event loops. Answers are
 * delivered outside the lock, on the calling thread.
 */
final class LongPollQueues {

    private static final System.Logger LOG = System.getLogger(LongPollQueues.class.getName());

    /** How a poll ended. */
    enum Kind {
        /** One or more events (never more than the poll's {@code maxEvents}). */
        EVENTS,
        /** Nothing happened within the timeout, or another poll took the events. */
        KEEPALIVE,
        /** The session is gone and nothing is left for it. */
        SESSION_GONE
    }

    /** The answer to one poll. {@code events} is empty unless {@code kind} is {@link Kind#EVENTS}. */
    record Answer(Kind kind, List<ObjectNode> events) {
        static final Answer KEEPALIVE = new Answer(Kind.KEEPALIVE, List.of());
        static final Answer SESSION_GONE = new Answer(Kind.SESSION_GONE, List.of());
    }

    /** Receives the single answer of a poll. Must not block. */
    interface Responder {
        void answer(Answer answer);

        /**
         * Whether the poll's connection is still open. A closed one is forgotten without
         * taking events, so events are never handed to a connection that cannot deliver them.
         */
        boolean isOpen();
    }

    /** A waiting poll; {@link #cancel()} it when its connection closes. */
    final class Poll {
        private final long sessionId;
        private final int maxEvents;
        private final Responder responder;
        // Guarded by LongPollQueues.this.
        private Runnable cancelTimeout = () -> { };
        // Guarded by LongPollQueues.this.
        private boolean finished;

        private Poll(long sessionId, int maxEvents, Responder responder) {
            this.sessionId = sessionId;
            this.maxEvents = maxEvents;
            this.responder = responder;
        }

        /** Forgets the poll without answering it (its connection is gone). */
        void cancel() {
            synchronized (LongPollQueues.this) {
                if (finished) {
                    return;
                }
                finished = true;
                cancelTimeout.run();
                SessionQueue q = queues.get(sessionId);
                if (q != null) {
                    q.waiting.remove(this);
                    dropIfIdle(q);
                }
            }
        }
    }

    private final class SessionQueue {
        final long sessionId;
        final ArrayDeque<ObjectNode> events = new ArrayDeque<>();
        final List<Poll> waiting = new ArrayList<>(1);
        boolean closed;
        long dropped;

        SessionQueue(long sessionId) {
            this.sessionId = sessionId;
        }
    }

    private final TaskScheduler scheduler;
    private final Duration pollTimeout;
    private final int maxQueued;
    // Guarded by this.
    private final Map<Long, SessionQueue> queues = new HashMap<>();
    // Guarded by this.
    private long droppedEvents;

    /**
     * @param scheduler   runs poll timeouts and the expiry of leftovers
     * @param pollTimeout how long a poll waits before {@code keepalive}
     * @param maxQueued   events kept per session
     */
    LongPollQueues(TaskScheduler scheduler, Duration pollTimeout, int maxQueued) {
        this.scheduler = scheduler;
        this.pollTimeout = pollTimeout;
        this.maxQueued = maxQueued;
    }

    /**
     * A long poll for a session the core just confirmed ({@code touchSession} true). The
     * responder is called exactly once: now if events are queued (or the session closed in the
     * meantime), else on the next push, on close or after the timeout.
     *
     * @return the poll, to {@link Poll#cancel()} if the connection closes first
     */
    Poll poll(long sessionId, int maxEvents, Responder responder) {
        Poll poll = new Poll(sessionId, maxEvents, responder);
        Answer immediate;
        synchronized (this) {
            if (!responder.isOpen()) {
                poll.finished = true;
                return poll;
            }
            SessionQueue q = queues.computeIfAbsent(sessionId, SessionQueue::new);
            if (!q.events.isEmpty()) {
                immediate = new Answer(Kind.EVENTS, take(q, maxEvents));
            } else if (q.closed) {
                immediate = Answer.SESSION_GONE;
            } else {
                immediate = null;
                q.waiting.add(poll);
                poll.cancelTimeout = scheduleOrNoop(pollTimeout, () -> timedOut(poll));
            }
            if (immediate != null) {
                poll.finished = true;
                dropIfIdle(q);
            }
        }
        if (immediate != null) {
            responder.answer(immediate);
        }
        return poll;
    }

    /**
     * For a poll on a session the core does not know (any more): answers it with events left
     * over from when the session ended, if any.
     *
     * @return whether the responder was called
     */
    boolean answerFromLeftovers(long sessionId, int maxEvents, Responder responder) {
        List<ObjectNode> events;
        synchronized (this) {
            SessionQueue q = queues.get(sessionId);
            if (q == null || !q.closed || q.events.isEmpty() || !responder.isOpen()) {
                return false;
            }
            events = take(q, maxEvents);
            dropIfIdle(q);
        }
        responder.answer(new Answer(Kind.EVENTS, events));
        return true;
    }

    /** Queues an event of {@code sessionId} and wakes the session's waiting polls. */
    void push(long sessionId, ObjectNode event) {
        List<Runnable> answers = new ArrayList<>(1);
        synchronized (this) {
            SessionQueue q = queues.computeIfAbsent(sessionId, SessionQueue::new);
            if (q.closed) {
                // The core said the session ended; anything after that has no reader.
                countDrop(q, "after the session ended");
                return;
            }
            q.events.addLast(event);
            if (q.events.size() > maxQueued) {
                q.events.removeFirst();
                countDrop(q, "queue full (" + maxQueued + " events), oldest dropped");
            }
            wakeAll(q, answers, Answer.KEEPALIVE);
            dropIfIdle(q);
        }
        answers.forEach(Runnable::run);
    }

    /**
     * The session ended: waiting polls get what is still queued, then {@link Kind#SESSION_GONE};
     * leftovers nobody waited for are kept for one poll timeout.
     */
    void closed(long sessionId) {
        List<Runnable> answers = new ArrayList<>(1);
        synchronized (this) {
            SessionQueue q = queues.get(sessionId);
            if (q == null || q.closed) {
                return;
            }
            q.closed = true;
            wakeAll(q, answers, Answer.SESSION_GONE);
            if (!q.events.isEmpty()) {
                scheduleOrNoop(pollTimeout, () -> expireLeftovers(q));
            }
            dropIfIdle(q);
        }
        answers.forEach(Runnable::run);
    }

    /** Events dropped so far because a queue was full or its session had ended. */
    synchronized long droppedEvents() {
        return droppedEvents;
    }

    /** Sessions that currently have queued events or waiting polls. */
    synchronized int activeQueues() {
        return queues.size();
    }

    /** Waiting polls over all sessions. */
    synchronized int waitingPolls() {
        int n = 0;
        for (SessionQueue q : queues.values()) {
            n += q.waiting.size();
        }
        return n;
    }

    // Guarded by this.
    private void wakeAll(SessionQueue q, List<Runnable> answers, Answer whenEmpty) {
        for (Poll p : q.waiting) {
            p.finished = true;
            p.cancelTimeout.run();
            if (!p.responder.isOpen()) {
                continue;
            }
            Answer a = q.events.isEmpty() ? whenEmpty : new Answer(Kind.EVENTS, take(q, p.maxEvents));
            answers.add(() -> p.responder.answer(a));
        }
        q.waiting.clear();
    }

    private void timedOut(Poll poll) {
        synchronized (this) {
            if (poll.finished) {
                return;
            }
            poll.finished = true;
            SessionQueue q = queues.get(poll.sessionId);
            if (q != null) {
                q.waiting.remove(poll);
                dropIfIdle(q);
            }
        }
        poll.responder.answer(Answer.KEEPALIVE);
    }

    private synchronized void expireLeftovers(SessionQueue q) {
        if (queues.get(q.sessionId) == q) {
            q.dropped += q.events.size();
            droppedEvents += q.events.size();
            q.events.clear();
            dropIfIdle(q);
        }
    }

    // Guarded by this.
    private List<ObjectNode> take(SessionQueue q, int max) {
        List<ObjectNode> out = new ArrayList<>(Math.min(max, q.events.size()));
        while (out.size() < max && !q.events.isEmpty()) {
            out.add(q.events.removeFirst());
        }
        return out;
    }

    // Guarded by this.
    private void dropIfIdle(SessionQueue q) {
        if (q.events.isEmpty() && q.waiting.isEmpty()) {
            queues.remove(q.sessionId, q);
        }
    }

    // Guarded by this.
    private void countDrop(SessionQueue q, String why) {
        q.dropped++;
        droppedEvents++;
        // First drop and then every 100th, so a stuck client cannot flood the log.
        if (q.dropped == 1 || q.dropped % 100 == 0) {
            LOG.log(System.Logger.Level.WARNING, "HTTP transport: event for session {0} dropped, {1} ({2} so far)",
                    Long.toUnsignedString(q.sessionId), why, q.dropped);
        }
    }

    private Runnable scheduleOrNoop(Duration delay, Runnable task) {
        try {
            return scheduler.schedule(delay, task);
        } catch (RejectedExecutionException e) {
            // The server is shutting down; its connections are closing anyway.
            return () -> { };
        }
    }
}
