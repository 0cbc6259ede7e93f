package io.github.wildfiresfu.janus;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.PriorityQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A deterministic {@link CoreScheduler} for tests: tasks run on the calling thread, in
 * submission order (a task submitted from inside another runs after it, never nested), and time
 * only moves through {@link #advance}. {@link #hold()} lets a test queue tasks and run them
 * later. Not thread-safe; use it from the test thread only.
 */
final class FakeCoreScheduler implements CoreScheduler {

    /** An arbitrary wall-clock start, 2023-11-14T22:13:20Z, in microseconds. */
    static final long WALL_CLOCK_START_MICROS = 1_700_000_000_000_000L;

    private final ArrayDeque<Runnable> ready = new ArrayDeque<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private long nowNanos;
    private long sequence;
    private boolean draining;
    private boolean holding;
    private boolean closed;

    @Override
    public void execute(Runnable task) {
        if (closed) {
            throw new RejectedExecutionException("scheduler closed");
        }
        ready.add(task);
        drain();
    }

    @Override
    public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
        if (closed) {
            throw new RejectedExecutionException("scheduler closed");
        }
        Timer timer = new Timer(nowNanos + unit.toNanos(Math.max(0, delay)), sequence++, task);
        timers.add(timer);
        return () -> timer.cancelled = true;
    }

    /** Moves time forward, running every timer that falls due on the way, at its due time. */
    void advance(Duration duration) {
        long target = nowNanos + duration.toNanos();
        while (!timers.isEmpty() && timers.peek().dueNanos <= target) {
            Timer timer = timers.poll();
            if (timer.cancelled) {
                continue;
            }
            nowNanos = timer.dueNanos;
            ready.add(timer.task);
            drain();
        }
        nowNanos = target;
    }

    void advanceSeconds(long seconds) {
        advance(Duration.ofSeconds(seconds));
    }

    /** From now on submitted tasks wait in the queue until {@link #release()}. */
    void hold() {
        holding = true;
    }

    /** Runs the held tasks (and whatever they submit) and goes back to running tasks at once. */
    void release() {
        holding = false;
        drain();
    }

    /** Timers not yet run or cancelled. */
    long pendingTimers() {
        return timers.stream().filter(t -> !t.cancelled).count();
    }

    @Override
    public long nanoTime() {
        return nowNanos;
    }

    @Override
    public long currentTimeMicros() {
        return WALL_CLOCK_START_MICROS + nowNanos / 1_000L;
    }

    @Override
    public boolean isSchedulerThread() {
        return true;
    }

    @Override
    public void close() {
        closed = true;
        timers.clear();
        ready.clear();
    }

    private void drain() {
        if (draining || holding) {
            return;
        }
        draining = true;
        try {
            Runnable task;
            while ((task = ready.poll()) != null) {
                task.run();
            }
        } finally {
            draining = false;
        }
    }

    private static final class Timer implements Comparable<Timer> {
        final long dueNanos;
        final long order;
        final Runnable task;
        boolean cancelled;

        Timer(long dueNanos, long order, Runnable task) {
            this.dueNanos = dueNanos;
            this.order = order;
            this.task = task;
        }

        @Override
        public int compareTo(Timer other) {
            int byTime = Long.compare(dueNanos, other.dueNanos);
            return byTime != 0 ? byTime : Long.compare(order, other.order);
        }
    }
}
