package org.rfc644.ftpserver.session;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.rfc644.ftp.LineReader;

/**
 * Reads lines that must each arrive within the idle timeout. The read timeout of the connection
 * restarts with every octet, so a peer that sends one octet at a time could hold a session
 * forever. This deadline covers the whole line instead. When it passes, {@code onExpiry} runs on
 * its own thread and closes the TELNET connection, which ends the blocked read, and the read
 * throws {@link SocketTimeoutException}.
 */
final class LineDeadline implements LineSource {

    private final LineReader lines;
    private final ScheduledExecutorService timer;
    private final Duration limit;
    private final Runnable onExpiry;
    private volatile boolean expired;

    LineDeadline(LineReader lines, ScheduledExecutorService timer, Duration limit, Runnable onExpiry) {
        this.lines = lines;
        this.timer = timer;
        this.limit = limit;
        this.onExpiry = onExpiry;
    }

    @Override
    public byte[] readLine(int maxLength) throws IOException {
        ScheduledFuture<?> deadline = timer.schedule(this::expire, limit.toMillis(), TimeUnit.MILLISECONDS);
        byte[] line;
        try {
            line = lines.readLine(maxLength);
        } catch (IOException e) {
            throw expired ? timedOut() : e;
        } finally {
            deadline.cancel(false);
        }
        if (expired) {
            throw timedOut();
        }
        return line;
    }

    private void expire() {
        expired = true;
        Thread closer = new Thread(onExpiry, "line-deadline");
        closer.setDaemon(true);
        closer.start();
    }

    private SocketTimeoutException timedOut() {
        return new SocketTimeoutException("no complete line within " + limit.toSeconds() + " s");
    }
}
