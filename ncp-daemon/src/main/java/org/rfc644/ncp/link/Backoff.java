package org.rfc644.ncp.link;

import java.time.Duration;

/** Exponential delays between attempts to reopen a tunnel: initial, doubled each time, capped. */
final class Backoff {

    private final Duration initial;
    private final Duration max;
    private Duration next;

    Backoff(Duration initial, Duration max) {
        this.initial = initial;
        this.max = max;
        this.next = initial;
    }

    /** Returns the delay before the next attempt and doubles the one after it, up to the maximum. */
    Duration nextDelay() {
        Duration delay = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(max) > 0 ? max : doubled;
        return delay;
    }

    /** Starts over from the initial delay, after a tunnel came up. */
    void reset() {
        next = initial;
    }
}
