package io.github.wildfiresfu.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.wildfiresfu.transport.http.LongPollQueues.Answer;
import io.github.wildfiresfu.transport.http.LongPollQueues.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The long-poll queues on a manual clock: no sockets, no sleeping. */
class LongPollQueuesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final long S = 1234;

    /** A scheduler whose time moves only when the test says so. */
    static final class ManualScheduler implements TaskScheduler {
        private record Task(long dueNanos, Runnable task, boolean[] cancelled) {
        }

        private final List<Task> tasks = new ArrayList<>();
        private long now;

        @Override
        public Runnable schedule(Duration delay, Runnable task) {
            boolean[] cancelled = {false};
            tasks.add(new Task(now + delay.toNanos(), task, cancelled));
            return () -> cancelled[0] = true;
        }

        void advance(Duration d) {
            now += d.toNanos();
            List<Task> due = new ArrayList<>();
            for (Iterator<Task> it = tasks.iterator(); it.hasNext(); ) {
                Task t = it.next();
                if (t.dueNanos <= now) {
                    it.remove();
                    if (!t.cancelled[0]) {
                        due.add(t);
                    }
                }
            }
            due.forEach(t -> t.task.run());
        }

        int pending() {
            return (int) tasks.stream().filter(t -> !t.cancelled[0]).count();
        }
    }

    /** Collects the answers of one poll. */
    static final class Recorder implements LongPollQueues.Responder {
        final List<Answer> answers = new ArrayList<>();
        boolean open = true;

        @Override
        public void answer(Answer answer) {
            answers.add(answer);
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        Answer only() {
            assertThat(answers).hasSize(1);
            return answers.get(0);
        }

        List<String> markers() {
            return only().events().stream().map(e -> e.at("/plugindata/data/marker").asText()).toList();
        }
    }

    private final ManualScheduler clock = new ManualScheduler();
    private final LongPollQueues queues = new LongPollQueues(clock, TIMEOUT, 3);

    private static ObjectNode ev(String marker) {
        return FakeJanusApi.event(S, marker);
    }

    @Test
    void queuedEventIsAnsweredAtOnce() {
        queues.push(S, ev("a"));
        Recorder r = new Recorder();
        queues.poll(S, 1, r);
        assertThat(r.only().kind()).isEqualTo(Kind.EVENTS);
        assertThat(r.markers()).containsExactly("a");
        assertThat(queues.activeQueues()).isZero();
        assertThat(clock.pending()).isZero();
    }

    @Test
    void waitingPollIsAnsweredByTheNextPushAndItsTimerCancelled() {
        Recorder r = new Recorder();
        queues.poll(S, 1, r);
        assertThat(r.answers).isEmpty();
        assertThat(queues.waitingPolls()).isEqualTo(1);
        queues.push(S, ev("a"));
        assertThat(r.markers()).containsExactly("a");
        assertThat(clock.pending()).isZero();
        clock.advance(TIMEOUT);
        assertThat(r.answers).hasSize(1);
        assertThat(queues.activeQueues()).isZero();
    }

    @Test
    void idlePollGetsKeepaliveAfterTheTimeoutNotBefore() {
        Recorder r = new Recorder();
        queues.poll(S, 1, r);
        clock.advance(TIMEOUT.minusMillis(1));
        assertThat(r.answers).isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(r.only()).isEqualTo(Answer.KEEPALIVE);
        assertThat(queues.activeQueues()).isZero();
    }

    @Test
    void maxEventsLimitsOneAnswerAndTheRestStaysQueuedInOrder() {
        queues.push(S, ev("a"));
        queues.push(S, ev("b"));
        queues.push(S, ev("c"));
        Recorder first = new Recorder();
        queues.poll(S, 2, first);
        assertThat(first.markers()).containsExactly("a", "b");
        Recorder second = new Recorder();
        queues.poll(S, 10, second);
        assertThat(second.markers()).containsExactly("c");
    }

    @Test
    void fullQueueDropsTheOldestAndCountsIt() {
        for (String m : List.of("a", "b", "c", "d", "e")) {
            queues.push(S, ev(m));
        }
        Recorder r = new Recorder();
        queues.poll(S, 10, r);
        assertThat(r.markers()).containsExactly("c", "d", "e");
        assertThat(queues.droppedEvents()).isEqualTo(2);
    }

    @Test
    void pushWakesEveryWaitingPollOldestTakesTheEventOthersGetKeepalive() {
        // janus_http_send_message runs the notifier on every long poll of the session.
        Recorder older = new Recorder();
        Recorder newer = new Recorder();
        queues.poll(S, 1, older);
        queues.poll(S, 1, newer);
        queues.push(S, ev("a"));
        assertThat(older.markers()).containsExactly("a");
        assertThat(newer.only()).isEqualTo(Answer.KEEPALIVE);
        assertThat(queues.waitingPolls()).isZero();
        assertThat(clock.pending()).isZero();
    }

    @Test
    void closedConnectionNeverReceivesEvents() {
        Recorder dead = new Recorder();
        Recorder alive = new Recorder();
        queues.poll(S, 1, dead);
        queues.poll(S, 1, alive);
        dead.open = false;
        queues.push(S, ev("a"));
        assertThat(dead.answers).isEmpty();
        assertThat(alive.markers()).containsExactly("a");
    }

    @Test
    void cancelledPollIsForgottenAndLeavesNothingBehind() {
        Recorder r = new Recorder();
        LongPollQueues.Poll poll = queues.poll(S, 1, r);
        poll.cancel();
        assertThat(queues.activeQueues()).isZero();
        assertThat(clock.pending()).isZero();
        queues.push(S, ev("a"));
        assertThat(r.answers).isEmpty();
    }

    @Test
    void sessionEndAnswersWaitingPollWithSessionGone() {
        Recorder r = new Recorder();
        queues.poll(S, 1, r);
        queues.closed(S);
        assertThat(r.only()).isEqualTo(Answer.SESSION_GONE);
        assertThat(queues.activeQueues()).isZero();
    }

    @Test
    void eventPushedJustBeforeTheEndReachesTheNextPollThenExpires() {
        // The core pushes {"janus":"timeout"} and then ends the session; nobody is polling.
        queues.push(S, ev("timeout"));
        queues.closed(S);
        Recorder late = new Recorder();
        assertThat(queues.answerFromLeftovers(S, 1, late)).isTrue();
        assertThat(late.markers()).containsExactly("timeout");
        assertThat(queues.answerFromLeftovers(S, 1, new Recorder())).isFalse();
        assertThat(queues.activeQueues()).isZero();
    }

    @Test
    void leftoversExpireAfterOnePollTimeout() {
        queues.push(S, ev("timeout"));
        queues.closed(S);
        clock.advance(TIMEOUT);
        assertThat(queues.answerFromLeftovers(S, 1, new Recorder())).isFalse();
        assertThat(queues.activeQueues()).isZero();
        assertThat(queues.droppedEvents()).isEqualTo(1);
    }

    @Test
    void pushAfterTheEndIsDropped() {
        queues.push(S, ev("a"));
        queues.closed(S);
        queues.push(S, ev("late"));
        Recorder r = new Recorder();
        queues.answerFromLeftovers(S, 10, r);
        assertThat(r.markers()).containsExactly("a");
        assertThat(queues.droppedEvents()).isEqualTo(1);
    }

    @Test
    void pollAfterTheEndOfAnEmptySessionIsSessionGoneOnlyWhileTheEntryExists() {
        Recorder waiting = new Recorder();
        queues.poll(S, 1, waiting);
        queues.push(S, ev("a"));
        queues.closed(S);
        // Nothing left: a new poll for S (core raced and still said "exists") waits like any other.
        Recorder r = new Recorder();
        queues.poll(S, 1, r);
        clock.advance(TIMEOUT);
        assertThat(r.only()).isEqualTo(Answer.KEEPALIVE);
    }

    @Test
    void sessionsAreIndependent() {
        queues.push(1, FakeJanusApi.event(1, "one"));
        Recorder other = new Recorder();
        queues.poll(2, 1, other);
        assertThat(other.answers).isEmpty();
        Recorder r = new Recorder();
        queues.poll(1, 1, r);
        assertThat(r.only().events().get(0).get("session_id").asLong()).isEqualTo(1);
    }
}
