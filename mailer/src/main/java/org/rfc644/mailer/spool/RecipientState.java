package org.rfc644.mailer.spool;

import java.time.Instant;
import org.rfc644.mailer.EnvelopeAddress;

/**
 * A recipient that the mailer still has to deliver to: how many delivery attempts failed so far,
 * when the next one is due, and the last failure ({@code ""} before the first).
 */
public record RecipientState(EnvelopeAddress address, int attempts, Instant nextAttempt,
                             String lastError) {

    public RecipientState {
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must not be negative: " + attempts);
        }
        lastError = lastError == null ? "" : lastError;
    }

    /** Returns a recipient that is due at once, with no attempt made yet. */
    public static RecipientState fresh(EnvelopeAddress address, Instant now) {
        return new RecipientState(address, 0, now, "");
    }

    /** Returns this recipient after one more failed attempt. */
    public RecipientState afterFailure(Instant next, String error) {
        return new RecipientState(address, attempts + 1, next, error);
    }

    public boolean isDue(Instant now) {
        return !nextAttempt.isAfter(now);
    }
}
