package io.github.wildfiresfu.janus;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The one thread (or, in tests, the one deterministic loop) that owns all state of the Janus
 * core and its plugins, plus the clocks they read. Janus spreads this work over a request
 * thread, a task pool and a sessions watchdog ({@code src/janus.c}); we confine it to one
 * serial executor so that sessions, handles and plugin state need no locks.
 *
 * <p>Tasks run one at a time, in submission order; a task scheduled for later runs after every
 * task submitted before its due time. Production code uses {@link ExecutorCoreScheduler};
 * tests use a fake whose time only moves when the test says so.
 */
public interface CoreScheduler extends AutoCloseable {

    /**
     * Runs {@code task} on the scheduler's thread after the tasks already queued.
     *
     * @throws RejectedExecutionException after {@link #close()}
     */
    void execute(Runnable task);

    /**
     * Runs {@code task} on the scheduler's thread once {@code delay} has passed on
     * {@link #nanoTime()}.
     *
     * @return a handle that cancels the task if it has not started yet
     * @throws RejectedExecutionException after {@link #close()}
     */
    Cancellable schedule(Runnable task, long delay, TimeUnit unit);

    /** Monotonic time in nanoseconds, for timeouts; only differences are meaningful. */
    long nanoTime();

    /** Wall-clock time in microseconds since the epoch, for signed-token expiry. */
    long currentTimeMicros();

    /** Whether the caller is running on the scheduler's thread (inside one of its tasks). */
    boolean isSchedulerThread();

    /** Stops accepting tasks and releases the thread; queued delayed tasks are dropped. */
    @Override
    void close();

    /** A scheduled task that can still be called off. */
    @FunctionalInterface
    interface Cancellable {

        /** Cancels the task if it has not started; does nothing otherwise. */
        void cancel();
    }
}
