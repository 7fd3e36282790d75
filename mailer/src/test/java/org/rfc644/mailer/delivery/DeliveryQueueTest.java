package org.rfc644.mailer.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rfc644.mail.format.MailMessage;
import org.rfc644.mailer.EnvelopeAddress;
import org.rfc644.mailer.spool.RecipientState;
import org.rfc644.mailer.spool.Spool;
import org.rfc644.mailer.spool.SpoolEntry;

class DeliveryQueueTest {

    private static final Instant SUBMITTED = Instant.parse("2026-12-04T12:00:00Z");
    private static final EnvelopeAddress ALICE = EnvelopeAddress.parse("alice@HOST-A");
    private static final EnvelopeAddress BOB = EnvelopeAddress.parse("bob@HOST-B");
    private static final EnvelopeAddress CAROL = EnvelopeAddress.parse("carol@HOST-C");
    private static final byte[] MESSAGE = ("From: alice@HOST-A\r\nTo: bob@HOST-B\r\n"
            + "Message-ID: <7@HOST-A>\r\n\r\nHello\r\n").getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path temp;

    private final MovableClock clock = new MovableClock(SUBMITTED);
    private Spool spool;
    private DeliveryQueue queue;

    @BeforeEach
    void setUp() throws Exception {
        spool = Spool.open(temp.resolve("spool"));
        RetrySchedule schedule = new RetrySchedule(Duration.ofMinutes(1), Duration.ofMinutes(10),
                Duration.ofHours(1));
        queue = new DeliveryQueue(spool, schedule, new FailureNotice("mailer", "HOST-A", clock),
                clock);
    }

    @Test
    void deliveredRecipientLeavesSpool() throws Exception {
        SpoolEntry entry = enqueue(Optional.of(ALICE), BOB, CAROL);

        queue.recordDelivered(entry.queueId(), BOB, "MLFL: 252 stored");

        SpoolEntry onDisk = spool.recover().get(0);
        assertEquals(List.of(CAROL), addresses(onDisk));

        queue.recordDelivered(entry.queueId(), CAROL, "MLFL: 252 stored");

        assertTrue(spool.recover().isEmpty());
        assertTrue(queue.entries().isEmpty());
    }

    @Test
    void temporaryFailuresBackOff() throws Exception {
        SpoolEntry entry = enqueue(Optional.of(ALICE), BOB);

        List<Duration> waits = List.of(Duration.ofMinutes(1), Duration.ofMinutes(2),
                Duration.ofMinutes(4), Duration.ofMinutes(8), Duration.ofMinutes(10),
                Duration.ofMinutes(10));
        for (int i = 0; i < waits.size(); i++) {
            queue.recordTemporaryFailure(entry.queueId(), BOB, "451 busy " + i);

            RecipientState state = spool.recover().get(0).recipient(BOB).orElseThrow();
            assertEquals(i + 1, state.attempts());
            assertEquals(clock.instant().plus(waits.get(i)), state.nextAttempt(), "attempt " + (i + 1));
            assertEquals("451 busy " + i, state.lastError());
            clock.set(state.nextAttempt());
        }
        assertTrue(queue.unclaimedDueMessages(clock.instant()).containsKey("HOST-B"));
        assertTrue(queue.unclaimedDueMessages(clock.instant().minusSeconds(1)).isEmpty());
    }

    @Test
    void maximumAgeReturnsMessage() throws Exception {
        SpoolEntry entry = enqueue(Optional.of(ALICE), BOB);
        clock.set(SUBMITTED.plus(Duration.ofMinutes(59).plusSeconds(30)));
        queue.recordTemporaryFailure(entry.queueId(), BOB, "host HOST-B is dead");

        RecipientState last = spool.recover().get(0).recipient(BOB).orElseThrow();
        assertEquals(SUBMITTED.plus(Duration.ofHours(1)), last.nextAttempt());

        clock.set(last.nextAttempt());
        queue.recordTemporaryFailure(entry.queueId(), BOB, "host HOST-B is dead");

        List<SpoolEntry> remaining = spool.recover();
        assertEquals(1, remaining.size());
        SpoolEntry notice = remaining.get(0);
        assertEquals(Optional.empty(), notice.sender());
        assertEquals(List.of(ALICE), addresses(notice));
        String text = new String(spool.readMessage(notice.queueId()), StandardCharsets.UTF_8);
        assertTrue(text.contains("maximum age"), text);
        assertTrue(text.contains("host HOST-B is dead"), text);
    }

    @Test
    void permanentFailureQueuesOneNotice() throws Exception {
        SpoolEntry entry = enqueue(Optional.of(ALICE), BOB, CAROL);

        queue.recordPermanentFailure(entry.queueId(), BOB, "MLFL: 450 No such user here: bob");
        queue.recordPermanentFailure(entry.queueId(), BOB, "MLFL: 450 No such user here: bob");

        List<SpoolEntry> entries = spool.recover();
        assertEquals(2, entries.size());
        SpoolEntry original = entries.stream().filter(e -> e.queueId().equals(entry.queueId()))
                .findFirst().orElseThrow();
        assertEquals(List.of(CAROL), addresses(original));

        SpoolEntry notice = entries.stream().filter(e -> e.sender().isEmpty()).findFirst()
                .orElseThrow();
        MailMessage parsed = MailMessage.parse(spool.readMessage(notice.queueId()));
        assertEquals(Optional.of("mailer@HOST-A"), parsed.firstValue("From"));
        assertEquals(Optional.of("alice@HOST-A"), parsed.firstValue("To"));
        assertEquals(Optional.of("Undeliverable mail to bob@HOST-B"), parsed.firstValue("Subject"));
        assertEquals(Optional.of(notice.messageId()), parsed.firstValue("Message-ID"));
        String body = new String(parsed.body(), StandardCharsets.UTF_8);
        assertTrue(body.contains("450 No such user here: bob"), body);
        assertTrue(body.contains("Message-ID: <7@HOST-A>"), body);
    }

