package org.rfc644.mailer.delivery;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts deliveries: one FTP session per destination host at a time, each on a socket of the
 * pool, at most {@code concurrency} at once. It wakes when a message is queued, when a session
 * ends and when the earliest retry falls due.
 */
public final class DeliveryScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryScheduler.class);

    /** Maximum sleep, so that a change of the system clock delays a retry by at most this. */
    private static final Duration MAX_SLEEP = Duration.ofMinutes(1);

    private final DeliveryQueue queue;
    private final SocketPool pool;
    private final int concurrency;
    private final Path daemonSocket;
    private final Duration timeout;
    private final Clock clock;
    private final ExecutorService sessions;
    private final Thread thread;
    private final Set<String> activeHosts = new HashSet<>();
    private boolean wakeRequested;
    private boolean stopping;

    /**
     * @param concurrency the most FTP sessions at once; the pool's size bounds it as well
     * @param daemonSocket the NCP daemon's local API socket
     * @param timeout the longest wait for the ICP, each reply and each data connection
     */
    public DeliveryScheduler(DeliveryQueue queue, SocketPool pool, int concurrency,
                             Path daemonSocket, Duration timeout, Clock clock) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1: " + concurrency);
        }
        this.queue = queue;
        this.pool = pool;
        this.concurrency = concurrency;
        this.daemonSocket = daemonSocket;
        this.timeout = timeout;
        this.clock = clock;
        this.sessions = Executors.newFixedThreadPool(Math.min(concurrency, pool.sockets().size()),
                runnable -> {
                    Thread worker = new Thread(runnable, "delivery");
                    worker.setDaemon(true);
                    return worker;
                });
        this.thread = new Thread(this::loop, "delivery-scheduler");
        this.thread.setDaemon(true);
        queue.onChange(this::wake);
    }

    public void start() {
        LOG.info("delivery scheduler started: ICP sockets {}, at most {} sessions at once",
                pool.sockets(), concurrency);
        thread.start();
    }

    /** Makes the scheduler look at the queue now. */
    public synchronized void wake() {
        wakeRequested = true;
        notifyAll();
    }

    private void loop() {
        while (true) {
            synchronized (this) {
                if (stopping) {
                    return;
                }
                startDueSessions();
                sleepUntilNeeded();
            }
        }
    }

    /** Starts a session for each due host that has none, while sockets and slots last. */
    private void startDueSessions() {
        for (String host : queue.dueHosts(clock.instant())) {
            if (activeHosts.contains(host)) {
                continue;
            }
            if (activeHosts.size() >= concurrency) {
                return;
            }
            Optional<Integer> socket = pool.tryAcquire();
            if (socket.isEmpty()) {
                return;
            }
            activeHosts.add(host);
            HostDelivery delivery = new HostDelivery(host, socket.get(), queue, daemonSocket,
                    timeout, clock);
            sessions.execute(() -> runSession(host, socket.get(), delivery));
        }
    }

    private void runSession(String host, int socket, HostDelivery delivery) {
        try {
            delivery.run();
        } catch (RuntimeException e) {
            LOG.error("delivery to {} from socket {} failed", host, socket, e);
        } finally {
            synchronized (this) {
                activeHosts.remove(host);
                pool.release(socket);
                wake();
            }
        }
    }

    /** Waits for a wake-up or the earliest next attempt; the caller holds the lock. */
    private void sleepUntilNeeded() {
        Instant now = clock.instant();
        Duration sleep = queue.earliestNextAttempt()
                .map(next -> Duration.between(now, next))
                .filter(wait -> wait.compareTo(MAX_SLEEP) < 0)
                .orElse(MAX_SLEEP);
        try {
            if (!wakeRequested && sleep.toMillis() > 0) {
                wait(sleep.toMillis());
            } else if (!wakeRequested && !activeHosts.isEmpty()) {
                // Every due host already has a session: wait for one to end.
                wait(MAX_SLEEP.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
        wakeRequested = false;
    }

    /** Stops starting sessions and waits up to {@code timeout} for running ones to end. */
    @Override
    public void close() throws InterruptedException {
        synchronized (this) {
            stopping = true;
            notifyAll();
        }
        thread.join(timeout.toMillis());
        sessions.shutdown();
        if (!sessions.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            LOG.warn("delivery sessions still running after {}; abandoning them", timeout);
            sessions.shutdownNow();
        }
        LOG.info("delivery scheduler stopped");
    }
}
