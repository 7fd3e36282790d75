package org.rfc644.mailer.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.rfc644.ftpserver.session.FtpSession;
import org.rfc644.mail.format.MailMessage;
import org.rfc644.mailer.EnvelopeAddress;
import org.rfc644.mailer.spool.RecipientState;
import org.rfc644.mailer.spool.Spool;
import org.rfc644.mailer.spool.SpoolEntry;
import org.slf4j.LoggerFactory;

/**
 * FTP sessions of the delivery scheduler against a real NCP daemon per host and HOST-B's real FTP
 * server, all in the test's JVM. Sessions and ICPs are counted from the logs of the mailer's
 * sessions and of the server's sessions.
 */
class HostSessionsTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final EnvelopeAddress BOB = EnvelopeAddress.parse("bob@HOST-B");
    private static final Pattern ATTEMPT = Pattern.compile("delivery attempt (\\d+): queue id (\\S+),");
    private static final Pattern OPENED = Pattern.compile("FTP session with HOST-B from socket (\\d+) opened");
    private static final Pattern ENDED = Pattern.compile("logged out after (\\d+) messages: (.*)");

    /** Kept after a failure for a look at the spool and the mail root. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path temp;

    private LoopbackHosts hosts;
    private Spool spool;
    private DeliveryQueue queue;
    private DeliveryScheduler scheduler;
    private final ListAppender<ILoggingEvent> mailerLog = new ListAppender<>();
    private final ListAppender<ILoggingEvent> serverLog = new ListAppender<>();

    @BeforeEach
    void setUp() throws Exception {
        attach(mailerLog, HostDelivery.class);
        attach(serverLog, FtpSession.class);
        hosts = new LoopbackHosts(temp);
        spool = Spool.open(temp.resolve("spool"));
        RetrySchedule retries = new RetrySchedule(Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofHours(1));
        Clock clock = Clock.systemUTC();
        queue = new DeliveryQueue(spool, retries, new FailureNotice("mailer", "HOST-A", clock),
                clock);
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            if (scheduler != null) {
                scheduler.close();
            }
            hosts.close();
        } finally {
            detach(mailerLog, HostDelivery.class);
            detach(serverLog, FtpSession.class);
        }
    }

    @Test
    void twoSessionsDeliverEachOnce() throws Exception {
        int count = 40;
        hosts.startServer();
        for (int i = 0; i < count; i++) {
            enqueue("<many-" + i + "@HOST-A>");
        }

        start(List.of(232, 238), Duration.ZERO);
        await("the queue to empty", () -> queue.entries().isEmpty());
        await("both sessions to end", () -> matching(mailerLog, ENDED).size() == 2);

        List<String> attempted = matching(mailerLog, ATTEMPT).stream().map(m -> m.group(2)).toList();
        assertEquals(count, attempted.size(), "delivery attempts: " + attempted);
        assertEquals(count, new HashSet<>(attempted).size(), "a queue id was attempted twice");

        Set<String> sockets = new HashSet<>();
        matching(mailerLog, OPENED).forEach(m -> sockets.add(m.group(1)));
        assertEquals(Set.of("232", "238"), sockets);

        int handled = matching(mailerLog, ENDED).stream()
                .mapToInt(m -> Integer.parseInt(m.group(1))).sum();
        assertEquals(count, handled);

        Set<String> stored = new HashSet<>();
        for (byte[] message : hosts.storedForBob()) {
            String id = MailMessage.parse(message).firstValue("Message-ID").orElseThrow();
            assertTrue(stored.add(id), "stored twice: " + id);
        }
        assertEquals(count, stored.size());
    }

    @Test
    void lingeringSessionTakesLateMessage() throws Exception {
        hosts.startServer();
        enqueue("<early@HOST-A>");
        start(List.of(232), Duration.ofSeconds(30));
        await("the first message", () -> storedCount() == 1);

        enqueue("<late@HOST-A>");
        await("the late message", () -> storedCount() == 2);

        assertEquals(1, matching(mailerLog, OPENED).size(), "ICPs of the mailer");
        assertEquals(1, serverLog("session from .* started").size(), "sessions of the server");
        assertEquals(0, matching(mailerLog, ENDED).size(), "the session ended before the linger time");
    }

    @Test
    void lingerExpiryLogsOut() throws Exception {
        hosts.startServer();
        enqueue("<short-linger@HOST-A>");
        start(List.of(232), Duration.ofMillis(300));

        await("the session to end", () -> matching(mailerLog, ENDED).size() == 1);
        Matcher ended = matching(mailerLog, ENDED).get(0);
        assertEquals("1", ended.group(1));
        assertTrue(ended.group(2).contains("linger"), ended.group(0));
        await("the server to see the logout", () -> serverLog("logged out with (QUIT|BYE)").size() == 1);
    }

    @Test
    void stopWhileLingeringLogsOut() throws Exception {
        hosts.startServer();
        enqueue("<before-stop@HOST-A>");
        start(List.of(232), Duration.ofMinutes(10));
        await("the message", () -> storedCount() == 1 && queue.entries().isEmpty());

        Instant stopping = Instant.now();
        scheduler.close();
        scheduler = null;
        Duration stop = Duration.between(stopping, Instant.now());

        assertTrue(stop.compareTo(LoopbackHosts.TIMEOUT) < 0, "close took " + stop);
        List<Matcher> ended = matching(mailerLog, ENDED);
        assertEquals(1, ended.size());
        assertEquals("the mailer is stopping", ended.get(0).group(2));
        await("the server to see the logout", () -> serverLog("logged out with (QUIT|BYE)").size() == 1);
    }

    @Test
    void failedClaimIsRetried() throws Exception {
        SpoolEntry entry = enqueue("<retried@HOST-A>");
        start(List.of(232), Duration.ZERO);

        // No FTP server listens on HOST-B's socket 3 yet, so the ICP fails and the claim goes.
        await("the failed first attempt", () -> attempts(entry) >= 1);
        hosts.startServer();
        await("the retried message", () -> storedCount() == 1 && queue.entries().isEmpty());

        List<Matcher> attempts = matching(mailerLog, ATTEMPT);
        assertEquals(1, attempts.size());
        assertTrue(Integer.parseInt(attempts.get(0).group(1)) >= 2, attempts.get(0).group(0));
    }

    private void start(List<Integer> sockets, Duration linger) {
        scheduler = new DeliveryScheduler(queue, new SocketPool(sockets), sockets.size(),
                hosts.hostA.socketPath(), LoopbackHosts.TIMEOUT, linger, Clock.systemUTC());
        scheduler.start();
    }

    private SpoolEntry enqueue(String messageId) throws Exception {
        byte[] message = ("From: alice@HOST-A\r\nTo: bob@HOST-B\r\nSubject: sessions\r\n"
                + "Message-ID: " + messageId + "\r\n\r\nHello Bob.\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        Instant now = Instant.now();
        SpoolEntry entry = spool.enqueue(new SpoolEntry("", messageId,
                Optional.of(EnvelopeAddress.parse("alice@HOST-A")), 1003, now,
                List.of(RecipientState.fresh(BOB, now))), message);
        queue.add(entry);
        return entry;
    }

    private int attempts(SpoolEntry entry) {
        return queue.entries().stream()
                .filter(e -> e.queueId().equals(entry.queueId()))
                .flatMap(e -> e.recipients().stream())
                .mapToInt(RecipientState::attempts)
                .findFirst()
                .orElse(0);
    }

    private int storedCount() {
        try {
            return hosts.storedForBob().size();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private List<String> serverLog(String regex) {
        Pattern pattern = Pattern.compile(regex);
        return snapshot(serverLog).stream()
                .map(ILoggingEvent::getFormattedMessage)
                .filter(message -> pattern.matcher(message).find())
                .toList();
    }

    private static List<Matcher> matching(ListAppender<ILoggingEvent> log, Pattern pattern) {
        List<Matcher> matches = new ArrayList<>();
        for (ILoggingEvent event : snapshot(log)) {
            Matcher matcher = pattern.matcher(event.getFormattedMessage());
            if (matcher.find()) {
                matches.add(matcher);
            }
        }
        return matches;
    }

    private static List<ILoggingEvent> snapshot(ListAppender<ILoggingEvent> log) {
        synchronized (log) {
            return List.copyOf(log.list);
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out after " + WAIT + " waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    private static void attach(ListAppender<ILoggingEvent> appender, Class<?> source) {
        appender.start();
        ((Logger) LoggerFactory.getLogger(source)).addAppender(appender);
    }

    private static void detach(ListAppender<ILoggingEvent> appender, Class<?> source) {
        ((Logger) LoggerFactory.getLogger(source)).detachAppender(appender);
        appender.stop();
    }
}
