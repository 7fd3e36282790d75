package org.rfc644.ncp.local;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * Warnings of one session, rate-limited by kind: the first warning of a kind is logged, the
 * repeats within the next minute are only counted, and the count goes with the next warning of
 * that kind that is logged.
 */
final class RepeatedWarnings {

    private static final long INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private static final class Kind {
        long loggedAt;
        int unlogged;
    }

    private final Logger log;
    private final Map<String, Kind> kinds = new HashMap<>();

    RepeatedWarnings(Logger log) {
        this.log = log;
    }

    /** Logs {@code message} at WARN unless a warning of {@code kind} was logged within a minute. */
    void warn(String kind, String message) {
        long now = System.nanoTime();
        Kind state = kinds.get(kind);
        if (state != null && now - state.loggedAt < INTERVAL_NANOS) {
            state.unlogged++;
            return;
        }
        if (state == null) {
            state = new Kind();
            kinds.put(kind, state);
        }
        if (state.unlogged > 0) {
            log.warn("{} ({} more like it were not logged)", message, state.unlogged);
        } else {
            log.warn(message);
        }
        state.loggedAt = now;
        state.unlogged = 0;
    }

    /** Logs how many warnings of each kind were not logged; for the end of the session. */
    void flush(String session) {
        for (Map.Entry<String, Kind> entry : kinds.entrySet()) {
            if (entry.getValue().unlogged > 0) {
                log.warn("{}: {} more warnings of kind {} were not logged", session,
                        entry.getValue().unlogged, entry.getKey());
            }
        }
        kinds.clear();
    }
}
