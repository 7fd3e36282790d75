package org.rfc644.mailer;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.rfc644.mailer.delivery.DeliveryQueue;
import org.rfc644.mailer.delivery.DeliveryScheduler;
import org.rfc644.mailer.delivery.FailureNotice;
import org.rfc644.mailer.delivery.SocketPool;
import org.rfc644.mailer.spool.Spool;
import org.rfc644.mailer.spool.SpoolEntry;
import org.rfc644.mailer.spool.SpoolLock;
import org.rfc644.mailer.submission.LocalUsers;
import org.rfc644.mailer.submission.SubmissionAcceptor;
import org.rfc644.mailer.submission.SubmissionServer;
import org.rfc644.ncp.client.NcpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running mailer: the spool recovered from disk, the delivery scheduler and the submission
 * socket, started in that order so that nothing is accepted before the queue is back.
 */
public final class Mailer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Mailer.class);

    /** How long to wait for the NCP daemon at start-up, when it starts at the same time. */
    private static final Duration DAEMON_WAIT = Duration.ofSeconds(30);

    private final SpoolLock lock;
    private final DeliveryQueue queue;
    private final DeliveryScheduler scheduler;
    private final SubmissionServer server;

    private Mailer(SpoolLock lock, DeliveryQueue queue, DeliveryScheduler scheduler, SubmissionServer server) {
        this.lock = lock;
        this.queue = queue;
        this.scheduler = scheduler;
        this.server = server;
    }

    public static Mailer start(MailerSettings settings) throws IOException, InterruptedException {
        Clock clock = Clock.systemUTC();
        SocketPool pool = new SocketPool(settings.icpSockets());
        Spool spool = Spool.open(settings.spoolDirectory());
        SpoolLock lock = SpoolLock.acquire(spool.directory());
        try {
            return start(settings, clock, pool, spool, lock);
        } catch (IOException | InterruptedException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static Mailer start(MailerSettings settings, Clock clock, SocketPool pool, Spool spool,
                                SpoolLock lock) throws IOException, InterruptedException {
        String localHost = settings.localHost().isPresent()
                ? settings.localHost().get() : askLocalHost(settings);
        String mailerUser = System.getProperty("user.name");

        DeliveryQueue queue = new DeliveryQueue(spool, settings.retrySchedule(),
                new FailureNotice(mailerUser, localHost, clock), clock);
        List<SpoolEntry> recovered;
        try {
            recovered = spool.recover();
        } catch (IOException e) {
            throw new IOException("cannot recover the spool " + spool.directory() + ": "
                    + FileErrors.describe(e), e);
        }
        recovered.forEach(queue::add);
        LOG.info("mailer of {} running as {}: spool {} holds {} messages", localHost, mailerUser,
                spool.directory(), recovered.size());

        DeliveryScheduler scheduler = new DeliveryScheduler(queue, pool, settings.concurrency(),
                settings.daemonSocket(), settings.timeout(), settings.sessionLinger(), clock);
        scheduler.start();

        SubmissionAcceptor acceptor = new SubmissionAcceptor(spool, LocalUsers.system(),
                localHost, clock, queue::add);
        SubmissionServer server;
        try {
            server = SubmissionServer.start(settings.submitSocket(), acceptor);
        } catch (IOException | RuntimeException e) {
            scheduler.close();
            throw e;
        }
        return new Mailer(lock, queue, scheduler, server);
    }

    public DeliveryQueue queue() {
        return queue;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            server.close();
        } finally {
            try {
                scheduler.close();
            } finally {
                lock.close();
            }
        }
        LOG.info("mailer stopped");
    }

    /** Asks the NCP daemon for this host's name, retrying while the daemon starts. */
    private static String askLocalHost(MailerSettings settings) throws IOException,
            InterruptedException {
        Instant deadline = Instant.now().plus(DAEMON_WAIT);
        while (true) {
            try (NcpClient client = NcpClient.connect(settings.daemonSocket())) {
                return client.localHost().name();
            } catch (IOException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IOException("cannot reach the NCP daemon at "
                            + settings.daemonSocket() + " to learn this host's name: "
                            + e.getMessage(), e);
                }
                LOG.info("waiting for the NCP daemon at {}: {}", settings.daemonSocket(),
                        e.getMessage());
                Thread.sleep(1000);
            }
        }
    }
}
