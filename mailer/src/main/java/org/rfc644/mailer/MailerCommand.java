package org.rfc644.mailer;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.rfc644.mailer.delivery.RetrySchedule;
import org.rfc644.mailer.delivery.SocketPool;
import org.rfc644.mailer.spool.Spool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** The {@code mailer} command line: runs the mailer, or lists its queue. */
@Command(name = "mailer", mixinStandardHelpOptions = true, version = "mailer 0.1.0",
        sortOptions = false,
        description = {
            "The authorized mail sending process of RFC 644: takes messages from local users over"
                    + " the submission socket, after checking that each is signed by its sender,"
                    + " keeps them in a durable spool, and delivers them with RFC 454's MLFL or"
                    + " MAIL after an RFC 165 ICP from a reserved socket (232 by default) to"
                    + " socket 3 of each destination host."},
        subcommands = MailerCommand.Mailq.class)
public final class MailerCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(MailerCommand.class);

    @Option(names = "--spool", paramLabel = "DIR", defaultValue = "/var/spool/mailer",
            description = "Spool directory, created with mode 0700 (default: ${DEFAULT-VALUE}).")
    Path spool;

    @Option(names = "--socket", paramLabel = "PATH",
            defaultValue = "/run/ncp/ncp.sock",
            description = "The NCP daemon's local API socket (default: ${DEFAULT-VALUE}).")
    Path daemonSocket;

    @Option(names = "--submit-socket", paramLabel = "PATH",
            defaultValue = "/run/mailer/submit.sock",
            description = "The submission socket that sndmsg connects to, created with mode 0666"
                    + " (default: ${DEFAULT-VALUE}).")
    Path submitSocket;

    @Option(names = "--icp-sockets", paramLabel = "U", split = ",", defaultValue = "232",
            description = "Pool of ICP sockets U to deliver from; each delivery also uses U+2,"
                    + " U+3 and U+5, so sockets must be even and 6 apart. The daemon's policy"
                    + " must reserve U to U+5 for the mailer's user and receivers must count U"
                    + " as authorized (default: ${DEFAULT-VALUE}).")
    List<Integer> icpSockets;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "0",
            description = "Maximum number of FTP sessions at once, each to another host;"
                    + " 0 means one per pool socket (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--retry-base", paramLabel = "DURATION", defaultValue = "1m",
            converter = DurationConverter.class,
            description = "Wait after the first temporary failure; it doubles after each"
                    + " further one (default: ${DEFAULT-VALUE}).")
    Duration retryBase;

    @Option(names = "--retry-max", paramLabel = "DURATION", defaultValue = "1h",
            converter = DurationConverter.class,
            description = "Maximum wait between attempts (default: ${DEFAULT-VALUE}).")
    Duration retryMax;

    @Option(names = "--max-age", paramLabel = "DURATION", defaultValue = "3d",
            converter = DurationConverter.class,
            description = "Age after which an undelivered message is returned to its sender"
                    + " with a failure notice (default: ${DEFAULT-VALUE}).")
    Duration maxAge;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s",
            converter = DurationConverter.class,
            description = "Maximum wait for an ICP, a server reply or a data connection"
                    + " (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--queue",
            description = "List the queued messages and exit, as the mailq subcommand does.")
    boolean listQueue;

    public static void main(String[] args) {
        System.exit(new CommandLine(new MailerCommand())
                .setExecutionExceptionHandler(MailerCommand::reportFailure)
                .execute(args));
    }

    private static int reportFailure(Exception failure, CommandLine commandLine,
                                     CommandLine.ParseResult parseResult) {
        LOG.error("mailer failed: {}", failure.getMessage(), failure);
        return 1;
    }

    @Override
    public Integer call() throws Exception {
        if (listQueue) {
            return printQueue(spool);
        }
        MailerSettings settings = new MailerSettings(spool, daemonSocket, submitSocket,
                icpSockets, new RetrySchedule(retryBase, retryMax, maxAge),
                concurrency == 0 ? new SocketPool(icpSockets).sockets().size() : concurrency,
                timeout, Optional.empty());
        Mailer mailer = Mailer.start(settings);

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                mailer.close();
            } catch (IOException | InterruptedException e) {
                LOG.error("stopping the mailer failed", e);
            } finally {
                stopped.countDown();
            }
        }, "mailer-shutdown"));
        stopped.await();
        return 0;
    }

    static int printQueue(Path spoolDirectory) throws IOException {
        QueueListing.print(Spool.open(spoolDirectory).list(), Instant.now(), System.out);
        return 0;
    }

    /** {@code mailer mailq}: the queue listing, under the name that sendmail gave it. */
    @Command(name = "mailq", mixinStandardHelpOptions = true, version = "mailer 0.1.0",
            description = "List the queued messages: queue id, sender, age, Message-ID, and per"
                    + " recipient the attempts, next attempt and last error.")
    static final class Mailq implements Callable<Integer> {

        @ParentCommand
        MailerCommand parent;

        @Override
        public Integer call() throws IOException {
            return printQueue(parent.spool);
        }
    }
}
