package io.github.wildfiresfu.janus;

/**
 * A snapshot of the core's gauges and drop counters ({@link JanusCore#stats()}), for leak tests
 * and metrics. Every drop the core makes has its own counter.
 *
 * @param sessions                   live Janus sessions
 * @param handles                    live handles over all sessions
 * @param eventsDroppedNoOwner       asynchronous messages for a session whose transport went away (the session
 *                                   waits for a {@code claim}), including its {@code timeout}
 * @param eventsDroppedGone          messages for a handle or session that no longer exists, e.g. events a plugin
 *                                   pushes while its handle is being detached
 * @param candidatesDroppedQueueFull trickle candidates dropped because the handle's queue was full
 * @param candidatesExpired          queued candidates older than {@code candidates_timeout} when drained
 * @param candidatesInvalid          malformed entries of a {@code candidates} array, ignored as Janus ignores them
 */
public record CoreStats(
        int sessions,
        int handles,
        long eventsDroppedNoOwner,
        long eventsDroppedGone,
        long candidatesDroppedQueueFull,
        long candidatesExpired,
        long candidatesInvalid) {
}
