package org.rfc644.mailer.delivery;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.rfc644.mailer.EnvelopeAddress;
import org.rfc644.mailer.spool.RecipientState;
import org.rfc644.mailer.spool.Spool;
import org.rfc644.mailer.spool.SpoolEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue as deliveries see it: the spool's entries in memory, and the recording of each
 * delivery outcome in memory and in the spool. A recipient leaves the queue only after the
 * server's success reply, or after a failure notice about it is on disk. Thread-safe.
 */
public final class DeliveryQueue {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryQueue.class);

    private final Spool spool;
    private final RetrySchedule retrySchedule;
    private final FailureNotice failureNotice;
    private final Clock clock;
    private final Map<String, SpoolEntry> entries = new LinkedHashMap<>();
    private Runnable onChange = () -> { };

    public DeliveryQueue(Spool spool, RetrySchedule retrySchedule, FailureNotice failureNotice,
                         Clock clock) {
        this.spool = spool;
        this.retrySchedule = retrySchedule;
        this.failureNotice = failureNotice;
        this.clock = clock;
    }

    /** Sets what to call when an entry is added, such as waking the scheduler. */
    public synchronized void onChange(Runnable listener) {
        this.onChange = listener;
    }

    /** Adds an entry that is already in the spool. */
    public void add(SpoolEntry entry) {
        Runnable listener;
        synchronized (this) {
            entries.put(entry.queueId(), entry);
            listener = onChange;
        }
        listener.run();
    }

    public synchronized List<SpoolEntry> entries() {
        return List.copyOf(entries.values());
    }

    public Spool spool() {
        return spool;
    }

    /** Returns the hosts (as {@link EnvelopeAddress#hostKey()}) with a recipient due at {@code now}. */
    public synchronized Set<String> dueHosts(Instant now) {
        Set<String> hosts = new LinkedHashSet<>();
        for (SpoolEntry entry : entries.values()) {
            for (RecipientState recipient : entry.recipients()) {
                if (recipient.isDue(now)) {
                    hosts.add(recipient.address().hostKey());
                }
            }
        }
        return hosts;
    }

    /** Returns the messages with recipients on {@code hostKey} that are due, oldest first. */
    public synchronized List<PendingDelivery> dueFor(String hostKey, Instant now) {
        List<PendingDelivery> due = new ArrayList<>();
        for (SpoolEntry entry : entries.values()) {
            List<RecipientState> recipients = entry.recipients().stream()
                    .filter(r -> r.address().hostKey().equals(hostKey) && r.isDue(now))
                    .toList();
            if (!recipients.isEmpty()) {
                due.add(new PendingDelivery(entry, recipients));
            }
        }
        return due;
    }

    /** Returns the earliest next attempt of any recipient, or empty when the queue is empty. */
    public synchronized Optional<Instant> earliestNextAttempt() {
        return entries.values().stream()
                .flatMap(entry -> entry.recipients().stream())
                .map(RecipientState::nextAttempt)
                .min(Instant::compareTo);
    }

    /** Records the server's success reply: the recipient leaves the spool. */
    public void recordDelivered(String queueId, EnvelopeAddress recipient, String reply)
            throws IOException {
        synchronized (this) {
            SpoolEntry entry = entries.get(queueId);
            if (entry == null) {
                return;
            }
            LOG.info("delivered: queue id {}, Message-ID {}, sender {}, recipient {}, host {}: {}",
                    queueId, entry.messageId(), senderText(entry), recipient, recipient.host(),
                    reply);
            removeRecipient(entry, recipient);
        }
    }

    /**
     * Records a failure that may pass: the recipient is tried again by the retry schedule, or,
     * once the message reached the maximum age, returned to its sender.
     */
    public void recordTemporaryFailure(String queueId, EnvelopeAddress recipient, String error)
            throws IOException {
        SpoolEntry entry;
        RecipientState failed;
        synchronized (this) {
            entry = entries.get(queueId);
            Optional<RecipientState> state = entry == null
                    ? Optional.empty() : entry.recipient(recipient);
            if (state.isEmpty()) {
                return;
            }
            Instant now = clock.instant();
            Optional<Instant> next = retrySchedule.nextAttempt(entry.submitted(),
                    state.get().attempts() + 1, now);
            if (next.isEmpty()) {
                failed = state.get().afterFailure(now, error);
            } else {
                failed = state.get().afterFailure(next.get(), error);
                SpoolEntry updated = entry.withRecipient(failed);
                // Memory first: when the spool write fails, the backoff still holds until a
                // restart, instead of the scheduler retrying at once in a loop.
                entries.put(queueId, updated);
                spool.update(updated);
                LOG.info("deferred: queue id {}, Message-ID {}, sender {}, recipient {}, host {},"
                                + " attempt {}, next attempt {}: {}", queueId, entry.messageId(),
                        senderText(entry), recipient, recipient.host(), failed.attempts(),
                        next.get(), error);
                return;
            }
        }
        String reason = "the message reached the maximum age of " + retrySchedule.maximumAge()
                + " after " + failed.attempts() + " attempts; the last one failed: " + error;
        recordFinalFailure(entry, failed, reason);
    }

    /** Records a failure that will not pass, such as an unknown user: the sender gets a notice. */
    public void recordPermanentFailure(String queueId, EnvelopeAddress recipient, String error)
            throws IOException {
        SpoolEntry entry;
        RecipientState state;
        synchronized (this) {
            entry = entries.get(queueId);
            Optional<RecipientState> found = entry == null
                    ? Optional.empty() : entry.recipient(recipient);
            if (found.isEmpty()) {
                return;
            }
            state = found.get().afterFailure(clock.instant(), error);
        }
        recordFinalFailure(entry, state, error);
    }

    /**
     * Queues a failure notice to the sender, then removes the recipient. A crash in between
     * queues the same notice again on the next attempt. Because the notice's Message-ID is the
     * same each time, the receiver's duplicate check stores it once.
     */
    private void recordFinalFailure(SpoolEntry entry, RecipientState recipient, String reason)
            throws IOException {
        LOG.warn("failed: queue id {}, Message-ID {}, sender {}, recipient {}, host {},"
                        + " after {} attempts: {}", entry.queueId(), entry.messageId(),
                senderText(entry), recipient.address(), recipient.address().host(),
                recipient.attempts(), reason);

        if (entry.sender().isPresent()) {
            byte[] original = spool.readMessage(entry.queueId());
            SpoolEntry notice = failureNotice.queue(spool, entry, recipient, reason, original);
            LOG.info("failure notice queued: queue id {}, Message-ID {}, to {}, about queue id {}",
                    notice.queueId(), notice.messageId(), entry.sender().get(), entry.queueId());
            add(notice);
        } else {
            LOG.warn("dropped: queue id {} is a failure notice itself, so no notice about it is"
                    + " sent", entry.queueId());
        }

        synchronized (this) {
            SpoolEntry current = entries.get(entry.queueId());
            if (current != null) {
                removeRecipient(current, recipient.address());
            }
        }
    }

    /**
     * Removes a recipient, and the whole entry once it was the last one; the caller holds the lock.
     * Memory changes first: when the spool write fails, the recipient stays on disk and is sent
     * again after a restart (the receiver's duplicate check stores it once), but not in a loop now.
     */
    private void removeRecipient(SpoolEntry entry, EnvelopeAddress recipient) throws IOException {
        SpoolEntry remaining = entry.without(recipient);
        if (remaining.recipients().isEmpty()) {
            entries.remove(entry.queueId());
            spool.remove(entry.queueId());
            LOG.info("removed: queue id {}, Message-ID {}: no recipient left", entry.queueId(),
                    entry.messageId());
        } else {
            entries.put(entry.queueId(), remaining);
            spool.update(remaining);
        }
    }

    private static String senderText(SpoolEntry entry) {
        return entry.sender().map(EnvelopeAddress::toString).orElse("<> (failure notice)");
    }
}
