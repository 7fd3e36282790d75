package org.rfc644.ncp.daemon;

import ch.qos.logback.classic.Level;
import io.netty.channel.epoll.Epoll;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.rfc644.ncp.connection.EngineConfig;
import org.rfc644.ncp.hosts.HostTable;
import org.rfc644.ncp.policy.Limits;
import org.rfc644.ncp.policy.SocketPolicy;
import org.rfc644.ncp.policy.UserDatabase;
import org.rfc644.ncp.tool.ToolVersion;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code ncp-daemon} command: runs one host's NCP until it is stopped. */
@Command(name = "ncp-daemon", mixinStandardHelpOptions = true, versionProvider = ToolVersion.class,
        sortOptions = false,
        description = "Runs the NCP of one emulated ARPANET host: the Host/Host protocol of"
                + " NIC 8246 with the other hosts over TCP, and the local API for programs.")
public final class NcpDaemonCommand implements Callable<Integer> {

    @Option(names = "--host", required = true, paramLabel = "NAME",
            description = "This host's name (or number) in the host table.")
    String host;

    @Option(names = "--hosts", required = true, paramLabel = "FILE",
            description = "Host table: lines NUMBER NAME ADDRESS:PORT, shared by the network.")
    Path hostsFile;

    @Option(names = "--socket", paramLabel = "PATH", defaultValue = "/run/ncp/ncp.sock",
            description = "Unix socket of the local API (default: ${DEFAULT-VALUE}).")
    Path socket;

    @Option(names = "--policy", paramLabel = "FILE",
            description = "Socket policy: lines SOCKET[-SOCKET] USER[,USER...]. Default: socket 3"
                    + " for ftp, sockets 232-239 for mailer.")
    Path policyFile;

    @Option(names = "--trace",
            description = "Log one line per control command sent or received.")
    boolean trace;

    @Option(names = "--hold-time", paramLabel = "SECONDS", defaultValue = "30",
            description = "How long a request for connection to a socket nobody listens on is"
                    + " held before it is refused (default: ${DEFAULT-VALUE}).")
    long holdSeconds;

    @Option(names = "--close-timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "How long to wait for the foreign CLS, or for the reply to a request"
                    + " for connection, before giving up (default: ${DEFAULT-VALUE}).")
    long closeSeconds;

    @Option(names = "--allocation-messages", paramLabel = "N", defaultValue = "8",
            description = "Messages a receive connection buffers and allocates (ALL) to the"
                    + " sender (default: ${DEFAULT-VALUE}).")
    int allocationMessages;

    @Option(names = "--allocation-bits", paramLabel = "N", defaultValue = "65536",
            description = "Bits a receive connection buffers and allocates (ALL) to the sender"
                    + " (default: ${DEFAULT-VALUE}).")
    long allocationBits;

    @Option(names = "--max-connections-per-uid", paramLabel = "N", defaultValue = "64",
            description = "Connections and listeners the sessions of one uid may hold"
                    + " (default: ${DEFAULT-VALUE}).")
    int connectionsPerUid;

    @Option(names = "--max-connections-per-host", paramLabel = "N", defaultValue = "128",
            description = "Connections and pending requests with one foreign host"
                    + " (default: ${DEFAULT-VALUE}).")
    int connectionsPerHost;

    @Option(names = "--max-pending-per-socket", paramLabel = "N", defaultValue = "16",
            description = "Requests for connection held or queued for one socket"
                    + " (default: ${DEFAULT-VALUE}).")
    int pendingPerSocket;

    @Option(names = "--max-pending", paramLabel = "N", defaultValue = "256",
            description = "Requests for connection held or queued in total"
                    + " (default: ${DEFAULT-VALUE}).")
    int pendingTotal;

    @Option(names = "--max-sessions-per-uid", paramLabel = "N", defaultValue = "32",
            description = "Local API sessions one uid may have open (default: ${DEFAULT-VALUE}).")
    int sessionsPerUid;

    @Option(names = "--max-waiting-requests", paramLabel = "N", defaultValue = "64",
            description = "PING, OPEN and ACCEPT requests of one session that may wait at once"
                    + " (default: ${DEFAULT-VALUE}).")
    int waitingRequests;

    @Option(names = "--max-sockets-per-session", paramLabel = "N", defaultValue = "1024",
            description = "Local sockets one session may have bound at once"
                    + " (default: ${DEFAULT-VALUE}).")
    int socketsPerSession;

    /**
     * The thread that configures logback and loads Netty while picocli parses the command line,
     * or null when the command runs without {@link #main}.
     */
    private Thread initializer;

    public static void main(String[] args) {
        // Picocli, logback and Netty took about 0.25, 0.15 and 0.1 s of a 0.6 s start on 2 busy
        // cores, mostly loading and initializing classes. The last two run on a second thread
        // while picocli parses the command line.
        NcpDaemonCommand command = new NcpDaemonCommand();
        command.initializer = new Thread(NcpDaemonCommand::initializeLoggingAndNetty, "ncp-daemon-init");
        command.initializer.setDaemon(true);
        command.initializer.start();

        System.exit(new CommandLine(command).execute(args));
    }

    /** Configures logback and loads Netty's epoll transport with its native library. */
    private static void initializeLoggingAndNetty() {
        LoggerFactory.getILoggerFactory();
        Epoll.isAvailable();
    }

    @Override
    public Integer call() throws Exception {
        // SLF4J hands out substitute loggers while logback is being configured, and the cast to
        // logback's Logger below needs the real one.
        if (initializer != null) {
            initializer.join();
        }

        if (trace) {
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.rfc644.ncp.trace"))
                    .setLevel(Level.INFO);
        }
        HostTable hosts = HostTable.load(hostsFile);
        UserDatabase users = UserDatabase.system();
        SocketPolicy policy = policyFile == null
                ? SocketPolicy.defaults(users) : SocketPolicy.read(policyFile, users);
        Limits limits = new Limits(connectionsPerUid, connectionsPerHost, pendingPerSocket,
                pendingTotal, sessionsPerUid, waitingRequests, socketsPerSession);
        EngineConfig config = new EngineConfig(Duration.ofSeconds(holdSeconds),
                Duration.ofSeconds(closeSeconds), EngineConfig.DEFAULT_RESET_TIMEOUT,
                allocationMessages, allocationBits, EngineConfig.DEFAULT_SEND_BACKLOG_OCTETS,
                limits);

        NcpDaemon daemon = NcpDaemon.start(hosts, host, socket, policy, config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            daemon.close();
            stopped.countDown();
        }, "ncp-daemon-shutdown"));
        stopped.await();
        return 0;
    }
}
