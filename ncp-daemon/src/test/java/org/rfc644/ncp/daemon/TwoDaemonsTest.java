package org.rfc644.ncp.daemon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rfc644.ncp.client.ConnectionStatus;
import org.rfc644.ncp.client.NcpClient;
import org.rfc644.ncp.client.NcpConnection;
import org.rfc644.ncp.client.NcpException;
import org.rfc644.ncp.client.NcpListener;
import org.rfc644.ncp.connection.EngineConfig;
import org.rfc644.ncp.hosts.HostTable;
import org.rfc644.ncp.policy.Limits;
import org.rfc644.ncp.policy.SocketPolicy;
import org.rfc644.ncp.policy.UserDatabase;
import org.rfc644.ncp.wire.ControlCommandEncoder;
import org.rfc644.ncp.wire.Eco;
import org.rfc644.ncp.wire.HostMessage;
import org.rfc644.ncp.wire.HostMessageCodec;

/**
 * Two daemons on loopback, alpha (host 1, 127.0.0.1) and bravo (host 2, 127.0.0.2), used through
 * the real Java client. Receive connections buffer and allocate only 2 messages and 256 bits, so
 * every transfer runs on many small ALLs. Host 3 is in the table but never runs.
 */
class TwoDaemonsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int NOBODY = 65534;
    private static final int MAILER = 64_999;

    private static Path directory;
    private static UserDatabase users;
    private static NcpDaemon alpha;
    private static NcpDaemon bravo;

    @BeforeAll
    static void startDaemons() throws IOException {
        // World-readable, so that a client under another uid reaches the sockets.
        directory = Files.createTempDirectory("ncp-two-daemons");
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path hostsFile = directory.resolve("hosts");
        Files.write(hostsFile, List.of(
                "1 alpha 127.0.0.1:" + freePort("127.0.0.1"),
                "2 bravo 127.0.0.2:" + freePort("127.0.0.2"),
                "3 gone 127.0.0.3:" + freePort("127.0.0.3")));
        Path policyFile = directory.resolve("policy");
        Files.write(policyFile, List.of("# the test runs as root", "232-239 mailer,0"));

        // This machine may lack a mailer account; the daemons see one in their own user list.
        Path passwd = directory.resolve("passwd");
        Files.copy(UserDatabase.PASSWD, passwd);
        Files.writeString(passwd, "mailer:x:" + MAILER + ":" + MAILER + "::/:/bin/false\n",
                java.nio.file.StandardOpenOption.APPEND);
        users = UserDatabase.read(passwd);

        HostTable hosts = HostTable.load(hostsFile);
        SocketPolicy policy = SocketPolicy.read(policyFile, users);
        EngineConfig config = new EngineConfig(Duration.ofSeconds(5), Duration.ofSeconds(5),
                Duration.ofSeconds(2), 2, 256, 4096, Limits.defaults());
        alpha = NcpDaemon.start(hosts, "alpha", directory.resolve("alpha.sock"), policy, config);
        bravo = NcpDaemon.start(hosts, "bravo", directory.resolve("bravo.sock"), policy, config);
    }

    @AfterAll
    static void stopDaemons() {
        if (alpha != null) {
            alpha.close();
        }
        if (bravo != null) {
            bravo.close();
        }
        try (var paths = Files.walk(directory)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            System.err.println("cannot remove " + directory + ": " + e);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 32, 36})
    void dataBothWaysUnderTinyAllocation(int byteSize) throws Exception {
        byte[] toBravo = randomBytes(byteSize, 3000, byteSize);
        byte[] toAlpha = randomBytes(byteSize, 3000, byteSize + 1000);
        int sendSocket = 2001 + 2 * byteSize;

        assertArrayEquals(toBravo, transfer(alpha, bravo, "alpha", sendSocket, byteSize, toBravo),
                "alpha to bravo");
        assertArrayEquals(toAlpha, transfer(bravo, alpha, "bravo", sendSocket, byteSize, toAlpha),
                "bravo to alpha");
    }

    @Test
    void crossingOpensMakeOneConnection() throws Exception {
        try (NcpClient alphaClient = NcpClient.connect(alpha.socketPath());
             NcpClient bravoClient = NcpClient.connect(bravo.socketPath())) {
            CompletableFuture<NcpConnection> fromBravo = CompletableFuture.supplyAsync(() -> {
                try {
                    return bravoClient.open(4001, "alpha", 4000, 8, WAIT);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            try (NcpConnection receiving = alphaClient.open(4000, "bravo", 4001, 8, WAIT);
                 NcpConnection sending = fromBravo.get(20, TimeUnit.SECONDS)) {
                sending.outputStream().write(new byte[] {'o', 'k'});
                sending.outputStream().flush();

                assertArrayEquals(new byte[] {'o', 'k'}, receiving.inputStream().readNBytes(2));
                assertEquals(4001, receiving.foreignSocket());
                assertEquals(4000, sending.foreignSocket());
            }
        }
    }

    @Test
    void receiverCloseStopsSender() throws Exception {
        try (NcpClient sender = NcpClient.connect(alpha.socketPath());
             NcpClient receiver = NcpClient.connect(bravo.socketPath());
             NcpListener listener = sender.listen(3001, 8)) {
            CompletableFuture<NcpConnection> accepted = acceptAsync(listener);
            NcpConnection receiving = receiver.open(0, "alpha", 3001, 8, WAIT);
            NcpConnection sending = accepted.get(20, TimeUnit.SECONDS);

            receiving.close();

            awaitNoConnection(sender, 3001);
            OutputStream out = sending.outputStream();
            NcpException closed = assertThrows(NcpException.class, () -> {
                for (int i = 0; i < 100; i++) {
                    out.write('x');
                    out.flush();
                    Thread.sleep(50);
                }
            });
            assertEquals(NcpException.Code.CLOSED, closed.code());
            sending.close();
        }
    }

    @Test
    void senderCloseEndsReceiverStream() throws Exception {
        try (NcpClient sender = NcpClient.connect(bravo.socketPath());
             NcpClient receiver = NcpClient.connect(alpha.socketPath());
             NcpListener listener = sender.listen(3003, 8)) {
            CompletableFuture<NcpConnection> accepted = acceptAsync(listener);
            try (NcpConnection receiving = receiver.open(0, "bravo", 3003, 8, WAIT)) {
                NcpConnection sending = accepted.get(20, TimeUnit.SECONDS);
                sending.outputStream().write("last words".getBytes(StandardCharsets.US_ASCII));
                sending.close();

                assertEquals("last words", new String(receiving.inputStream().readAllBytes(),
                        StandardCharsets.US_ASCII));
                awaitNoConnection(receiver, receiving.localSocket());
            }
        }
    }

    @Test
    void interruptReachesBothSides() throws Exception {
        try (NcpClient sender = NcpClient.connect(alpha.socketPath());
             NcpClient receiver = NcpClient.connect(bravo.socketPath());
             NcpListener listener = sender.listen(3005, 8)) {
            CompletableFuture<NcpConnection> accepted = acceptAsync(listener);
            try (NcpConnection receiving = receiver.open(0, "alpha", 3005, 8, WAIT);
                 NcpConnection sending = accepted.get(20, TimeUnit.SECONDS)) {
                sending.interrupt();
                receiving.interrupt();

                awaitTrue(() -> receiving.interruptsReceived() == 1, "INS to reach bravo");
                awaitTrue(() -> sending.interruptsReceived() == 1, "INR to reach alpha");
            }
        }
    }

    @Test
    void pingRoundTrip() throws Exception {
        try (NcpClient client = NcpClient.connect(alpha.socketPath())) {
            assertTrue(client.ping("bravo", WAIT).toNanos() > 0);
            assertTrue(client.ping("2", WAIT).toNanos() > 0);

            NcpException dead = assertThrows(NcpException.class,
                    () -> client.ping("gone", WAIT));
            assertEquals(NcpException.Code.HOST_DEAD, dead.code());
        }
    }

    @Test
    void statusListsConnectionWithOwner() throws Exception {
        try (NcpClient sender = NcpClient.connect(alpha.socketPath());
             NcpClient receiver = NcpClient.connect(bravo.socketPath());
             NcpListener listener = sender.listen(3007, 32)) {
            CompletableFuture<NcpConnection> accepted = acceptAsync(listener);
            try (NcpConnection receiving = receiver.open(0, "alpha", 3007, 32, WAIT);
                 NcpConnection sending = accepted.get(20, TimeUnit.SECONDS)) {
                ConnectionStatus status = sender.status().stream()
                        .filter(entry -> entry.localSocket() == 3007
                                && entry.state().equals("OPEN"))
                        .findFirst().orElseThrow();
                assertEquals("bravo", status.foreignHost());
                assertEquals(receiving.localSocket(), status.foreignSocket());
                assertEquals(32, status.byteSize());
                assertEquals(currentUid(), status.ownerUid());
            }
        }
    }

    @Test
    void wrongUidRefusedSocket232() throws Exception {
        assumeTrue(currentUid() == 0, "skipped: running a client as another uid needs root");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")),
                "skipped: setpriv is not installed");

        try (NcpClient root = NcpClient.connect(alpha.socketPath());
             NcpListener listener = root.listen(233, 8)) {
            assertEquals(233, listener.localSocket(), "root is allowed by the policy file");
        }

        String output = runAsNobody(OpenSocketClient.class.getName(), alpha.socketPath().toString(),
                "232", "bravo", "3");

        String expected = "PERMISSION_DENIED socket 232 is reserved for mailer, 0; you are "
                + users.describe(NOBODY);
        assertEquals(expected, output.strip());
    }

    @Test
    void peerClaimingHostFromWrongAddressRefused() throws Exception {
        InetSocketAddress alphaTunnel = alpha.host().address();

        try (Socket impostor = new Socket()) {
            // Host 2 is bravo, whose table address is 127.0.0.2, not 127.0.0.3.
            impostor.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.3"), 0));
            impostor.connect(alphaTunnel, 5000);
            impostor.setSoTimeout(5000);
            DataOutputStream out = new DataOutputStream(impostor.getOutputStream());
            byte[] greeting = {4, 2, 0, 0};
            byte[] eco = HostMessageCodec.encode(HostMessage.control(2,
                    ControlCommandEncoder.encode(new Eco(99))));
            eco[1] = 2;
            writeFrame(out, greeting);
            try {
                writeFrame(out, eco);
            } catch (SocketException closedAlready) {
                // alpha closed the tunnel on the greeting, before the ECO went out.
            }

            assertTunnelClosedWithoutReply(new DataInputStream(impostor.getInputStream()));
        }

        try (NcpClient client = NcpClient.connect(bravo.socketPath())) {
            assertTrue(client.ping("alpha", WAIT).toNanos() > 0, "alpha still serves bravo");
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Sends {@code data} from a listener on {@code from} to a free receive socket on {@code to}. */
    private static byte[] transfer(NcpDaemon from, NcpDaemon to, String fromHost, int sendSocket,
                                   int byteSize, byte[] data) throws Exception {
        try (NcpClient sender = NcpClient.connect(from.socketPath());
             NcpClient receiver = NcpClient.connect(to.socketPath());
             NcpListener listener = sender.listen(sendSocket, byteSize)) {
            CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
                try (NcpConnection connection = listener.accept(WAIT)) {
                    OutputStream out = connection.outputStream();
                    int chunk = 100 * ((byteSize + 7) / 8);
                    for (int offset = 0; offset < data.length; offset += chunk) {
                        out.write(data, offset, Math.min(chunk, data.length - offset));
                    }
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            try (NcpConnection connection = receiver.open(0, fromHost, sendSocket, byteSize, WAIT)) {
                InputStream in = connection.inputStream();
                ByteArrayOutputStream received = new ByteArrayOutputStream();
                in.transferTo(received);
                sent.get(20, TimeUnit.SECONDS);
                return received.toByteArray();
            }
        }
    }

    /** Returns {@code count} random NCP bytes of {@code byteSize} bits as program octets. */
    private static byte[] randomBytes(int byteSize, int count, long seed) {
        int octetsPerByte = (byteSize + 7) / 8;
        int topBits = byteSize - 8 * (octetsPerByte - 1);
        byte[] octets = new byte[count * octetsPerByte];
        new Random(seed).nextBytes(octets);
        for (int index = 0; index < octets.length; index += octetsPerByte) {
            octets[index] &= (byte) ((1 << topBits) - 1);
        }
        return octets;
    }

    private static CompletableFuture<NcpConnection> acceptAsync(NcpListener listener) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return listener.accept(WAIT);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
    }

    private static void awaitNoConnection(NcpClient client, int localSocket) throws Exception {
        awaitTrue(() -> client.status().stream()
                .noneMatch(entry -> entry.localSocket() == localSocket
                        && !entry.state().equals("LISTEN")),
                "connection on socket " + localSocket + " to end");
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void awaitTrue(Condition condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.holds()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.sleep(20);
        }
    }

    private static void writeFrame(DataOutputStream out, byte[] frame) throws IOException {
        out.writeShort(frame.length);
        out.write(frame);
        out.flush();
    }

    /** Reads the tunnel until it closes; any frame that arrives first fails the test. */
    private static void assertTunnelClosedWithoutReply(DataInputStream in) throws IOException {
        try {
            int length = in.readUnsignedShort();
            byte[] frame = in.readNBytes(length);
            throw new AssertionError("the impostor got a frame of type " + (frame[0] & 0xff));
        } catch (EOFException | SocketException closed) {
            // Closed by alpha, as required.
        } catch (SocketTimeoutException open) {
            throw new AssertionError("alpha kept the impostor's tunnel open");
        }
    }

    /**
     * Runs {@code mainClass} as uid and gid 65534 and returns its standard output. The class path
     * is copied where that uid can read it, because the local Maven repository is root's.
     */
    private static String runAsNobody(String mainClass, String... args) throws Exception {
        Path classes = Files.createTempDirectory(directory, "classpath");
        List<String> entries = new ArrayList<>();
        String classPath = System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path"));
        int index = 0;
        for (String entry : classPath.split(File.pathSeparator)) {
            Path source = Path.of(entry);
            if (Files.isRegularFile(source)) {
                Path copy = classes.resolve(index++ + "-" + source.getFileName());
                Files.copy(source, copy, StandardCopyOption.REPLACE_EXISTING);
                entries.add(copy.toString());
            } else if (Files.isDirectory(source)) {
                entries.add(source.toString());
            }
        }
        makeReadable(classes);

        List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=" + NOBODY,
                "--regid=" + NOBODY, "--clear-groups",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", String.join(File.pathSeparator, entries), mainClass));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "client as uid 65534 did not finish");
        assertEquals(0, process.exitValue(), "client as uid 65534 failed: " + output);
        return output;
    }

    private static void makeReadable(Path tree) throws IOException {
        try (var paths = Files.walk(tree)) {
            for (Path path : paths.toList()) {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(
                        Files.isDirectory(path) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }

    private static int currentUid() throws IOException {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    }

    private static int freePort(String address) throws IOException {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
            return probe.getLocalPort();
        }
    }
}
