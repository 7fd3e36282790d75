package org.rfc644.mailer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.rfc644.mailer.delivery.RetrySchedule;

/**
 * Settings of a mailer.
 *
 * @param spoolDirectory the queue on disk
 * @param daemonSocket the NCP daemon's local API socket
 * @param submitSocket the submission socket that sndmsg connects to
 * @param icpSockets the pool of reserved ICP sockets U
 * @param concurrency the most FTP sessions at once
 * @param timeout the longest wait for an ICP, a reply or a data connection
 * @param localHost this host's name, or empty to ask the NCP daemon
 */
public record MailerSettings(Path spoolDirectory, Path daemonSocket, Path submitSocket,
                             List<Integer> icpSockets, RetrySchedule retrySchedule,
                             int concurrency, Duration timeout, Optional<String> localHost) {

    public MailerSettings {
        icpSockets = List.copyOf(icpSockets);
    }
}
