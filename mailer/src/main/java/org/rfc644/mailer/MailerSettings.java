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
 * @param concurrency the maximum number of FTP sessions at once, to all hosts together
 * @param timeout the longest wait for an ICP, a reply or a data connection
 * @param sessionLinger how long an FTP session waits for a new due message before it logs out
 * @param localHost this host's name, or empty to ask the NCP daemon
 */
public record MailerSettings(Path spoolDirectory, Path daemonSocket, Path submitSocket,
                             List<Integer> icpSockets, RetrySchedule retrySchedule,
                             int concurrency, Duration timeout, Duration sessionLinger,
                             Optional<String> localHost) {

    /** The session linger of {@code mailer} when --session-linger is not given. */
    public static final Duration DEFAULT_SESSION_LINGER = Duration.ofSeconds(5);

    public MailerSettings {
        icpSockets = List.copyOf(icpSockets);
    }

    /** Settings with the default session linger. */
    public MailerSettings(Path spoolDirectory, Path daemonSocket, Path submitSocket,
                          List<Integer> icpSockets, RetrySchedule retrySchedule, int concurrency,
                          Duration timeout, Optional<String> localHost) {
        this(spoolDirectory, daemonSocket, submitSocket, icpSockets, retrySchedule, concurrency,
                timeout, DEFAULT_SESSION_LINGER, localHost);
    }
}
