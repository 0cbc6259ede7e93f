package io.github.wildfiresfu.transport.mqtt;

import java.time.Duration;

/**
 * Doubling delays from a minimum up to a cap, as Paho's automatic reconnect
 * ({@code minRetryInterval} 1 s doubling to {@code maxRetryInterval}, which the fork sets to
 * 10 s). Not thread-safe: used on the transport's control thread only.
 */
final class Backoff {

    private final Duration min;
    private final Duration max;
    private Duration current;

    Backoff(Duration min, Duration max) {
        this.min = min;
        this.max = max;
    }

    /** The delay before the next attempt: the minimum first, then twice the previous, at most the cap. */
    Duration next() {
        if (current == null) {
            current = min;
        } else {
            Duration doubled = current.multipliedBy(2);
            current = doubled.compareTo(max) > 0 ? max : doubled;
        }
        return current;
    }

    /** After a success: the next delay is the minimum again. */
    void reset() {
        current = null;
    }
}
