package org.rfc644.ncp.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rfc644.ncp.icp.Icp;
import org.rfc644.ncp.icp.IcpConnection;
import org.rfc644.ncp.tool.LoopbackNetwork;

/** The Java client of the local API against two real daemons on loopback. */
class NcpClientDaemonTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path directory;

    private static LoopbackNetwork network;

    private final Random random = new Random(165);

    @BeforeAll
    static void startDaemons() throws IOException {
        network = LoopbackNetwork.start(directory);
    }

    @AfterAll
    static void stopDaemons() {
        if (network != null) {
            network.close();
        }
    }

    @Test
    void sessionReportsLocalHost() throws IOException {
        try (NcpClient alpha = NcpClient.connect(network.alphaSocket)) {
            assertEquals(new HostEntry(1, "alpha"), alpha.localHost());
            assertEquals(3, alpha.hosts().size());
            assertTrue(alpha.ping("bravo", WAIT).toNanos() > 0);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 32, 36, 1})
    void dataBothWaysAtByteSize(int byteSize) throws Exception {
        byte[] toAlpha = randomNcpBytes(byteSize, 20_000);
        byte[] toBravo = randomNcpBytes(byteSize, 20_000);
        int sendSocket = 101 + 2 * (byteSize % 40);

        assertArrayEquals(toAlpha, transfer(network.bravoSocket, network.alphaSocket, "bravo",
                sendSocket, byteSize, toAlpha), "bravo to alpha");
        assertArrayEquals(toBravo, transfer(network.alphaSocket, network.bravoSocket, "alpha",
                sendSocket, byteSize, toBravo), "alpha to bravo");
    }

    @Test
    void slowReaderBoundsBuffer() throws Exception {
        byte[] data = randomNcpBytes(32, 512 * 1024);

        try (NcpClient sender = NcpClient.connect(network.bravoSocket);
             NcpClient receiver = NcpClient.connect(network.alphaSocket);
             NcpListener listener = sender.listen(201, 32)) {
            CompletableFuture<Void> sent = sendAll(listener, data);
            try (NcpConnection connection = receiver.open(0, "bravo", 201, 32, WAIT)) {
                ReceiveBuffer buffer = (ReceiveBuffer) connection.inputStream();

                Thread.sleep(2000);
                long buffered = buffer.buffered();
                assertTrue(buffered >= ReceiveBuffer.LIMIT, "buffered " + buffered);
                assertTrue(buffered < ReceiveBuffer.LIMIT + 256 * 1024, "buffered " + buffered);
                Thread.sleep(1000);
                assertEquals(buffered, buffer.buffered(), "the buffer grew while reading was paused");
                assertFalse(sent.isDone(), "the sender finished while nobody read");

                assertArrayEquals(data, buffer.readAllBytes());
                sent.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void interruptsCountedBothWays() throws Exception {
        try (NcpClient alpha = NcpClient.connect(network.alphaSocket);
             NcpClient bravo = NcpClient.connect(network.bravoSocket);
             NcpListener listener = bravo.listen(301, 8)) {
            CompletableFuture<NcpConnection> accepted = acceptAsync(listener);
            try (NcpConnection receiving = alpha.open(0, "bravo", 301, 8, WAIT);
                 NcpConnection sending = accepted.get(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                sending.interrupt();
                await(() -> receiving.interruptsReceived() == 1, "INS to reach alpha");
                receiving.interrupt();
                receiving.interrupt();
                await(() -> sending.interruptsReceived() == 2, "two INR to reach bravo");

                assertEquals(1, receiving.interruptsReceived());
            }
        }
    }

    @Test
    void foreignCloseFailsWriter() throws Exception {
        try (NcpClient alpha = NcpClient.connect(network.alphaSocket);
             NcpClient bravo = NcpClient.connect(network.bravoSocket);
             NcpListener listener = bravo.listen(401, 8)) {
            CompletableFuture<NcpConnection> accepted = acceptAsync(listener);
            NcpConnection receiving = alpha.open(0, "bravo", 401, 8, WAIT);
            try (NcpConnection sending = accepted.get(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                receiving.close();
                assertEquals(-1, receiving.inputStream().read(), "closed locally");

                OutputStream out = sending.outputStream();
                NcpException closed = assertThrows(NcpException.class, () -> {
                    for (int i = 0; i < 100; i++) {
                        out.write('x');
                        out.flush();
                        Thread.sleep(50);
                    }
                });
                assertEquals(NcpException.Code.CLOSED, closed.code());
            }
        }
    }

    @Test
    void requestErrorsCarryDaemonCode() throws IOException {
        try (NcpClient alpha = NcpClient.connect(network.alphaSocket);
             NcpClient other = NcpClient.connect(network.alphaSocket)) {
            assertEquals(NcpException.Code.UNKNOWN_HOST,
                    assertThrows(NcpException.class, () -> alpha.open(0, "zulu", 3, 8, WAIT)).code());
            assertEquals(NcpException.Code.PERMISSION_DENIED,
                    assertThrows(NcpException.class, () -> alpha.listen(233, 8)).code());
            assertEquals(NcpException.Code.HOST_DEAD,
                    assertThrows(NcpException.class, () -> alpha.ping("dead", WAIT)).code());

            try (NcpListener listener = alpha.listen(501, 8)) {
                NcpException inUse = assertThrows(NcpException.class, () -> other.listen(501, 8));
                assertEquals(NcpException.Code.SOCKET_IN_USE, inUse.code());
                assertTrue(inUse.getMessage().contains("501"), inUse.getMessage());
            }
        }
    }

    @Test
    void acceptTimesOut() throws IOException {
        try (NcpClient bravo = NcpClient.connect(network.bravoSocket);
             NcpListener listener = bravo.listen(601, 8)) {
            NcpException timeout = assertThrows(NcpException.class,
                    () -> listener.accept(Duration.ofMillis(300)));
            assertEquals(NcpException.Code.TIMEOUT, timeout.code());
        }
    }

    @Test
    void icpPairCarriesDataBothWays() throws Exception {
        try (NcpClient user = NcpClient.connect(network.alphaSocket);
             NcpClient server = NcpClient.connect(network.bravoSocket);
             NcpListener listener = server.listen(701, Icp.SOCKET_NUMBER_BYTE_SIZE)) {
            CompletableFuture<IcpConnection> served = CompletableFuture.supplyAsync(() -> {
                try {
                    return Icp.serve(server, listener.accept(WAIT), WAIT);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            int u = user.allocate(4);

            try (IcpConnection userSide = Icp.connect(user, u, "bravo", 701, WAIT)) {
                IcpConnection serverSide = served.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertEquals(u, userSide.userSocket());
                assertEquals(u, serverSide.userSocket());
                assertEquals(serverSide.serverSocket(), userSide.serverSocket());
                assertEquals(0, userSide.serverSocket() % 2, "S is even");
                assertEquals("bravo", userSide.foreignHostName());
                assertEquals(1, serverSide.foreignHostNumber());
                assertEquals(u + 2, userSide.receiveConnection().localSocket());
                assertEquals(u + 3, userSide.sendConnection().localSocket());

                exchangeLine(userSide.outputStream(), serverSide.inputStream(), "USER alpha\r\n");
                exchangeLine(serverSide.outputStream(), userSide.inputStream(), "230 ok\r\n");

                int s = serverSide.serverSocket();
                serverSide.close();
                assertEquals(-1, userSide.inputStream().read(), "server closed its send side");
                NcpException released = assertThrows(NcpException.class, () -> server.release(s));
                assertEquals(NcpException.Code.BAD_REQUEST, released.code());
            }
        }
    }

    @Test
    void icpRejectsOddUserSocket() throws IOException {
        try (NcpClient user = NcpClient.connect(network.alphaSocket)) {
            assertThrows(IllegalArgumentException.class,
                    () -> Icp.connect(user, 1001, "bravo", 3, WAIT));
        }
    }

    /** Sends {@code data} from {@code from}'s send socket to a free receive socket of the other. */
    private static byte[] transfer(Path from, Path to, String fromHost, int sendSocket, int byteSize,
                                   byte[] data) throws Exception {
        try (NcpClient sender = NcpClient.connect(from);
             NcpClient receiver = NcpClient.connect(to);
             NcpListener listener = sender.listen(sendSocket, byteSize)) {
            CompletableFuture<Void> sent = sendAll(listener, data);
            try (NcpConnection connection = receiver.open(0, fromHost, sendSocket, byteSize, WAIT)) {
                assertEquals(byteSize, connection.byteSize());
                connection.setTimeout(WAIT);
                byte[] received = connection.inputStream().readAllBytes();
                sent.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                return received;
            }
        }
    }

    private static CompletableFuture<Void> sendAll(NcpListener listener, byte[] data) {
        return CompletableFuture.runAsync(() -> {
            try (NcpConnection connection = listener.accept(WAIT)) {
                OutputStream out = connection.outputStream();
                for (int offset = 0; offset < data.length; offset += 10_000) {
                    out.write(data, offset, Math.min(10_000, data.length - offset));
                }
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
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

    private static void exchangeLine(OutputStream out, InputStream in, String line) throws IOException {
        byte[] octets = line.getBytes(StandardCharsets.US_ASCII);
        out.write(octets);
        out.flush();
        assertArrayEquals(octets, in.readNBytes(octets.length));
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.sleep(20);
        }
    }

    /**
     * Returns {@code count} NCP bytes of {@code byteSize} bits as the local API carries them:
     * {@code ceil(byteSize / 8)} octets each, big-endian, the value right-justified.
     */
    private byte[] randomNcpBytes(int byteSize, int count) {
        int octetsPerByte = (byteSize + 7) / 8;
        byte[] data = new byte[count * octetsPerByte];
        random.nextBytes(data);
        int unusedBits = octetsPerByte * 8 - byteSize;
        for (int i = 0; i < data.length; i += octetsPerByte) {
            data[i] &= (byte) (0xFF >>> unusedBits);
        }
        return data;
    }
}
