package org.rfc644.mailer.delivery;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.rfc644.ftp.DeliveryOutcome;
import org.rfc644.ftp.FtpMailSession;
import org.rfc644.ftp.FtpRefusedException;
import org.rfc644.mailer.EnvelopeAddress;
import org.rfc644.mailer.spool.RecipientState;
import org.rfc644.mailer.spool.SpoolEntry;
import org.rfc644.ncp.client.NcpClient;
import org.rfc644.ncp.client.NcpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One FTP session with one host: RFC 165's ICP from a pool socket U to the host's socket 3, then
 * the host's due messages one at a time, oldest first, MLFL first and MAIL when the server refuses
 * MLFL. Several sessions may run for one host, so each claims a message in the queue before
 * delivering it. When no message is due, the session lingers up to the linger time for a new
 * one before it logs out with BYE, so that a message queued soon after does not need a new ICP.
 *
 * <p>Each session opens its own session with the NCP daemon and closes it at the end, which
 * releases every socket it bound even when the delivery fails half-way.
 */
final class HostDelivery implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(HostDelivery.class);

    /**
     * Set to true (a JVM system property) only by the crash-recovery test: the mailer then halts
     * right after the first success reply, before the spool records it, as a crash would.
     */
    static final String HALT_AFTER_SUCCESS_REPLY = "org.rfc644.mailer.haltAfterSuccessReply";

    private final String hostKey;
    private final int icpSocket;
    private final DeliveryQueue queue;
    private final Path daemonSocket;
    private final Duration timeout;
    private final Duration linger;
    private final Clock clock;
    private volatile boolean stopRequested;
    /** Messages whose every recipient got an outcome in this session. */
    private int messages;

    /**
     * @param linger how long to wait for a new due message before logging out; zero logs out at once
     */
    HostDelivery(String hostKey, int icpSocket, DeliveryQueue queue, Path daemonSocket,
                 Duration timeout, Duration linger, Clock clock) {
        this.hostKey = hostKey;
        this.icpSocket = icpSocket;
        this.queue = queue;
        this.daemonSocket = daemonSocket;
        this.timeout = timeout;
        this.linger = linger;
        this.clock = clock;
    }

    /**
     * Makes the session log out after the message in progress instead of taking or
     * waiting for another.
     */
    void stop() {
        stopRequested = true;
        queue.wakeWaiters();
    }

    @Override
    public void run() {
        // Another session may have taken the messages since this one was started: no ICP then.
        if (!queue.hasUnclaimedDue(hostKey, clock.instant())) {
            return;
        }
        boolean opened = false;
        try (NcpClient client = NcpClient.connect(daemonSocket)) {
            FtpMailSession session = FtpMailSession.open(client, icpSocket, hostKey, timeout);
            opened = true;
            LOG.info("FTP session with {} from socket {} opened", hostKey, icpSocket);
            try {
                String end = deliverWhileDue(session);
                session.quit();
                LOG.info("FTP session with {} from socket {} logged out after {} messages: {}",
                        hostKey, icpSocket, messages, end);
            } finally {
                session.close();
            }
        } catch (IOException e) {
            if (opened) {
                LOG.warn("FTP session with {} from socket {} failed after {} messages: {}",
                        hostKey, icpSocket, messages, e.toString());
            } else {
                failDueMessages(e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("FTP session with {} from socket {} interrupted after {} messages", hostKey,
                    icpSocket, messages);
        }
    }

    /**
     * Delivers one claimed message after the other, lingering for more when none is due.
     *
     * @return why no further message is taken, for the log
     */
    private String deliverWhileDue(FtpMailSession session) throws IOException,
            InterruptedException {
        // Another session may have taken the due messages during the ICP: linger for new ones.
        Optional<PendingDelivery> next = queue.awaitNext(hostKey, linger, () -> stopRequested);
        while (next.isPresent()) {
            deliverClaimed(session, next.get());
            next = queue.awaitNext(hostKey, linger, () -> stopRequested);
        }
        if (stopRequested) {
            return "the mailer is stopping";
        }
        return linger.isZero() ? "no message due"
                : "no message due for the session linger time of " + linger;
    }

    /**
     * Delivers one claimed message. When the session fails half-way, the recipients without an
     * outcome get a temporary failure, which also releases their claims.
     */
    private void deliverClaimed(FtpMailSession session, PendingDelivery pending)
            throws IOException {
        SpoolEntry entry = pending.entry();
        List<RecipientState> remaining = new ArrayList<>(pending.recipients());
        try {
            byte[] message = queue.spool().readMessage(entry.queueId());
            while (!remaining.isEmpty()) {
                deliverTo(session, entry, remaining.get(0), message);
                remaining.remove(0);
            }
            messages++;
        } catch (IOException e) {
            fail(new PendingDelivery(entry, remaining), "FTP session failed: " + e.getMessage(),
                    false);
            throw e;
        } finally {
            // A RuntimeException left claims behind: release them so that a later session retries.
            queue.release(new PendingDelivery(entry, remaining));
        }
    }

    private void deliverTo(FtpMailSession session, SpoolEntry entry, RecipientState recipient,
                           byte[] message) throws IOException {
        EnvelopeAddress address = recipient.address();
        LOG.info("delivery attempt {}: queue id {}, Message-ID {}, sender {}, recipient {},"
                        + " host {}, from socket {}", recipient.attempts() + 1,
                entry.queueId(), entry.messageId(),
                entry.sender().map(EnvelopeAddress::toString).orElse("<>"), address,
                hostKey, icpSocket);

        // NOTE: when this call throws, the server may have stored the message without
        // its reply arriving; the retry then relies on the receiver's duplicate check.
        DeliveryOutcome outcome = session.deliver(address.user(), message);
        if (outcome.isDelivered() && Boolean.getBoolean(HALT_AFTER_SUCCESS_REPLY)) {
            Runtime.getRuntime().halt(137);
        }
        record(entry, address, outcome);
    }

    /**
     * Records the failure of the ICP or of the greeting for every message due for the host that
     * no other session has taken. An unknown host fails them for good, and any other failure is
     * retried by the retry schedule.
     */
    private void failDueMessages(IOException failure) {
        boolean permanent = false;
        String error = failure.getMessage();
        if (failure instanceof NcpException e && e.code() == NcpException.Code.PERMISSION_DENIED) {
            LOG.error("the NCP daemon's policy does not let the mailer's user bind socket {}"
                    + " or its U+2 to U+5: {}", icpSocket, e.getMessage());
        } else if (failure instanceof NcpException e) {
            LOG.warn("ICP to {} from socket {} failed: {} {}", hostKey, icpSocket, e.code(),
                    e.getMessage());
            permanent = e.code() == NcpException.Code.UNKNOWN_HOST;
        } else if (failure instanceof FtpRefusedException) {
            // A server that does not take users now (such as 401) may take them later.
            LOG.warn("FTP server of {} refused the session from socket {}: {}", hostKey,
                    icpSocket, failure.getMessage());
        } else {
            LOG.warn("FTP session with {} from socket {} failed: {}", hostKey, icpSocket,
                    failure.toString());
            error = "FTP session failed: " + failure.getMessage();
        }
        for (PendingDelivery pending : queue.claimAllDue(hostKey, clock.instant())) {
            fail(pending, error, permanent);
        }
    }

    private void record(SpoolEntry entry, EnvelopeAddress address, DeliveryOutcome outcome) {
        String reply = outcome.command() + ": " + outcome.reply();
        try {
            switch (outcome.status()) {
                case DELIVERED -> queue.recordDelivered(entry.queueId(), address, reply);
                case TEMPORARY_FAILURE -> queue.recordTemporaryFailure(entry.queueId(), address,
                        reply);
                case PERMANENT_FAILURE -> queue.recordPermanentFailure(entry.queueId(), address,
                        reply);
            }
        } catch (IOException e) {
            LOG.error("recording the outcome for queue id {} recipient {} in the spool failed;"
                    + " the recipient stays queued: {}", entry.queueId(), address, reply, e);
        }
    }

    private void fail(PendingDelivery pending, String error, boolean permanent) {
        for (RecipientState recipient : pending.recipients()) {
            try {
                if (permanent) {
                    queue.recordPermanentFailure(pending.entry().queueId(), recipient.address(),
                            error);
                } else {
                    queue.recordTemporaryFailure(pending.entry().queueId(), recipient.address(),
                            error);
                }
            } catch (IOException e) {
                LOG.error("recording the failure for queue id {} recipient {} in the spool"
                        + " failed", pending.entry().queueId(), recipient.address(), e);
            }
        }
    }
}
