package org.rfc644.ftpserver;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.rfc644.ftp.FtpCommand;
import org.rfc644.ftpserver.delivery.MailDelivery;
import org.rfc644.maildir.DuplicateLedger;
import org.rfc644.maildir.Maildir;
import org.rfc644.maildir.PasswdFile;
import org.rfc644.ncp.client.NcpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code ftp-server} command: receives mail on socket 3 and marks it by RFC 644's rule. */
@Command(name = "ftp-server", mixinStandardHelpOptions = true, versionProvider = FtpServerVersion.class, sortOptions = false,
        description = "Runs the RFC 454 FTP server of one emulated ARPANET host on socket 3, through the local"
                + " ncp-daemon. It receives mail with MAIL and MLFL, marks each message AUTHENTIC or NOT"
                + " AUTHENTICATED by the rule of RFC 644, and stores it in the recipient's Maildir.")
public final class FtpServerCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(FtpServerCommand.class);

    @Option(names = "--socket", paramLabel = "PATH", defaultValue = "/run/ncp/ncp.sock",
            description = "Unix socket of the ncp-daemon's local API (default: ${DEFAULT-VALUE}).")
    Path socket;

    @Option(names = "--mail-root", paramLabel = "DIR", defaultValue = "/var/mail",
            description = "Directory with one Maildir per user, DIR/USER (default: ${DEFAULT-VALUE}).")
    Path mailRoot;

    @Option(names = "--mail-sockets", paramLabel = "SOCKET[,SOCKET...]", split = ",", hideParamSyntax = true,
            defaultValue = "232",
            description = "Foreign ICP sockets reserved for authorized mail senders; mail from any other socket is"
                    + " NOT AUTHENTICATED (default: ${DEFAULT-VALUE}).")
    List<Long> mailSockets;

    @Option(names = "--unauthenticated", paramLabel = "POLICY", defaultValue = "accept-and-mark",
            converter = PolicyConverter.class,
            description = "What to do with mail that is NOT AUTHENTICATED: accept-and-mark stores it with the"
                    + " mark, reject refuses it with reply 451 and the reason (default: ${DEFAULT-VALUE}).")
    UnauthenticatedMailPolicy unauthenticated;

    @Option(names = "--duplicate-window", paramLabel = "SECONDS", defaultValue = "604800",
            description = "How long a Message-ID from the same host for the same recipient is stored only once,"
                    + " in seconds (default: ${DEFAULT-VALUE}, 7 days).")
    long duplicateWindowSeconds;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "The longest a whole command line or line of MAIL text may take to arrive before reply"
                    + " 430 and closing the session, in seconds (default: ${DEFAULT-VALUE}).")
    long idleSeconds;

    @Option(names = "--data-timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "How long to wait for data on an MLFL data connection before closing it with reply"
                    + " 452, in seconds (default: ${DEFAULT-VALUE}).")
    long dataSeconds;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "How long the ICP and the opening of a data connection may take, in seconds"
                    + " (default: ${DEFAULT-VALUE}).")
    long connectSeconds;

    @Option(names = "--max-command-line", paramLabel = "OCTETS", defaultValue = "" + FtpCommand.DEFAULT_MAX_LINE_LENGTH,
            description = "Maximum length of a command line without its CR LF; longer lines get reply 500"
                    + " (default: ${DEFAULT-VALUE}).")
    int maxCommandLine;

    @Option(names = "--max-message-size", paramLabel = "OCTETS", defaultValue = "10485760",
            description = "Maximum size of one message; larger ones get reply 507 and are not stored"
                    + " (default: ${DEFAULT-VALUE}, 10 MiB).")
    int maxMessageSize;

    @Option(names = "--max-sessions", paramLabel = "N", defaultValue = "64",
            description = "Maximum number of sessions at once; further ICPs are closed at once"
                    + " (default: ${DEFAULT-VALUE}).")
    int maxSessions;

    public static void main(String[] args) {
        CommandLine commandLine = new CommandLine(new FtpServerCommand());
        // An I/O failure (no daemon, socket 3 taken, mail root unwritable) gets one log line, not a stack trace.
        commandLine.setExecutionExceptionHandler((exception, failed, parseResult) -> {
            if (!(exception instanceof IOException)) {
                throw exception;
            }
            LOG.error("ftp-server failed: {}", exception.toString());
            return 1;
        });
        System.exit(commandLine.execute(args));
    }

    @Override
    public Integer call() throws Exception {
        ServerSettings settings = settings();
        try (DuplicateLedger ledger = DuplicateLedger.open(mailRoot, settings.duplicateWindow())) {
            String hostName = localHostName(settings.daemonSocket());
            MailDelivery delivery = new MailDelivery(new Maildir(mailRoot, hostName), PasswdFile.system(), ledger,
                    settings.unauthenticatedMail(), hostName);
            try (FtpServer server = new FtpServer(settings, delivery)) {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(server), "ftp-server-shutdown"));
                server.serve();
            }
        }
        return 0;
    }

    ServerSettings settings() {
        requirePositive("--max-command-line", maxCommandLine);
        requirePositive("--max-message-size", maxMessageSize);
        requirePositive("--max-sessions", maxSessions);
        Set<Long> sockets = new LinkedHashSet<>(mailSockets);
        for (long mailSocket : sockets) {
            if (mailSocket < 0 || mailSocket > 0xFFFF_FFFFL || mailSocket % 2 != 0) {
                throw new CommandLine.ParameterException(new CommandLine(this), "invalid --mail-sockets value "
                        + mailSocket + ": an ICP comes from an even socket from 0 to 4294967294");
            }
        }
        return new ServerSettings(socket, mailRoot, sockets, unauthenticated, Duration.ofSeconds(duplicateWindowSeconds),
                Duration.ofSeconds(idleSeconds), Duration.ofSeconds(dataSeconds), Duration.ofSeconds(connectSeconds),
                maxCommandLine, maxMessageSize, maxSessions);
    }

    private void requirePositive(String option, int value) {
        if (value < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "invalid " + option + " value " + value + ": expected a positive number");
        }
    }

    /** Returns this host's name from the daemon's host table, the authserv-id of the marks. */
    private static String localHostName(Path daemonSocket) throws IOException {
        try (NcpClient client = NcpClient.connect(daemonSocket)) {
            return client.localHost().name();
        }
    }

    private static void closeQuietly(FtpServer server) {
        try {
            server.close();
        } catch (IOException e) {
            LOG.warn("stopping the FTP server failed: {}", e.toString());
        }
    }

    /** Converts {@code accept-and-mark} and {@code reject}. */
    static final class PolicyConverter implements CommandLine.ITypeConverter<UnauthenticatedMailPolicy> {
        @Override
        public UnauthenticatedMailPolicy convert(String value) {
            return switch (value) {
                case "accept-and-mark" -> UnauthenticatedMailPolicy.ACCEPT_AND_MARK;
                case "reject" -> UnauthenticatedMailPolicy.REJECT;
                default -> throw new CommandLine.TypeConversionException(
                        "invalid policy '" + value + "': expected accept-and-mark or reject");
            };
        }
    }
}
