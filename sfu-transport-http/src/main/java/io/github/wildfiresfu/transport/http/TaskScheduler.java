package io.github.wildfiresfu.transport.http;

import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task after a delay. The servers use their event-loop group; tests of timer-driven
 * classes pass a manual scheduler instead of sleeping.
 */
@FunctionalInterface
interface TaskScheduler {

    /**
     * Runs {@code task} once after {@code delay}, on some thread of the scheduler.
     *
     * @return an action that cancels the task if it has not run yet
     */
    Runnable schedule(Duration delay, Runnable task);

    /** A scheduler backed by a Netty executor group. */
    static TaskScheduler on(EventExecutorGroup executors) {
        return (delay, task) -> {
            ScheduledFuture<?> f = executors.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
            return () -> f.cancel(false);
        };
    }
}
