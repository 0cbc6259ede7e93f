package io.github.wildfiresfu.janus;

import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The production {@link CoreScheduler}: one platform thread named {@code janus-core}
 * (non-daemon, so a running server keeps the JVM alive) behind a
 * {@link ScheduledThreadPoolExecutor}. A task that throws is logged and does not kill the
 * thread or the tasks queued behind it.
 *
 * <p>Thread-safe. {@link #close()} stops the thread; it waits up to five seconds for the
 * running task unless called from the scheduler thread itself.
 */
public final class ExecutorCoreScheduler implements CoreScheduler {

    /** The name of the scheduler thread, for thread dumps and leak checks. */
    public static final String THREAD_NAME = "janus-core";

    private static final System.Logger LOG = System.getLogger(ExecutorCoreScheduler.class.getName());

    private final ScheduledThreadPoolExecutor executor;
    /** The current worker thread; replaced by the executor if an Error ever kills it. */
    private volatile Thread thread;

    public ExecutorCoreScheduler() {
        executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread t = new Thread(runnable, THREAD_NAME);
            t.setDaemon(false);
            thread = t;
            return t;
        });
        // Cancelled timers (session sweeps, deferred work) must not pile up in the queue.
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
    }

    @Override
    public void execute(Runnable task) {
        executor.execute(guarded(task));
    }

    @Override
    public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
        ScheduledFuture<?> future = executor.schedule(guarded(task), delay, unit);
        return () -> future.cancel(false);
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public long currentTimeMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000L;
    }

    @Override
    public boolean isSchedulerThread() {
        return Thread.currentThread() == thread;
    }

    @Override
    public void close() {
        executor.shutdown();
        if (isSchedulerThread()) {
            // Waiting for ourselves would deadlock; the thread ends when this task returns.
            return;
        }
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "janus-core did not stop within 5 s, interrupting it");
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** Whether {@link #close()} has completed and the thread is gone. */
    public boolean isTerminated() {
        return executor.isTerminated();
    }

    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                // One broken task (a plugin bug) must not take the signalling thread down.
                LOG.log(System.Logger.Level.ERROR, "Task on janus-core failed", e);
            }
        };
    }
}
