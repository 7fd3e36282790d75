package org.rfc644.mailer.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    private static final Instant SUBMITTED = Instant.parse("2026-12-04T12:00:00Z");

    private final RetrySchedule schedule = new RetrySchedule(Duration.ofMinutes(1),
            Duration.ofMinutes(30), Duration.ofDays(3));

    @Test
    void waitDoublesFromBase() {
        assertEquals(Duration.ofMinutes(1), schedule.waitAfter(1));
        assertEquals(Duration.ofMinutes(2), schedule.waitAfter(2));
        assertEquals(Duration.ofMinutes(4), schedule.waitAfter(3));
        assertEquals(Duration.ofMinutes(8), schedule.waitAfter(4));
        assertEquals(Duration.ofMinutes(16), schedule.waitAfter(5));
    }

    @Test
    void waitStopsAtMaximum() {
        assertEquals(Duration.ofMinutes(30), schedule.waitAfter(6));
        assertEquals(Duration.ofMinutes(30), schedule.waitAfter(7));
        assertEquals(Duration.ofMinutes(30), schedule.waitAfter(1_000_000));
    }

    @Test
    void nextAttemptAddsWaitToNow() {
        Instant now = SUBMITTED.plus(Duration.ofHours(5));

        assertEquals(Optional.of(now.plus(Duration.ofMinutes(4))),
                schedule.nextAttempt(SUBMITTED, 3, now));
    }

    @Test
    void lastAttemptFallsOnMaximumAge() {
        Instant deadline = SUBMITTED.plus(Duration.ofDays(3));
        Instant now = deadline.minus(Duration.ofMinutes(10));

        assertEquals(Optional.of(deadline), schedule.nextAttempt(SUBMITTED, 9, now));
    }

    @Test
    void noAttemptAfterMaximumAge() {
        Instant deadline = SUBMITTED.plus(Duration.ofDays(3));

        assertTrue(schedule.nextAttempt(SUBMITTED, 9, deadline).isEmpty());
        assertTrue(schedule.nextAttempt(SUBMITTED, 9, deadline.plusSeconds(1)).isEmpty());
    }

    @Test
    void rejectsMaximumBelowBase() {
        assertThrows(IllegalArgumentException.class, () -> new RetrySchedule(
                Duration.ofMinutes(5), Duration.ofMinutes(1), Duration.ofDays(3)));
    }
}
