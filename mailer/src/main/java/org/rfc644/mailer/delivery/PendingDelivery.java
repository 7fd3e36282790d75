package org.rfc644.mailer.delivery;

import java.util.List;
import org.rfc644.mailer.spool.RecipientState;
import org.rfc644.mailer.spool.SpoolEntry;

/** One queued message and those of its recipients on one host that are due now. */
public record PendingDelivery(SpoolEntry entry, List<RecipientState> recipients) {

    public PendingDelivery {
        recipients = List.copyOf(recipients);
    }
}
