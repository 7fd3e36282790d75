package org.rfc644.ftpserver;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.rfc644.ftp.FtpMailSession;
import org.rfc644.ftpserver.decision.AuthenticationRule;
import org.rfc644.ftpserver.delivery.MailDelivery;
import org.rfc644.ftpserver.session.FtpSession;
import org.rfc644.ncp.client.NcpClient;
import org.rfc644.ncp.client.NcpConnection;
import org.rfc644.ncp.client.NcpException;
import org.rfc644.ncp.icp.Icp;
import org.rfc644.ncp.icp.IcpConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server-FTP process: listens on socket 3 through the local NCP daemon (RFC 454 section V.A)
 * and runs one {@link FtpSession} per ICP on its own thread.
 *
 * <p>Each session opens its own session with the daemon, in which the ICP's sockets S and S+1 and
 * MLFL's data sockets are bound, so that closing it releases them all whatever way the session ends.
 */
public final class FtpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FtpServer.class);

    /** How often the accept loop looks whether the server was closed. */
    private static final Duration ACCEPT_POLL = Duration.ofSeconds(1);

    private final ServerSettings settings;
    private final MailDelivery delivery;
    private final DaemonListener listener;
    private final ExecutorService sessions;
    private final Semaphore sessionSlots;
    private final ScheduledExecutorService lineDeadlines;
    private final AtomicInteger sessionNumbers = new AtomicInteger();
    private volatile boolean closed;

    /**
     * Opens a session with the daemon and listens on socket 3; the daemon's policy decides whether
     * this process's user may bind it.
     *
     * @throws IOException when the daemon cannot be reached or rejects the listen
     */
    public FtpServer(ServerSettings settings, MailDelivery delivery) throws IOException {
        this.settings = settings;
        this.delivery = delivery;
        this.listener = DaemonListener.open(settings.daemonSocket());
        this.sessions = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "ftp-session-" + sessionNumbers.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.sessionSlots = new Semaphore(settings.maxSessions());
        this.lineDeadlines = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "ftp-line-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        LOG.info("FTP server of {} listening on socket {} (daemon {}, mail root {}, mail sockets {}, unauthenticated"
                        + " mail: {})", localHostName(), FtpMailSession.FTP_SERVER_SOCKET, settings.daemonSocket(),
                settings.mailRoot(), settings.authorizedMailSockets(), settings.unauthenticatedMail());
    }

    /** Returns this host's name in the host table, the authserv-id of the marks. */
    public String localHostName() {
        return listener.localHostName();
    }

    /**
     * Accepts ICPs until {@link #close()}; each runs on its own thread. When the session with the
     * daemon fails, for example because the daemon stopped, the server connects again with backoff.
     *
     * @throws InterruptedException when the thread is interrupted while waiting to reconnect
     */
    public void serve() throws InterruptedException {
        while (!closed) {
            NcpConnection accepted;
            try {
                accepted = listener.accept(ACCEPT_POLL);
            } catch (IOException e) {
                if (e instanceof NcpException timeout && timeout.code() == NcpException.Code.TIMEOUT) {
                    continue;
                }
                if (reconnectAfter(e)) {
                    continue;
                }
                return;
            }

            if (!sessionSlots.tryAcquire()) {
                LOG.warn("refused ICP from {} socket {}: {} sessions already running", accepted.foreignHostName(),
                        Integer.toUnsignedLong(accepted.foreignSocket()), settings.maxSessions());
                closeQuietly(accepted);
                continue;
            }
            sessions.execute(() -> {
                try {
                    runSession(accepted);
                } finally {
                    sessionSlots.release();
                }
            });
        }
    }

    /** Logs the failure of the listening session and reconnects; returns false when the server is closed. */
    private boolean reconnectAfter(IOException failure) throws InterruptedException {
        if (closed) {
            return false;
        }
        LOG.warn("listening on socket {} through the NCP daemon at {} failed: {}; sessions running go on",
                FtpMailSession.FTP_SERVER_SOCKET, settings.daemonSocket(), failure.toString());
        return listener.reopen();
    }

    /** Performs the server side of the ICP in a new daemon session and runs the FTP dialogue. */
    private void runSession(NcpConnection accepted) {
        String peer = accepted.foreignHostName() + " socket " + Integer.toUnsignedLong(accepted.foreignSocket());
        NcpClient client;
        try {
            client = NcpClient.connect(settings.daemonSocket());
        } catch (IOException e) {
            LOG.error("ICP from {} refused: opening a session with the NCP daemon failed: {}", peer, e.toString());
            closeQuietly(accepted);
            return;
        }

        try {
            IcpConnection icp = Icp.serve(client, accepted, settings.connectTimeout());
            try {
                AuthenticationRule rule = new AuthenticationRule(settings.authorizedMailSockets(), client.hosts());
                new FtpSession(icp, client, settings, delivery, rule, localHostName(), lineDeadlines).run();
            } finally {
                closeQuietly(icp, peer);
            }
        } catch (IOException e) {
            LOG.warn("session from {} failed: {}", peer, e.toString());
        } catch (RuntimeException e) {
            LOG.error("session from {} failed", peer, e);
        } finally {
            closeQuietly(accepted);
            closeQuietly(client, peer);
        }
    }

    /** Stops accepting; running sessions end when their daemon sessions close. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        // Running sessions go on to their end; their threads do not keep the process alive.
        sessions.shutdown();
        lineDeadlines.shutdown();
        listener.close();
        LOG.info("FTP server of {} stopped", localHostName());
    }

    private static void closeQuietly(AutoCloseable closeable, String peer) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.warn("closing the connections of the session from {} failed: {}", peer, e.toString());
        }
    }

    private static void closeQuietly(NcpConnection connection) {
        try {
            connection.close();
        } catch (IOException e) {
            LOG.debug("closing {} failed: {}", connection, e.toString());
        }
    }
}
