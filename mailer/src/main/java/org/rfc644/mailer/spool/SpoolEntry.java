package org.rfc644.mailer.spool;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.rfc644.mailer.EnvelopeAddress;

/**
 * The envelope of one queued message: who submitted it and the recipients still to deliver to.
 *
 * @param queueId the spool's name for the message
 * @param messageId the Message-ID (or, for a resent message, the newest Resent-Message-ID), or
 *     {@code ""} when the message has none
 * @param sender the submitting user at this host, where failure notices go. It is empty for a
 *     failure notice itself, so that a notice that cannot be delivered causes no other notice.
 * @param senderUid the uid that the kernel reported for the submitter, or -1 for a notice
 * @param submitted when the mailer accepted the message; the maximum age counts from here
 */
public record SpoolEntry(String queueId, String messageId, Optional<EnvelopeAddress> sender,
                         int senderUid, Instant submitted, List<RecipientState> recipients) {

    public SpoolEntry {
        recipients = List.copyOf(recipients);
    }

    /** Returns this entry with {@code replacement} in place of the recipient of the same address. */
    public SpoolEntry withRecipient(RecipientState replacement) {
        return withRecipients(recipients.stream()
                .map(r -> r.address().equals(replacement.address()) ? replacement : r)
                .toList());
    }

    /** Returns this entry without the recipient {@code address}. */
    public SpoolEntry without(EnvelopeAddress address) {
        Predicate<RecipientState> other = r -> !r.address().equals(address);
        return withRecipients(recipients.stream().filter(other).toList());
    }

    public Optional<RecipientState> recipient(EnvelopeAddress address) {
        return recipients.stream().filter(r -> r.address().equals(address)).findFirst();
    }

    public SpoolEntry withQueueId(String newQueueId) {
        return new SpoolEntry(newQueueId, messageId, sender, senderUid, submitted, recipients);
    }

    private SpoolEntry withRecipients(List<RecipientState> newRecipients) {
        return new SpoolEntry(queueId, messageId, sender, senderUid, submitted, newRecipients);
    }
}
