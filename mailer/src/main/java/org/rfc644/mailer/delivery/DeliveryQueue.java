package org.rfc644.mailer.delivery;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
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
 *
 * <p>Several FTP sessions may deliver to one host at once, so a session claims the recipients it
 * takes. A claimed recipient is in flight: no other session gets it until its outcome is recorded
 * or the session releases it. Claims live in memory only, so a restarted mailer starts with none.
 */
public final class DeliveryQueue {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryQueue.class);

    private final Spool spool;
    private final RetrySchedule retrySchedule;
    private final FailureNotice failureNotice;
    private final Clock clock;
    private final Map<String, SpoolEntry> entries = new LinkedHashMap<>();
    private final Set<Claim> claims = new HashSet<>();
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

    /** Adds an entry that is already in the spool, and wakes the sessions waiting for one. */
    public void add(SpoolEntry entry) {
        Runnable listener;
        synchronized (this) {
            entries.put(entry.queueId(), entry);
            listener = onChange;
            notifyAll();
        }
        listener.run();
    }

    /** Wakes every session in {@link #awaitNext}, so that it checks its stop condition. */
    public synchronized void wakeWaiters() {
        notifyAll();
    }

    public synchronized List<SpoolEntry> entries() {
        return List.copyOf(entries.values());
    }

    public Spool spool() {
        return spool;
    }

    /**
     * Returns, per host (as {@link EnvelopeAddress#hostKey()}), how many messages have a recipient
     * on it that is due at {@code now} and claimed by no session.
     */
    public synchronized Map<String, Integer> unclaimedDueMessages(Instant now) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (SpoolEntry entry : entries.values()) {
            Set<String> hosts = new HashSet<>();
            for (RecipientState recipient : entry.recipients()) {
                if (isClaimable(entry, recipient, now)) {
                    hosts.add(recipient.address().hostKey());
                }
            }
            hosts.forEach(host -> counts.merge(host, 1, Integer::sum));
        }
        return counts;
    }

    /** Returns how many messages have a recipient on {@code hostKey} that a session claimed. */
    public synchronized int claimedMessages(String hostKey) {
        return (int) claims.stream()
                .filter(claim -> claim.recipient().hostKey().equals(hostKey))
                .map(Claim::queueId)
                .distinct()
                .count();
    }

    /** Tells whether {@code hostKey} has a recipient that is due at {@code now} and unclaimed. */
    public synchronized boolean hasUnclaimedDue(String hostKey, Instant now) {
        return findUnclaimed(hostKey, now).isPresent();
    }

    /**
     * Claims the oldest message with recipients on {@code hostKey} that are due at {@code now} and
     * unclaimed: those recipients, each until its outcome is recorded or {@link #release} is called.
     */
    public synchronized Optional<PendingDelivery> claimNext(String hostKey, Instant now) {
        Optional<PendingDelivery> next = findUnclaimed(hostKey, now);
        next.ifPresent(this::claim);
        return next;
    }

    /** Claims every message with recipients on {@code hostKey} that are due and unclaimed. */
    public synchronized List<PendingDelivery> claimAllDue(String hostKey, Instant now) {
        List<PendingDelivery> claimed = new ArrayList<>();
        Optional<PendingDelivery> next = claimNext(hostKey, now);
        while (next.isPresent()) {
            claimed.add(next.get());
            next = claimNext(hostKey, now);
        }
        return claimed;
    }

    /**
     * Claims the next message for {@code hostKey} as {@link #claimNext} does, waiting up to
     * {@code linger} for one to be added or to fall due. Returns empty at once when
     * {@code stopRequested} holds; {@link #wakeWaiters} makes a waiting call check it again.
     */
    public synchronized Optional<PendingDelivery> awaitNext(String hostKey, Duration linger,
                                                         BooleanSupplier stopRequested)
            throws InterruptedException {
        Instant deadline = clock.instant().plus(linger);
        while (!stopRequested.getAsBoolean()) {
            Instant now = clock.instant();
            Optional<PendingDelivery> next = claimNext(hostKey, now);
            if (next.isPresent() || !now.isBefore(deadline)) {
                return next;
            }
            Instant wakeUp = earliestUnclaimedAttempt(r -> r.hostKey().equals(hostKey))
                    .filter(attempt -> attempt.isBefore(deadline))
                    .orElse(deadline);
            // wait(0) would wait without end, so the wait is at least 1 ms.
            wait(Math.max(1, Duration.between(now, wakeUp).toMillis()));
        }
        return Optional.empty();
    }

    /** Releases the claims on {@code pending}'s recipients whose outcome was not recorded. */
    public synchronized void release(PendingDelivery pending) {
        for (RecipientState recipient : pending.recipients()) {
            claims.remove(new Claim(pending.entry().queueId(), recipient.address()));
        }
    }

    /**
     * Returns the earliest next attempt of any recipient that no session claimed, or empty when
     * there is none.
     */
    public synchronized Optional<Instant> earliestNextAttempt() {
        return earliestUnclaimedAttempt(address -> true);
    }

    /** Records the server's success reply: the recipient leaves the spool. */
    public void recordDelivered(String queueId, EnvelopeAddress recipient, String reply)
            throws IOException {
        try {
            synchronized (this) {
                SpoolEntry entry = entries.get(queueId);
                if (entry == null) {
                    return;
                }
                LOG.info("delivered: queue id {}, Message-ID {}, sender {}, recipient {}, host {}:"
                                + " {}", queueId, entry.messageId(), senderText(entry), recipient,
                        recipient.host(), reply);
                removeRecipient(entry, recipient);
            }
        } finally {
            release(queueId, recipient);
        }
    }

    /**
     * Records a failure that may pass: the recipient is tried again by the retry schedule, or,
     * once the message reached the maximum age, returned to its sender.
     */
    public void recordTemporaryFailure(String queueId, EnvelopeAddress recipient, String error)
            throws IOException {
        try {
            deferOrReturn(queueId, recipient, error);
        } finally {
            release(queueId, recipient);
        }
    }

    private void deferOrReturn(String queueId, EnvelopeAddress recipient, String error)
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
        try {
            returnToSender(queueId, recipient, error);
        } finally {
            release(queueId, recipient);
        }
    }

    private void returnToSender(String queueId, EnvelopeAddress recipient, String error)
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

    private Optional<PendingDelivery> findUnclaimed(String hostKey, Instant now) {
        for (SpoolEntry entry : entries.values()) {
            List<RecipientState> recipients = entry.recipients().stream()
                    .filter(r -> r.address().hostKey().equals(hostKey))
                    .filter(r -> isClaimable(entry, r, now))
                    .toList();
            if (!recipients.isEmpty()) {
                return Optional.of(new PendingDelivery(entry, recipients));
            }
        }
        return Optional.empty();
    }

    private boolean isClaimable(SpoolEntry entry, RecipientState recipient, Instant now) {
        return recipient.isDue(now)
                && !claims.contains(new Claim(entry.queueId(), recipient.address()));
    }

    private void claim(PendingDelivery pending) {
        for (RecipientState recipient : pending.recipients()) {
            claims.add(new Claim(pending.entry().queueId(), recipient.address()));
        }
    }

    private synchronized void release(String queueId, EnvelopeAddress recipient) {
        claims.remove(new Claim(queueId, recipient));
    }

    private Optional<Instant> earliestUnclaimedAttempt(Predicate<EnvelopeAddress> recipients) {
        return entries.values().stream()
                .flatMap(entry -> entry.recipients().stream()
                        .filter(r -> recipients.test(r.address()))
                        .filter(r -> !claims.contains(new Claim(entry.queueId(), r.address()))))
                .map(RecipientState::nextAttempt)
                .min(Instant::compareTo);
    }

    private static String senderText(SpoolEntry entry) {
        return entry.sender().map(EnvelopeAddress::toString).orElse("<> (failure notice)");
    }

    /** One recipient of one queued message, taken by a session. */
    private record Claim(String queueId, EnvelopeAddress recipient) {
    }
}
