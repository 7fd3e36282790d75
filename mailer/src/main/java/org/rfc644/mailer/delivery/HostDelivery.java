package org.rfc644.mailer.delivery;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
 * every due message for that host, MLFL first and MAIL when the server refuses MLFL.
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
    private final Clock clock;

    HostDelivery(String hostKey, int icpSocket, DeliveryQueue queue, Path daemonSocket,
                 Duration timeout, Clock clock) {
        this.hostKey = hostKey;
        this.icpSocket = icpSocket;
        this.queue = queue;
        this.daemonSocket = daemonSocket;
        this.timeout = timeout;
        this.clock = clock;
    }

    @Override
    public void run() {
        List<PendingDelivery> due = queue.dueFor(hostKey, clock.instant());
        if (due.isEmpty()) {
            return;
        }
        Progress progress = new Progress(due);
        try (NcpClient client = NcpClient.connect(daemonSocket)) {
            FtpMailSession session = FtpMailSession.open(client, icpSocket, hostKey, timeout);
            try {
                deliverAll(session, due, progress);
                session.quit();
            } finally {
                session.close();
            }
        } catch (NcpException e) {
            if (e.code() == NcpException.Code.PERMISSION_DENIED) {
                LOG.error("the NCP daemon's policy does not let the mailer's user bind socket {}"
                        + " or its U+2 to U+5: {}", icpSocket, e.getMessage());
            } else {
                LOG.warn("ICP to {} from socket {} failed: {} {}", hostKey, icpSocket, e.code(),
                        e.getMessage());
            }
            failRemaining(progress, e.getMessage(), e.code() == NcpException.Code.UNKNOWN_HOST);
        } catch (FtpRefusedException e) {
            // A server that does not take users now (such as 401) may take them later.
            failRemaining(progress, e.getMessage(), false);
        } catch (IOException | RuntimeException e) {
            LOG.warn("FTP session with {} from socket {} failed: {}", hostKey, icpSocket,
                    e.toString());
            failRemaining(progress, "FTP session failed: " + e.getMessage(), false);
        }
    }

    private void deliverAll(FtpMailSession session, List<PendingDelivery> due, Progress progress)
            throws IOException {
        for (PendingDelivery pending : due) {
            SpoolEntry entry = pending.entry();
            byte[] message = queue.spool().readMessage(entry.queueId());
            for (RecipientState recipient : pending.recipients()) {
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
                progress.done(entry, recipient);
                record(entry, address, outcome);
            }
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

    private void failRemaining(Progress progress, String error, boolean permanent) {
        for (PendingDelivery pending : progress.remaining()) {
            for (RecipientState recipient : pending.recipients()) {
                try {
                    if (permanent) {
                        queue.recordPermanentFailure(pending.entry().queueId(),
                                recipient.address(), error);
                    } else {
                        queue.recordTemporaryFailure(pending.entry().queueId(),
                                recipient.address(), error);
                    }
                } catch (IOException e) {
                    LOG.error("recording the failure for queue id {} recipient {} in the spool"
                            + " failed", pending.entry().queueId(), recipient.address(), e);
                }
            }
        }
    }

    /** The recipients of this session that have no outcome yet. */
    private static final class Progress {

        private final List<PendingDelivery> due;
        private final Set<String> done = new HashSet<>();

        Progress(List<PendingDelivery> due) {
            this.due = due;
        }

        void done(SpoolEntry entry, RecipientState recipient) {
            done.add(key(entry, recipient));
        }

        List<PendingDelivery> remaining() {
            return due.stream()
                    .map(p -> new PendingDelivery(p.entry(), p.recipients().stream()
                            .filter(r -> !done.contains(key(p.entry(), r)))
                            .toList()))
                    .filter(p -> !p.recipients().isEmpty())
                    .toList();
        }

        private static String key(SpoolEntry entry, RecipientState recipient) {
            return entry.queueId() + " " + recipient.address();
        }
    }
}
