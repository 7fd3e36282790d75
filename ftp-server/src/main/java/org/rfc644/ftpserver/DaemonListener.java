package org.rfc644.ftpserver;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.rfc644.ftp.FtpMailSession;
import org.rfc644.ncp.client.NcpClient;
import org.rfc644.ncp.client.NcpConnection;
import org.rfc644.ncp.client.NcpListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session with the NCP daemon in which the server listens on socket 3. When the daemon closes
 * it, for example because the daemon restarted, {@link #reopen()} connects again with exponential
 * backoff.
 */
final class DaemonListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DaemonListener.class);

    /** RFC 165: the server sends S at byte size 32 on the well-known socket. */
    private static final int ICP_BYTE_SIZE = 32;

    /** Delay before the first reconnection attempt. Each failed attempt doubles it. */
    static final Duration FIRST_RETRY_DELAY = Duration.ofSeconds(1);

    /** Maximum delay between two reconnection attempts. */
    static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(30);

    private final Path daemonSocket;
    private NcpClient client;
    private NcpListener listener;
    private boolean closed;
    private String localHostName;

    private DaemonListener(Path daemonSocket) {
        this.daemonSocket = daemonSocket;
    }

    /**
     * Opens a session with the daemon at {@code daemonSocket} and listens on socket 3; the
     * daemon's policy decides whether this process's user may bind it.
     *
     * @throws IOException when the daemon cannot be reached or rejects the listen
     */
    static DaemonListener open(Path daemonSocket) throws IOException {
        DaemonListener daemonListener = new DaemonListener(daemonSocket);
        daemonListener.connect();
        return daemonListener;
    }

    private void connect() throws IOException {
        NcpClient opened = NcpClient.connect(daemonSocket);
        try {
            listener = opened.listen(FtpMailSession.FTP_SERVER_SOCKET, ICP_BYTE_SIZE);
        } catch (IOException e) {
            opened.close();
            throw e;
        }
        client = opened;
        if (localHostName == null) {
            localHostName = opened.localHost().name();
        }
    }

    /** Returns this host's name in the host table of the daemon, as the first session found it. */
    String localHostName() {
        return localHostName;
    }

    /** Waits up to {@code timeout} for an ICP to socket 3, as {@link NcpListener#accept} does. */
    NcpConnection accept(Duration timeout) throws IOException {
        NcpListener current;
        synchronized (this) {
            current = listener;
        }
        if (current == null) {
            throw new IOException("not listening on socket " + FtpMailSession.FTP_SERVER_SOCKET
                    + ": the session with the NCP daemon at " + daemonSocket + " is closed");
        }
        return current.accept(timeout);
    }

    /**
     * Drops the broken session and connects to the daemon again until it succeeds, waiting
     * {@link #FIRST_RETRY_DELAY}, then twice as long after each failed attempt up to
     * {@link #MAX_RETRY_DELAY}. Each attempt is logged.
     *
     * @return true when listening again, false when {@link #close()} ended the attempts
     */
    boolean reopen() throws InterruptedException {
        synchronized (this) {
            closeSession();
        }

        Duration delay = FIRST_RETRY_DELAY;
        for (int attempt = 1; ; attempt++) {
            LOG.info("reconnecting to the NCP daemon at {} in {} ms (attempt {})", daemonSocket, delay.toMillis(),
                    attempt);
            synchronized (this) {
                waitUnlessClosed(delay);
                if (closed) {
                    return false;
                }
                try {
                    connect();
                    LOG.info("listening on socket {} again through the NCP daemon at {} (attempt {})",
                            FtpMailSession.FTP_SERVER_SOCKET, daemonSocket, attempt);
                    return true;
                } catch (IOException e) {
                    LOG.warn("reconnecting to the NCP daemon at {} failed (attempt {}): {}", daemonSocket, attempt,
                            e.toString());
                }
            }
            Duration doubled = delay.multipliedBy(2);
            delay = doubled.compareTo(MAX_RETRY_DELAY) > 0 ? MAX_RETRY_DELAY : doubled;
        }
    }

    /** Waits {@code delay}, or less when {@link #close()} is called meanwhile. The caller owns the monitor. */
    private void waitUnlessClosed(Duration delay) throws InterruptedException {
        long deadline = System.nanoTime() + delay.toNanos();
        long remaining = delay.toMillis();
        while (!closed && remaining > 0) {
            wait(remaining);
            remaining = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
        }
    }

    /** Stops listening and closes the session with the daemon, which ends a running {@link #reopen()}. */
    @Override
    public synchronized void close() {
        closed = true;
        notifyAll();
        closeSession();
    }

    private void closeSession() {
        if (client == null) {
            return;
        }
        try {
            listener.close();
        } catch (IOException e) {
            LOG.debug("closing the listener on socket {} failed: {}", FtpMailSession.FTP_SERVER_SOCKET, e.toString());
        }
        try {
            client.close();
        } catch (IOException e) {
            LOG.debug("closing the session with the NCP daemon at {} failed: {}", daemonSocket, e.toString());
        }
        client = null;
        listener = null;
    }
}
