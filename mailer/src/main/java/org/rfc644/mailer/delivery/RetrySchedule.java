package org.rfc644.mailer.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When to try a recipient again after a temporary failure: exponential backoff, the wait doubling
 * from {@code base} after each failed attempt up to {@code maximumWait}, and no attempt once the
 * message is older than {@code maximumAge}.
 */
public record RetrySchedule(Duration base, Duration maximumWait, Duration maximumAge) {

    public static final Duration DEFAULT_BASE = Duration.ofMinutes(1);
    public static final Duration DEFAULT_MAXIMUM_WAIT = Duration.ofHours(1);
    public static final Duration DEFAULT_MAXIMUM_AGE = Duration.ofDays(3);

    public RetrySchedule {
        if (base.isNegative() || base.isZero()) {
            throw new IllegalArgumentException("retry base must be positive: " + base);
        }
        if (maximumWait.compareTo(base) < 0) {
            throw new IllegalArgumentException("maximum retry wait " + maximumWait
                    + " is shorter than the base " + base);
        }
        if (maximumAge.isNegative()) {
            throw new IllegalArgumentException("maximum age must not be negative: " + maximumAge);
        }
    }

    /** Returns the wait after the {@code failedAttempts}-th failure (1 for the first). */
    public Duration waitAfter(int failedAttempts) {
        Duration wait = base;
        for (int i = 1; i < failedAttempts && wait.compareTo(maximumWait) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maximumWait) > 0 ? maximumWait : wait;
    }

    /**
     * Returns when to try again after the {@code failedAttempts}-th failure at {@code now}, or empty
     * when a message submitted at {@code submitted} has reached the maximum age. The last attempt
     * is made at the maximum age itself when the backoff would overshoot it.
     */
    public Optional<Instant> nextAttempt(Instant submitted, int failedAttempts, Instant now) {
        Instant deadline = submitted.plus(maximumAge);
        if (!now.isBefore(deadline)) {
            return Optional.empty();
        }
        Instant next = now.plus(waitAfter(failedAttempts));
        return Optional.of(next.isAfter(deadline) ? deadline : next);
    }
}
