package org.rfc644.ftpserver.dialogue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.rfc644.ftpserver.FtpServer;
import org.rfc644.ftpserver.ServerSettings;
import org.rfc644.ftpserver.UnauthenticatedMailPolicy;
import org.rfc644.ftpserver.delivery.MailDelivery;
import org.rfc644.maildir.DuplicateLedger;
import org.rfc644.maildir.Maildir;
import org.rfc644.maildir.PasswdFile;
import org.rfc644.ncp.client.NcpClient;
import org.rfc644.ncp.connection.EngineConfig;
import org.rfc644.ncp.daemon.NcpDaemon;
import org.rfc644.ncp.hosts.HostTable;
import org.rfc644.ncp.policy.SocketPolicy;
import org.rfc644.ncp.policy.UserDatabase;

/**
 * Two real NCP daemons on loopback, HOST-A (127.0.0.1) and HOST-B (127.0.0.2), with the FTP server
 * of HOST-B storing mail under a temporary mail root.
 *
 * <p>The socket policy reserves socket 3 and the mail sockets 232 to 239 for the uid that runs the
 * test, as the default policy does for {@code ftp} and {@code mailer}; socket 1000, which no line
 * reserves, is the unprivileged socket of a forger. Granting the test's own uid (root in CI) keeps
 * the reservation check in the path without switching users inside one JVM.
 */
final class TwoHostNetwork implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(20);

    final Path directory;
    final Path mailRoot;
    final NcpDaemon hostA;
    NcpDaemon hostB;
    private final HostTable hosts;
    private final SocketPolicy policy;
    private final DuplicateLedger ledger;
    private FtpServer server;
    private Thread serverThread;

    TwoHostNetwork(Path directory) throws IOException {
        this.directory = directory;
        this.mailRoot = Files.createDirectories(directory.resolve("mail"));
        for (String user : List.of("alice", "bob")) {
            for (String subdirectory : List.of("tmp", "new", "cur")) {
                Files.createDirectories(mailRoot.resolve(user).resolve(subdirectory));
            }
        }

        Path hostsFile = directory.resolve("hosts");
        Files.writeString(hostsFile, "1 HOST-A 127.0.0.1:" + freePort("127.0.0.1") + "\n"
                + "2 HOST-B 127.0.0.2:" + freePort("127.0.0.2") + "\n"
                + "3 HOST-C 127.0.0.3:" + freePort("127.0.0.3") + "\n");
        Path policyFile = directory.resolve("policy");
        long uid = ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
        Files.writeString(policyFile, "3 " + uid + "\n232-239 " + uid + "\n");

        this.hosts = HostTable.load(hostsFile);
        this.policy = SocketPolicy.read(policyFile, UserDatabase.system());
        this.hostA = NcpDaemon.start(hosts, "HOST-A", directory.resolve("a.sock"), policy, EngineConfig.defaults());
        this.hostB = NcpDaemon.start(hosts, "HOST-B", directory.resolve("b.sock"), policy, EngineConfig.defaults());
        this.ledger = DuplicateLedger.open(mailRoot, Duration.ofHours(1));
    }

    /** Returns the default settings of the tests: mail socket 232, accept and mark, 1 MiB messages. */
    ServerSettings settings() {
        return new ServerSettings(hostB.socketPath(), mailRoot, Set.of(232L), UnauthenticatedMailPolicy.ACCEPT_AND_MARK,
                Duration.ofHours(1), Duration.ofSeconds(30), Duration.ofSeconds(30), TIMEOUT, 1000, 1 << 20, 8);
    }

    /** Starts HOST-B's FTP server on socket 3. */
    void startServer(ServerSettings settings) throws IOException {
        MailDelivery delivery = new MailDelivery(new Maildir(mailRoot, "HOST-B"), new PasswdFile(emptyPasswd()), ledger,
                settings.unauthenticatedMail(), "HOST-B");
        server = new FtpServer(settings, delivery);
        serverThread = new Thread(() -> {
            try {
                server.serve();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "test-ftp-server");
        serverThread.start();
    }

    void stopServer() throws Exception {
        if (server != null) {
            server.close();
            serverThread.join(TIMEOUT.toMillis());
            server = null;
        }
    }

    /** Stops HOST-B's daemon and starts a new one on the same Unix socket and address. */
    void restartHostB() throws IOException {
        hostB.close();
        hostB = NcpDaemon.start(hosts, "HOST-B", directory.resolve("b.sock"), policy, EngineConfig.defaults());
    }

    /** Opens a session with HOST-A's daemon, the sending side. */
    NcpClient clientOnHostA() throws IOException {
        return NcpClient.connect(hostA.socketPath());
    }

    /** Deletes the messages in new/ of alice and bob, so that a test sees only its own. */
    void emptyMailboxes() throws IOException {
        for (String user : List.of("alice", "bob")) {
            try (Stream<Path> files = Files.list(mailRoot.resolve(user).resolve("new"))) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    /** Returns the messages in new/ of {@code user}, oldest name first. */
    List<byte[]> storedFor(String user) throws IOException {
        try (Stream<Path> files = Files.list(mailRoot.resolve(user).resolve("new"))) {
            return files.sorted(Comparator.comparing(Path::toString)).map(TwoHostNetwork::read).toList();
        }
    }

    @Override
    public void close() throws Exception {
        stopServer();
        ledger.close();
        hostA.close();
        hostB.close();
    }

    private Path emptyPasswd() throws IOException {
        Path passwd = directory.resolve("passwd");
        if (!Files.exists(passwd)) {
            Files.createFile(passwd);
        }
        return passwd;
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int freePort(String address) throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(address))) {
            return socket.getLocalPort();
        }
    }
}
