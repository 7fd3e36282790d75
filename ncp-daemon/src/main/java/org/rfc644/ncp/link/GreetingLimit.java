package org.rfc644.ncp.link;

import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps the accepted connections that have not greeted yet, per source address and in total, so
 * that connections which never greet cannot take every file descriptor for the length of the
 * greeting timeout. Used on the interface's event loop only.
 *
 * <p>Rejections are logged counted: the first at once, then at most one line per
 * {@link #REPORT_INTERVAL} with the number rejected since the last line.
 */
final class GreetingLimit {

    /** Maximum number of connections from one IP address that may wait for their greeting at once. */
    static final int MAX_PER_ADDRESS = 4;

    /** Maximum number of connections, from all addresses, that may wait for their greeting at once. */
    static final int MAX_TOTAL = 64;

    private static final Duration REPORT_INTERVAL = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(GreetingLimit.class);

    private final Map<InetAddress, Integer> waitingBySource = new HashMap<>();
    private int waiting;
    private int rejectedSinceReport;
    private long lastReportNanos;
    private boolean reported;

    /**
     * Counts a new connection from {@code source} as waiting for its greeting. Returns false, and
     * counts nothing, when a cap is reached: the caller must then close the connection.
     */
    boolean admit(InetAddress source) {
        int fromSource = waitingBySource.getOrDefault(source, 0);
        if (fromSource >= MAX_PER_ADDRESS) {
            reject(source, fromSource + " connections from that address are waiting for their greeting (limit "
                    + MAX_PER_ADDRESS + ")");
            return false;
        }
        if (waiting >= MAX_TOTAL) {
            reject(source, waiting + " connections are waiting for their greeting (limit " + MAX_TOTAL + ")");
            return false;
        }

        waitingBySource.put(source, fromSource + 1);
        waiting++;
        return true;
    }

    /** Stops counting a connection from {@code source} that greeted, was rejected or closed. */
    void release(InetAddress source) {
        waitingBySource.computeIfPresent(source, (address, count) -> count > 1 ? count - 1 : null);
        waiting--;
    }

    private void reject(InetAddress source, String reason) {
        rejectedSinceReport++;
        long now = System.nanoTime();
        if (reported && now - lastReportNanos < REPORT_INTERVAL.toNanos()) {
            return;
        }

        log.warn("rejected connection from {}: {}; {} connections rejected over the greeting limits since the"
                + " previous such line, this one included", source.getHostAddress(), reason, rejectedSinceReport);
        rejectedSinceReport = 0;
        lastReportNanos = now;
        reported = true;
    }
}