    @Test
    void noticeIdIsStablePerRecipient() throws Exception {
        SpoolEntry entry = enqueue(Optional.of(ALICE), BOB);
        FailureNotice notices = new FailureNotice("mailer", "HOST-A", clock);

        assertEquals(notices.messageId(entry, BOB), notices.messageId(entry, BOB));
        assertTrue(!notices.messageId(entry, BOB).equals(notices.messageId(entry, CAROL)));
    }

    @Test
    void failedNoticeIsDropped() throws Exception {
        SpoolEntry notice = enqueue(Optional.empty(), ALICE);

        queue.recordPermanentFailure(notice.queueId(), ALICE, "MLFL: 450 No such user here");

        assertTrue(spool.recover().isEmpty());
    }

    @Test
    void claimNextTakesOldestUnclaimed() throws Exception {
        SpoolEntry first = enqueue(Optional.of(ALICE), BOB, CAROL);
        SpoolEntry second = enqueue(Optional.of(ALICE), BOB);

        PendingDelivery oldest = queue.claimNext("HOST-B", clock.instant()).orElseThrow();
        assertEquals(first.queueId(), oldest.entry().queueId());
        assertEquals(List.of(BOB), oldest.recipients().stream().map(RecipientState::address).toList());

        PendingDelivery next = queue.claimNext("HOST-B", clock.instant()).orElseThrow();
        assertEquals(second.queueId(), next.entry().queueId());

        assertEquals(Optional.empty(), queue.claimNext("HOST-B", clock.instant()));
        assertEquals(2, queue.claimedMessages("HOST-B"));
        assertEquals(Map.of("HOST-C", 1), queue.unclaimedDueMessages(clock.instant()));
        assertEquals(Optional.of(SUBMITTED), queue.earliestNextAttempt(), "CAROL is unclaimed");
    }

    @Test
    void temporaryFailureReleasesClaim() throws Exception {
        SpoolEntry entry = enqueue(Optional.of(ALICE), BOB);
        queue.claimNext("HOST-B", clock.instant()).orElseThrow();

        queue.recordTemporaryFailure(entry.queueId(), BOB, "451 busy");

        assertEquals(0, queue.claimedMessages("HOST-B"));
        assertEquals(Optional.empty(), queue.claimNext("HOST-B", clock.instant()), "not due yet");
        clock.set(clock.instant().plus(Duration.ofMinutes(1)));
        PendingDelivery retry = queue.claimNext("HOST-B", clock.instant()).orElseThrow();
        assertEquals(1, retry.recipients().get(0).attempts());
    }

    @Test
    void releaseReturnsClaimToQueue() throws Exception {
        enqueue(Optional.of(ALICE), BOB);
        PendingDelivery claimed = queue.claimNext("HOST-B", clock.instant()).orElseThrow();
        assertTrue(queue.unclaimedDueMessages(clock.instant()).isEmpty());

        queue.release(claimed);

        assertEquals(Map.of("HOST-B", 1), queue.unclaimedDueMessages(clock.instant()));
        assertTrue(queue.claimNext("HOST-B", clock.instant()).isPresent());
    }

    @Test
    void awaitNextWakesOnAdd() throws Exception {
        AtomicReference<Optional<PendingDelivery>> result = new AtomicReference<>();
        Thread waiter = new Thread(() -> result.set(awaitQuietly(() -> false)), "waiter");
        waiter.start();
        awaitWaiting(waiter);

        SpoolEntry entry = enqueue(Optional.of(ALICE), BOB);

        waiter.join(Duration.ofSeconds(30).toMillis());
        assertEquals(entry.queueId(), result.get().orElseThrow().entry().queueId());
    }

    @Test
    void awaitNextReturnsOnStop() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Optional<PendingDelivery>> result = new AtomicReference<>();
        Thread waiter = new Thread(() -> result.set(awaitQuietly(stop::get)), "waiter");
        waiter.start();
        awaitWaiting(waiter);

        stop.set(true);
        queue.wakeWaiters();

        waiter.join(Duration.ofSeconds(30).toMillis());
        assertEquals(Optional.empty(), result.get());
    }

    /** Waits up to 10 minutes for a message to HOST-B; the clock does not move on its own. */
    private Optional<PendingDelivery> awaitQuietly(BooleanSupplier stop) {
        try {
            return queue.awaitNext("HOST-B", Duration.ofMinutes(10), stop);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static void awaitWaiting(Thread waiter) throws InterruptedException {
        while (waiter.getState() != Thread.State.TIMED_WAITING) {
            assertTrue(waiter.isAlive(), "the waiter ended before waiting");
            Thread.sleep(10);
        }
    }

    private SpoolEntry enqueue(Optional<EnvelopeAddress> sender, EnvelopeAddress... recipients)
            throws Exception {
        List<RecipientState> states = java.util.Arrays.stream(recipients)
                .map(r -> RecipientState.fresh(r, SUBMITTED))
                .toList();
        SpoolEntry entry = spool.enqueue(new SpoolEntry("", "<7@HOST-A>", sender, 1003, SUBMITTED,
                states), MESSAGE);
        queue.add(entry);
        return entry;
    }

    private static List<EnvelopeAddress> addresses(SpoolEntry entry) {
        return entry.recipients().stream().map(RecipientState::address).toList();
    }

    /** A clock that the test sets, so that retries fall due without waiting. */
    private static final class MovableClock extends Clock {

        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
