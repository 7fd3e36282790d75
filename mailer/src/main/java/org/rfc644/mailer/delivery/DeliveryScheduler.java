package org.rfc644.mailer.delivery;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts deliveries: FTP sessions to the destination hosts, each on a socket of the pool, at most
 * {@code concurrency} at once. A host gets another session while it has more due messages that no
 * session took than it has sessions waiting for work, so that several sessions share the load of
 * a busy host. The scheduler wakes when a message is queued, when a session ends and when the
 * earliest retry falls due.
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
    private final Duration linger;
    private final Clock clock;
    private final ExecutorService sessions;
    private final Thread thread;
    private final Set<HostDelivery> running = new HashSet<>();
    private final Map<String, Integer> sessionsByHost = new HashMap<>();
    private boolean wakeRequested;
    private boolean stopping;

    /**
     * @param concurrency the most FTP sessions at once; the pool's size bounds it as well
     * @param daemonSocket the NCP daemon's local API socket
     * @param timeout the longest wait for the ICP, each reply and each data connection
     * @param linger how long a session waits for a new due message before it logs out; zero logs out at once
     */
    public DeliveryScheduler(DeliveryQueue queue, SocketPool pool, int concurrency,
                             Path daemonSocket, Duration timeout, Duration linger, Clock clock) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1: " + concurrency);
        }
        this.queue = queue;
        this.pool = pool;
        this.concurrency = concurrency;
        this.daemonSocket = daemonSocket;
        if (linger.isNegative()) {
            throw new IllegalArgumentException("session linger must not be negative: " + linger);
        }
        this.timeout = timeout;
        this.linger = linger;
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
        LOG.info("delivery scheduler started: ICP sockets {}, at most {} sessions at once,"
                + " session linger {}", pool.sockets(), Math.min(concurrency, pool.sockets().size()), linger);
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

    /**
     * Starts sessions for the hosts whose unclaimed due messages outnumber their idle sessions,
     * which are starting, lingering or between two messages. It goes round the hosts so that
     * every due host gets a session before any host gets a second, while sockets and slots last.
     */
    private void startDueSessions() {
        Map<String, Integer> toStart = new LinkedHashMap<>();
        queue.unclaimedDueMessages(clock.instant()).forEach((host, due) -> {
            int sessionsOfHost = sessionsByHost.getOrDefault(host, 0);
            int idle = Math.max(0, sessionsOfHost - queue.claimedMessages(host));
            if (due > idle) {
                toStart.put(host, due - idle);
            }
        });
        while (!toStart.isEmpty()) {
            for (String host : new ArrayList<>(toStart.keySet())) {
                if (!tryStartSession(host)) {
                    return;
                }
                toStart.computeIfPresent(host, (key, count) -> count > 1 ? count - 1 : null);
            }
        }
    }

    /** Starts a session for {@code host}, or returns false when no slot or socket is free. */
    private boolean tryStartSession(String host) {
        if (running.size() >= concurrency) {
            return false;
        }
        Optional<Integer> socket = pool.tryAcquire();
        if (socket.isEmpty()) {
            return false;
        }
        HostDelivery delivery = new HostDelivery(host, socket.get(), queue, daemonSocket,
                timeout, linger, clock);
        running.add(delivery);
        sessionsByHost.merge(host, 1, Integer::sum);
        sessions.execute(() -> runSession(host, socket.get(), delivery));
        return true;
    }

    private void runSession(String host, int socket, HostDelivery delivery) {
        try {
            delivery.run();
        } catch (RuntimeException e) {
            LOG.error("delivery to {} from socket {} failed", host, socket, e);
        } finally {
            synchronized (this) {
                running.remove(delivery);
                sessionsByHost.computeIfPresent(host, (key, count) -> count > 1 ? count - 1 : null);
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
            } else if (!wakeRequested && !running.isEmpty()) {
                // The due messages wait for running sessions or for a free slot: wait for a
                // message to be queued or a session to end.
                wait(MAX_SLEEP.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
        wakeRequested = false;
    }

    /**
     * Stops starting sessions, makes running ones log out after the message in progress, and
     * waits up to {@code timeout} for them to end.
     */
    @Override
    public void close() throws InterruptedException {
        synchronized (this) {
            stopping = true;
            running.forEach(HostDelivery::stop);
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
