package org.rfc644.mailer;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.rfc644.mailer.spool.RecipientState;
import org.rfc644.mailer.spool.SpoolEntry;

/**
 * The text of {@code mailer --queue}: one block per queued message, with its id, sender, age and
 * Message-ID, then one line per recipient still queued with its attempts, next attempt and last
 * error.
 */
public final class QueueListing {

    private QueueListing() {
    }

    public static void print(List<SpoolEntry> entries, Instant now, PrintWriter out) {
        if (entries.isEmpty()) {
            out.println("Mail queue is empty");
            return;
        }
        out.printf("%-16s %-24s %8s  %s%n", "QUEUE ID", "SENDER", "AGE", "MESSAGE-ID");
        for (SpoolEntry entry : entries) {
            out.printf("%-16s %-24s %8s  %s%n", entry.queueId(),
                    entry.sender().map(EnvelopeAddress::toString).orElse("<> (failure notice)"),
                    age(Duration.between(entry.submitted(), now)), entry.messageId());
            for (RecipientState recipient : entry.recipients()) {
                out.printf("    to %s: %d attempts, next attempt %s%s%n", recipient.address(),
                        recipient.attempts(), nextAttempt(recipient, now),
                        recipient.lastError().isEmpty() ? "" : ", last error: "
                                + recipient.lastError());
            }
        }
        long recipients = entries.stream().mapToLong(e -> e.recipients().size()).sum();
        out.printf("-- %d messages, %d recipients%n", entries.size(), recipients);
    }

    private static String nextAttempt(RecipientState recipient, Instant now) {
        if (recipient.isDue(now)) {
            return "now";
        }
        return recipient.nextAttempt() + " (in " + age(Duration.between(now,
                recipient.nextAttempt())) + ")";
    }

    /** Formats a duration the way mail queue listings do: 45s, 12m, 3h, 2d. */
    static String age(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m";
        }
        if (seconds < 86400) {
            return seconds / 3600 + "h";
        }
        return seconds / 86400 + "d";
    }
}
