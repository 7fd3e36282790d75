package org.rfc644.mailer;

import java.io.IOException;
import java.io.PrintWriter;
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
import org.rfc644.mailer.spool.SpoolEntry;
import org.rfc644.mailer.spool.SpoolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The {@code mailer} command line: runs the mailer, or lists its queue. */
@Command(name = "mailer", mixinStandardHelpOptions = true, versionProvider = MailerVersion.class,
        sortOptions = false,
        description = {
            "The authorized mail sending process of RFC 644: takes messages from local users over"
                    + " the submission socket, after checking that each is signed by its sender,"
                    + " keeps them in a durable spool, and delivers them with RFC 454's MLFL or"
                    + " MAIL after an RFC 165 ICP from a reserved socket (232 by default) to"
                    + " socket 3 of each destination host."},
        exitCodeListHeading = "Exit status:%n",
        exitCodeList = {
            "0:the queue was listed (a running mailer stops at SIGTERM and exits with 143,"
                    + " as the JVM does on SIGTERM)",
            "1:the mailer could not start, or the queue could not be read; the message says"
                    + " what failed and on which path",
            "2:invalid command line"},
        subcommands = MailerCommand.Mailq.class)
public final class MailerCommand implements Callable<Integer> {

    /** Exit status when the mailer cannot start or the queue cannot be read. */
    static final int EXIT_FAILURE = 1;

    private static final String LOGBACK_CONFIGURATION = "logback.configurationFile";

    // Inherited, so that "mailer mailq --spool DIR" works as well as "mailer --spool DIR mailq".
    @Option(names = "--spool", paramLabel = "DIR", defaultValue = "/var/spool/mailer",
            scope = ScopeType.INHERIT,
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
            description = "Pool of ICP sockets U to deliver from, one FTP session on each at"
                    + " once (RFC 644 allows reserving a set of ICP \"from\" sockets for"
                    + " authenticated mail when one is too contended); each session also uses"
                    + " U+2, U+3 and U+5, so sockets must be even"
                    + " and 6 apart, such as 232,238,244 for three sessions. The daemon's policy"
                    + " must reserve U to U+5 of every pool socket for the mailer's user (232-249"
                    + " for that pool) and receivers must count each U as authorized"
                    + " (default: ${DEFAULT-VALUE}).")
    List<Integer> icpSockets;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "0",
            description = "Maximum number of FTP sessions at once, to all hosts together;"
                    + " a host with many due messages gets several. 0 means one per pool"
                    + " socket (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--session-linger", paramLabel = "DURATION", defaultValue = "5s",
            converter = DurationConverter.class,
            description = "How long an FTP session waits for a new message to its host after"
                    + " the last one before it logs out with BYE, so that mail queued soon after needs"
                    + " no new ICP; 0 logs out at once (default: ${DEFAULT-VALUE}).")
    Duration sessionLinger;

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

    @Spec
    CommandSpec spec;

    /** Runs the mailer with the log configuration of the mailer jar and exits with its status. */
    public static void main(String[] args) {
        // logback reads its configuration when the first logger is created, so this comes first.
        // The file is not called logback.xml, which every program with this jar would then find.
        if (System.getProperty(LOGBACK_CONFIGURATION) == null) {
            System.setProperty(LOGBACK_CONFIGURATION, "org/rfc644/mailer/logback-mailer.xml");
        }
        System.exit(commandLine().execute(args));
    }

    /** Returns the command line that {@link #main} executes, with its error handling. */
    static CommandLine commandLine() {
        return new CommandLine(new MailerCommand())
                .setExecutionExceptionHandler(MailerCommand::reportFailure);
    }

    /**
     * Logs a failure to start as one line, because the messages of the mailer's exceptions
     * state what failed, on which path, and what to do. The stack trace is logged at DEBUG only.
     */
    private static int reportFailure(Exception failure, CommandLine commandLine,
                                     CommandLine.ParseResult parseResult) {
        Logger log = LoggerFactory.getLogger(MailerCommand.class);
        if (failure instanceof IOException) {
            log.error("mailer failed: {}", failure.getMessage());
        } else {
            log.error("mailer failed with an internal error: {}", failure.toString());
        }
        log.debug("stack trace of the failure", failure);
        return EXIT_FAILURE;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (listQueue) {
            return printQueue(spool, spec.commandLine());
        }
        SocketPool pool = socketPool();
        RetrySchedule retrySchedule = retrySchedule();
        if (concurrency < 0) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option"
                    + " '--concurrency': " + concurrency + " is negative; give 0 for one FTP"
                    + " session per pool socket, or the maximum number of sessions");
        }
        if (timeout.isZero()) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option"
                    + " '--timeout': it must be longer than 0");
        }
        MailerSettings settings = new MailerSettings(spool, daemonSocket, submitSocket,
                pool.sockets(), retrySchedule,
                concurrency == 0 ? pool.sockets().size() : concurrency,
                timeout, sessionLinger, Optional.empty());
        Mailer mailer = Mailer.start(settings);

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                mailer.close();
            } catch (IOException | InterruptedException e) {
                LoggerFactory.getLogger(MailerCommand.class)
                        .error("stopping the mailer failed: {}", e.toString());
            } finally {
                stopped.countDown();
            }
        }, "mailer-shutdown"));
        stopped.await();
        return 0;
    }

    private SocketPool socketPool() {
        try {
            return new SocketPool(icpSockets);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option"
                    + " '--icp-sockets': " + e.getMessage(), e);
        }
    }

    private RetrySchedule retrySchedule() {
        try {
            return new RetrySchedule(retryBase, retryMax, maxAge);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option"
                    + " '--retry-base', '--retry-max' or '--max-age': " + e.getMessage(), e);
        }
    }

    /**
     * Prints the queue on the command line's standard output, or one line saying why it cannot
     * be read on its standard error.
     */
    static int printQueue(Path spoolDirectory, CommandLine commandLine) {
        List<SpoolEntry> entries;
        try {
            entries = Spool.openForListing(spoolDirectory).list();
        } catch (IOException e) {
            commandLine.getErr().println("mailer: cannot list the queue: "
                    + (e instanceof SpoolException ? e.getMessage() : FileErrors.describe(e)));
            return EXIT_FAILURE;
        }
        PrintWriter out = commandLine.getOut();
        QueueListing.print(entries, Instant.now(), out);
        out.flush();
        return 0;
    }

    /** {@code mailer mailq}: the queue listing, under the name that sendmail gave it. */
    @Command(name = "mailq", mixinStandardHelpOptions = true, versionProvider = MailerVersion.class,
            description = "List the queued messages: queue id, sender, age, Message-ID, and per"
                    + " recipient the attempts, next attempt and last error.")
    static final class Mailq implements Callable<Integer> {

        @ParentCommand
        MailerCommand parent;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return printQueue(parent.spool, spec.commandLine());
        }
    }
}
