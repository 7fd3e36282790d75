package org.rfc644.mailer.delivery;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
import org.rfc644.ncp.connection.EngineConfig;
import org.rfc644.ncp.daemon.NcpDaemon;
import org.rfc644.ncp.hosts.HostTable;
import org.rfc644.ncp.policy.SocketPolicy;
import org.rfc644.ncp.policy.UserDatabase;

/**
 * Two real NCP daemons in the test's JVM, HOST-A (127.0.0.1) where the mailer runs and HOST-B
 * (127.0.0.2), and HOST-B's FTP server storing mail for {@code bob} under a temporary mail root.
 *
 * <p>The socket policy grants socket 3 and the mail sockets 232 to 249 to the uid that runs the
 * test, as the default policy does for {@code ftp} and {@code mailer}, so that one uid can run
 * both sides and the reservation check stays in the path. HOST-B holds a request for connection
 * to a socket without a listener for 1 s instead of 30 s, so that an ICP to HOST-B before its
 * FTP server starts fails within the test's time.
 */
final class LoopbackHosts implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(20);

    final Path mailRoot;
    final NcpDaemon hostA;
    final NcpDaemon hostB;
    private final Path directory;
    private final DuplicateLedger ledger;
    private FtpServer server;
    private Thread serverThread;

    LoopbackHosts(Path directory) throws IOException {
        this.directory = directory;
        this.mailRoot = Files.createDirectories(directory.resolve("mail"));
        for (String subdirectory : List.of("tmp", "new", "cur")) {
            Files.createDirectories(mailRoot.resolve("bob").resolve(subdirectory));
        }

        Path hostsFile = directory.resolve("hosts");
        Files.writeString(hostsFile, "1 HOST-A 127.0.0.1:" + freePort("127.0.0.1") + "\n"
                + "2 HOST-B 127.0.0.2:" + freePort("127.0.0.2") + "\n");
        Path policyFile = directory.resolve("policy");
        long uid = ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
        Files.writeString(policyFile, "3 " + uid + "\n232-249 " + uid + "\n");

        HostTable hosts = HostTable.load(hostsFile);
        SocketPolicy policy = SocketPolicy.read(policyFile, UserDatabase.system());
        this.hostA = NcpDaemon.start(hosts, "HOST-A", directory.resolve("a.sock"), policy,
                EngineConfig.defaults());
        EngineConfig defaults = EngineConfig.defaults();
        EngineConfig shortHold = new EngineConfig(Duration.ofSeconds(1), defaults.closeTimeout(),
                defaults.resetTimeout(), defaults.allocationMessages(), defaults.allocationBits(),
                defaults.sendBacklogOctets(), defaults.limits());
        this.hostB = NcpDaemon.start(hosts, "HOST-B", directory.resolve("b.sock"), policy,
                shortHold);
        this.ledger = DuplicateLedger.open(mailRoot, Duration.ofHours(1));
    }

    /** Starts HOST-B's FTP server on socket 3, counting mail from 232, 238 and 244 as authentic. */
    void startServer() throws IOException {
        ServerSettings settings = new ServerSettings(hostB.socketPath(), mailRoot,
                Set.of(232L, 238L, 244L), UnauthenticatedMailPolicy.ACCEPT_AND_MARK,
                Duration.ofHours(1), Duration.ofSeconds(30), Duration.ofSeconds(30), TIMEOUT, 1000,
                1 << 20, 8);
        MailDelivery delivery = new MailDelivery(new Maildir(mailRoot, "HOST-B"),
                new PasswdFile(emptyPasswd()), ledger, settings.unauthenticatedMail(), "HOST-B");
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

    /** Returns the messages in bob's new/ on HOST-B. */
    List<byte[]> storedForBob() throws IOException {
        List<byte[]> messages = new ArrayList<>();
        try (Stream<Path> files = Files.list(mailRoot.resolve("bob").resolve("new"))) {
            for (Path file : (Iterable<Path>) files::iterator) {
                messages.add(Files.readAllBytes(file));
            }
        }
        return messages;
    }

    @Override
    public void close() throws Exception {
        if (server != null) {
            server.close();
            serverThread.join(TIMEOUT.toMillis());
        }
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

    private static int freePort(String address) throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(address))) {
            return socket.getLocalPort();
        }
    }
}
