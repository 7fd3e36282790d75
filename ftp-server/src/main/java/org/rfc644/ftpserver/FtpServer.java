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
import org.rfc644.ncp.client.NcpListener;
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

    /** RFC 165: the server sends S at byte size 32 on the well-known socket. */
    private static final int ICP_BYTE_SIZE = 32;

    /** How often the accept loop looks whether the server was closed. */
    private static final Duration ACCEPT_POLL = Duration.ofSeconds(1);

    private final ServerSettings settings;
    private final MailDelivery delivery;
    private final NcpClient listenerClient;
    private final NcpListener listener;
    private final ExecutorService sessions;
    private final Semaphore sessionSlots;
    private final ScheduledExecutorService lineDeadlines;
    private final AtomicInteger sessionNumbers = new AtomicInteger();
    private volatile boolean closed;

    /**
     * Opens a session with the daemon and listens on socket 3; the daemon's policy decides whether
     * this process's user may bind it.
     */
    public FtpServer(ServerSettings settings, MailDelivery delivery) throws IOException {
        this.settings = settings;
        this.delivery = delivery;
        this.listenerClient = NcpClient.connect(settings.daemonSocket());
        try {
            this.listener = listenerClient.listen(FtpMailSession.FTP_SERVER_SOCKET, ICP_BYTE_SIZE);
        } catch (IOException e) {
            listenerClient.close();
            throw e;
        }
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
        return listenerClient.localHost().name();
    }

    /** Accepts ICPs until {@link #close()}; each runs on its own thread. */
    public void serve() throws IOException {
        while (!closed) {
            NcpConnection accepted;
            try {
                accepted = listener.accept(ACCEPT_POLL);
            } catch (NcpException e) {
                if (e.code() == NcpException.Code.TIMEOUT) {
                    continue;
                }
                if (closed) {
                    return;
                }
                throw e;
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
        try {
            listener.close();
        } finally {
            listenerClient.close();
        }
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
