package org.rfc644.ncp.daemon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rfc644.ncp.client.NcpClient;
import org.rfc644.ncp.client.NcpConnection;
import org.rfc644.ncp.client.NcpException.Code;
import org.rfc644.ncp.client.NcpListener;
import org.rfc644.ncp.connection.EngineConfig;
import org.rfc644.ncp.hosts.HostTable;
import org.rfc644.ncp.local.AcceptRequest;
import org.rfc644.ncp.local.AllocateRequest;
import org.rfc644.ncp.local.CloseRequest;
import org.rfc644.ncp.local.ErrorFrame;
import org.rfc644.ncp.local.FrameType;
import org.rfc644.ncp.local.HostsRequest;
import org.rfc644.ncp.local.InterruptRequest;
import org.rfc644.ncp.local.ListenRequest;
import org.rfc644.ncp.local.LocalApiFrame;
import org.rfc644.ncp.local.LocalApiFrames;
import org.rfc644.ncp.local.OkFrame;
import org.rfc644.ncp.local.OpenRequest;
import org.rfc644.ncp.local.PingRequest;
import org.rfc644.ncp.local.SendFrame;
import org.rfc644.ncp.local.StatusRequest;
import org.rfc644.ncp.local.WelcomeFrame;
import org.rfc644.ncp.policy.Limits;
import org.rfc644.ncp.policy.SocketPolicy;
import org.rfc644.ncp.policy.UserDatabase;
import org.rfc644.ncp.wire.Cls;
import org.rfc644.ncp.wire.ControlCommand;
import org.rfc644.ncp.wire.ControlCommandDecoder;
import org.rfc644.ncp.wire.Err;
import org.rfc644.ncp.wire.ErrorCode;
import org.rfc644.ncp.wire.Erp;
import org.rfc644.ncp.wire.Rrp;
import org.rfc644.ncp.wire.Rst;
import org.rfc644.ncp.wire.Str;
import org.slf4j.LoggerFactory;

/**
 * Hostile input against two in-process daemons on loopback: alpha (host 1, 127.0.0.1) and bravo
 * (host 2, 127.0.0.2). Host 3 ("silent", 127.0.0.3) is a hand-driven host that completes the
 * tunnel greeting but never replies to a request for connection. Host 4 ("rogue", 127.0.0.4) runs no
 * daemon, so a test can open a valid tunnel to bravo from 127.0.0.4 and send what no NCP would.
 *
 * <p>After every attack the test checks that the daemon still serves others (a ping and a small
 * transfer between alpha and bravo), that it answered as NIC 8246 or the local API requires, and
 * that it logged a line about it.
 */
class HostileInputTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int SESSIONS_PER_UID = 10;
    private static final int CONNECTIONS_PER_UID = 8;
    private static final int PENDING_PER_SOCKET = 4;

    private static Path directory;
    private static NcpDaemon alpha;
    private static NcpDaemon bravo;
    private static ServerSocket silentHost;
    private static InetSocketAddress bravoTunnelAddress;
    private static final RecordingAppender LOG = new RecordingAppender();
    private static final AtomicInteger NEXT_SOCKET = new AtomicInteger(20_001);

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void startDaemons() throws IOException {
        directory = Files.createTempDirectory("ncp-hostile");
        silentHost = new ServerSocket();
        silentHost.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.3"), 0));
        int bravoPort = freePort("127.0.0.2");
        Path hostsFile = directory.resolve("hosts");
        Files.write(hostsFile, List.of(
                "1 alpha 127.0.0.1:" + freePort("127.0.0.1"),
                "2 bravo 127.0.0.2:" + bravoPort,
                "3 silent 127.0.0.3:" + silentHost.getLocalPort(),
                "4 rogue 127.0.0.4:" + freePort("127.0.0.4")));
        bravoTunnelAddress = new InetSocketAddress(InetAddress.getByName("127.0.0.2"), bravoPort);

        LOG.setContext(((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME))
                .getLoggerContext());
        LOG.start();
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).addAppender(LOG);

        HostTable hosts = HostTable.load(hostsFile);
        SocketPolicy policy = SocketPolicy.defaults(UserDatabase.system());
        Limits limits = new Limits(CONNECTIONS_PER_UID, 12, PENDING_PER_SOCKET, 32,
                SESSIONS_PER_UID);
        EngineConfig config = new EngineConfig(Duration.ofSeconds(2), Duration.ofSeconds(2),
                Duration.ofSeconds(2), 8, 65_536, 65_536, limits);
        alpha = NcpDaemon.start(hosts, "alpha", directory.resolve("alpha.sock"), policy, config);
        bravo = NcpDaemon.start(hosts, "bravo", directory.resolve("bravo.sock"), policy, config);
    }

    @AfterAll
    static void stopDaemons() throws IOException {
        if (alpha != null) {
            alpha.close();
        }
        if (bravo != null) {
            bravo.close();
        }
        silentHost.close();
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).detachAppender(LOG);
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    @BeforeEach
    void markLog() {
        LOG.mark();
    }

    @AfterEach
    void closeLeftovers() throws Exception {
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
    }

    // ---------------------------------------------------------------- local API: bad frames

    static Stream<Arguments> invalidFrames() {
        byte[] garbage = new byte[64];
        new Random(644).nextBytes(garbage);
        return Stream.of(
                Arguments.of("random octets", garbage),
                Arguments.of("length 0", ints(0)),
                Arguments.of("length 65,537", concat(ints(65_537), new byte[] {7, 0, 0, 0, 1})),
                Arguments.of("length 0xFFFFFFFF", concat(ints(0xFFFF_FFFF), new byte[] {7})),
                Arguments.of("frame type 0x00", frame(0x00, ints(1))),
                Arguments.of("frame type 0x0C", frame(0x0C, ints(1))),
                Arguments.of("frame type 0x80 of the daemon", frame(0x80, new byte[3])),
                Arguments.of("frame type 0xFF", frame(0xFF, new byte[0])),
                Arguments.of("STATUS with a spare octet", frame(0x07, new byte[5])),
                Arguments.of("PING whose string overruns", frame(0x01,
                        concat(ints(1), new byte[] {0x01, (byte) 0xF4, 'x'}))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFrames")
    void invalidFrameEndsOnlyItsSession(String name, byte[] octets) throws Exception {
        ApiSession session = session(alpha);
        session.write(octets);

        ErrorFrame error = session.expectError(WAIT);
        assertEquals(0, error.requestId(), "request id of the error");
        assertEquals(Code.BAD_REQUEST, error.code(), error.message());
        assertTrue(session.endedWithin(WAIT), "the daemon closes the session");
        assertTrue(LOG.awaitLine(line -> line.contains("invalid frame"), WAIT),
                "log line about the invalid frame");
        assertNetworkServes();
    }

    @Test
    void truncatedFrameHoldsOnlyItsSession() throws Exception {
        ApiSession silent = session(alpha);
        silent.write(concat(ints(100), new byte[] {7, 0}));

        assertNetworkServes();
        ApiSession other = session(alpha);
        other.write(encode(new HostsRequest(5)));
        assertInstanceOf(OkFrame.class, other.readFrame(WAIT), "HOSTS on another session");
    }

    // ---------------------------------------------------------------- local API: bad requests

    @Test
    void openWithByteSizeZeroIsRejected() throws Exception {
        ApiSession session = session(alpha);
        session.write(encode(new OpenRequest(1, 0, "bravo", 1, 0, 1000)));

        ErrorFrame error = session.expectError(WAIT);
        assertEquals(1, error.requestId());
        assertEquals(Code.BAD_REQUEST, error.code(), error.message());
        assertTrue(error.message().contains("byte size"), error.message());
    }

    @Test
    void highestSocketNumberWorks() throws Exception {
        ApiSession session = session(alpha);
        session.write(encode(new ListenRequest(1, 0xFFFF_FFFF, 8)));

        OkFrame listening = session.expectOk(WAIT);
        assertEquals(1, listening.requestId());
        session.write(encode(new AcceptRequest(2, (int) listening.readU32(), 10_000)));
        try (NcpClient client = NcpClient.connect(bravo.socketPath());
             NcpConnection connection = client.open(0, "alpha", 0xFFFF_FFFF, 8, WAIT)) {
            assertEquals(0xFFFF_FFFF, connection.foreignSocket());
            OkFrame accepted = session.expectOk(WAIT);
            assertEquals(0xFFFF_FFFF, accepted.readConnection().localSocket());
        }
    }

    @Test
    void pingOfUnknownHostIsRejected() throws Exception {
        ApiSession session = session(alpha);
        session.write(encode(new PingRequest(1, "nowhere", 1000)));
        session.write(encode(new PingRequest(2, "", 1000)));
        session.write(encode(new PingRequest(3, "255", 1000)));

        for (int id = 1; id <= 3; id++) {
            ErrorFrame error = session.expectError(WAIT);
            assertEquals(id, error.requestId());
            assertEquals(Code.UNKNOWN_HOST, error.code(), error.message());
        }
    }

    @Test
    void handlesOfAnotherSessionAreRejected() throws Exception {
        try (NcpClient owner = NcpClient.connect(alpha.socketPath());
             NcpClient peer = NcpClient.connect(bravo.socketPath())) {
            int socket = nextSendSocket();
            NcpListener listener = owner.listen(socket, 8);
            CompletableFuture<NcpConnection> accepted = acceptAsync(listener);
            NcpConnection receiving = peer.open(0, "alpha", socket, 8, WAIT);
            NcpConnection sending = accepted.get(WAIT.toSeconds(), TimeUnit.SECONDS);

            // The owner's handles are 1 (listener) and 2 (connection). Another session tries them.
            ApiSession intruder = session(alpha);
            intruder.write(encode(new CloseRequest(11, 1)));
            intruder.write(encode(new CloseRequest(12, 2)));
            intruder.write(encode(new InterruptRequest(13, 2)));
            intruder.write(encode(new AcceptRequest(14, 1, 100)));
            for (int id = 11; id <= 14; id++) {
                ErrorFrame error = intruder.expectError(WAIT);
                assertEquals(id, error.requestId());
                assertEquals(Code.BAD_REQUEST, error.code(), error.message());
            }
            intruder.write(encode(new SendFrame(2, new byte[] {'x'})));
            assertEquals(Code.BAD_REQUEST, intruder.expectError(WAIT).code());
            assertTrue(intruder.endedWithin(WAIT), "SEND on a foreign handle ends the session");

            sending.outputStream().write("still mine".getBytes(StandardCharsets.US_ASCII));
            sending.outputStream().flush();
            assertEquals("still mine", new String(receiving.inputStream().readNBytes(10),
                    StandardCharsets.US_ASCII));
            receiving.close();
            sending.close();
        }
    }

    @Test
    void sendOnReceiveConnectionIsRejectedAndLogged() throws Exception {
        try (NcpClient server = NcpClient.connect(bravo.socketPath())) {
            int socket = nextSendSocket();
            NcpListener listener = server.listen(socket, 8);
            CompletableFuture<NcpConnection> accepted = acceptAsync(listener);
            ApiSession session = session(alpha);
            session.write(encode(new OpenRequest(1, 0, "bravo", socket, 8, 10_000)));
            OkFrame opened = session.expectOk(WAIT);
            int handle = opened.readConnection().handle();
            NcpConnection sending = accepted.get(WAIT.toSeconds(), TimeUnit.SECONDS);

            session.write(encode(new SendFrame(handle, new byte[] {'x'})));

            ErrorFrame error = session.expectError(WAIT);
            assertEquals(Code.BAD_REQUEST, error.code(), error.message());
            assertTrue(session.endedWithin(WAIT), "the daemon closes the session");
            assertTrue(LOG.awaitLine(line -> line.startsWith("WARN")
                            && line.contains("receive connection"), WAIT),
                    "WARN line about SEND on a receive connection");
            sending.close();
        }
        assertNetworkServes();
    }

    // ---------------------------------------------------------------- local API: limits

    @Test
    void sessionsPerUidAreLimited() throws Exception {
        List<ApiSession> sessions = new ArrayList<>();
        ErrorFrame refusal = null;
        for (int i = 0; i <= SESSIONS_PER_UID && refusal == null; i++) {
            ApiSession session = ApiSession.connect(alpha.socketPath());
            sessions.add(session);
            LocalApiFrame first = session.readFrame(WAIT);
            if (first instanceof ErrorFrame error) {
                refusal = error;
            }
        }
        assertNotNull(refusal, "session " + (SESSIONS_PER_UID + 1) + " of one uid is refused");
        assertEquals(Code.LIMIT_EXCEEDED, refusal.code(), refusal.message());
        assertTrue(LOG.awaitLine(line -> line.contains("refused a session"), WAIT),
                "log line about the refused session");

        for (ApiSession session : sessions) {
            session.close();
        }
        assertTrue(sessionAdmittedWithin(alpha, WAIT), "a session is admitted again");
    }

    @Test
    void opensToSilentHostStopAtUidLimit() throws Exception {
        SilentHost silent = SilentHost.start(silentHost);
        toClose.add(silent);
        ApiSession session = session(bravo);
        int opens = CONNECTIONS_PER_UID + 6;
        for (int i = 0; i < opens; i++) {
            session.write(encode(new OpenRequest(i + 1, 0, "silent", 3 + 2 * i, 8, 1500)));
        }

        int timedOut = 0;
        int overLimit = 0;
        for (int i = 0; i < opens; i++) {
            ErrorFrame error = session.expectError(WAIT);
            if (error.code() == Code.TIMEOUT) {
                timedOut++;
            } else if (error.code() == Code.LIMIT_EXCEEDED) {
                overLimit++;
            } else {
                fail("unexpected " + error);
            }
        }
        // Connections of this uid that other tests are still closing count against the limit too.
        assertTrue(timedOut >= 1, "timed out: " + timedOut);
        assertTrue(timedOut <= CONNECTIONS_PER_UID, "timed out: " + timedOut);
        assertTrue(overLimit >= opens - CONNECTIONS_PER_UID, "over the limit: " + overLimit);
        assertTrue(LOG.awaitLine(line -> line.contains("reached its limit"), WAIT),
                "log line about the limit");

        // The timed-out connections wait the close timeout for a CLS that never comes.
        Thread.sleep(2500);
        assertNetworkServes();
    }

    @Test
    void statusSurvivesManyListeners() throws Exception {
        ApiSession flooder = session(alpha);
        int listens = 2000;
        ByteBuf requests = Unpooled.buffer();
        for (int i = 0; i < listens; i++) {
            LocalApiFrames.encode(new ListenRequest(i + 1, 300_000 + 2 * i, 8), requests);
        }
        flooder.write(ByteBufUtil.getBytes(requests));
        for (int i = 0; i < listens; i++) {
            LocalApiFrame reply = flooder.readFrame(WAIT);
            if (reply instanceof ErrorFrame error) {
                assertEquals(Code.LIMIT_EXCEEDED, error.code(), error.message());
            }
        }

        ApiSession other = session(alpha);
        other.write(encode(new StatusRequest(7)));
        LocalApiFrame status = other.readFrame(WAIT);
        assertInstanceOf(OkFrame.class, status, "STATUS for another session: " + status);
        flooder.close();
    }

    @Test
    void pendingAcceptsPerSessionAreLimited() throws Exception {
        ApiSession session = session(alpha);
        session.write(encode(new ListenRequest(1, nextSendSocket(), 8)));
        session.expectOk(WAIT);
        int accepts = 20_000;
        ByteBuf requests = Unpooled.buffer();
        for (int i = 0; i < accepts; i++) {
            LocalApiFrames.encode(new AcceptRequest(i + 2, 1, 600_000), requests);
        }
        // The daemon may stop reading once its refusals fill the socket, which is no failure.
        byte[] octets = ByteBufUtil.getBytes(requests);
        session.writeUntilStalled(octets, octets.length, Duration.ofSeconds(2));

        LocalApiFrame reply = session.readFrame(Duration.ofSeconds(3));
        ErrorFrame error = assertInstanceOf(ErrorFrame.class, reply,
                accepts + " waiting ACCEPTs of one session get no LIMIT_EXCEEDED");
        assertEquals(Code.LIMIT_EXCEEDED, error.code(), error.message());
    }

    @Test
    void repeatedRefusalsAreNotLoggedOneByOne() throws Exception {
        ApiSession session = session(alpha);
        session.write(encode(new ListenRequest(1, nextSendSocket(), 8)));
        session.expectOk(WAIT);
        int accepts = 5000;
        ByteBuf requests = Unpooled.buffer();
        for (int i = 0; i < accepts; i++) {
            LocalApiFrames.encode(new AcceptRequest(i + 2, 1, 600_000), requests);
        }
        byte[] octets = ByteBufUtil.getBytes(requests);
        long written = session.writeUntilStalled(octets, octets.length, Duration.ofSeconds(2));
        int refusals = 0;
        LocalApiFrame reply;
        while ((reply = session.readFrame(Duration.ofSeconds(2))) != null) {
            if (reply instanceof ErrorFrame error && error.code() == Code.LIMIT_EXCEEDED) {
                refusals++;
            }
        }
        assertTrue(refusals > 1000, "refusals read: " + refusals + " after " + written + " octets");

        int lines = LOG.count(line -> line.startsWith("WARN"));
        assertTrue(lines < 100, lines + " WARN lines for " + refusals + " refused requests of one"
                + " session; repeats must be counted or rate-limited");
    }

    @Test
    void boundSocketsPerSessionAreLimited() throws Exception {
        ApiSession session = session(alpha);
        int allocations = 1000;
        ByteBuf requests = Unpooled.buffer();
        for (int i = 0; i < allocations; i++) {
            LocalApiFrames.encode(new AllocateRequest(i + 1, 255), requests);
        }
        byte[] octets = ByteBufUtil.getBytes(requests);
        session.writeUntilStalled(octets, octets.length, Duration.ofSeconds(2));

        ErrorFrame refusal = null;
        for (int i = 0; i < allocations && refusal == null; i++) {
            LocalApiFrame reply = session.readFrame(WAIT);
            assertNotNull(reply, "reply " + (i + 1) + " of " + allocations);
            if (reply instanceof ErrorFrame error) {
                refusal = error;
            }
        }
        assertNotNull(refusal, "one session bound " + allocations * 255 + " sockets");
        assertEquals(Code.LIMIT_EXCEEDED, refusal.code(), refusal.message());
    }

    @Test
    void unreadRepliesStopRequestReading() throws Exception {
        ApiSession session = session(alpha);
        byte[] chunk = repeat(encode(new HostsRequest(9)), 1000);

        long taken = session.writeUntilStalled(chunk, 1_500_000, Duration.ofSeconds(2));

        assertTrue(taken < 1_000_000, "the daemon read " + taken + " octets of HOSTS requests"
                + " from a session that reads no reply; it must stop reading instead of queuing"
                + " the replies in memory");
        session.close();
        assertNetworkServes();
    }

    // ---------------------------------------------------------------- tunnel: greetings

    static Stream<Arguments> rejectedGreetings() {
        return Stream.of(
                Arguments.of("garbage", "127.0.0.4", concat(new byte[] {0, 32},
                        repeat(new byte[] {(byte) 0xDE, (byte) 0xAD, (byte) 0xBE, (byte) 0xEF}, 8)),
                        "the first frame is not a greeting"),
                Arguments.of("claim of host 1 from 127.0.0.4", "127.0.0.4",
                        RawPeer.frameOf(RawPeer.leader(4, 1, 0, 0)),
                        "claims host 1, whose table address is 127.0.0.1"),
                Arguments.of("claim of bravo itself", "127.0.0.2",
                        RawPeer.frameOf(RawPeer.leader(4, 2, 0, 0)),
                        "claims host 2, which is this host"),
                Arguments.of("claim of host 9, not in the table", "127.0.0.4",
                        RawPeer.frameOf(RawPeer.leader(4, 9, 0, 0)),
                        "claims host 9, which is not in the host table"),
                Arguments.of("regular message first", "127.0.0.4",
                        RawPeer.frameOf(new byte[] {0, 4, 0, 0, 0, 8, 0, 0, 0}),
                        "the first frame has message type 0"),
                Arguments.of("oversize first frame", "127.0.0.4",
                        concat(new byte[] {(byte) 0xFF, (byte) 0xFF}, new byte[100]),
                        "oversize frame before the greeting"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedGreetings")
    void badGreetingIsRejected(String name, String fromAddress, byte[] octets, String reason)
            throws Exception {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(fromAddress), 0));
            socket.connect(bravoTunnelAddress, 5000);
            socket.getOutputStream().write(octets);
            socket.getOutputStream().flush();

            socket.setSoTimeout((int) WAIT.toMillis());
            assertEquals(-1, readOrEnd(socket), "bravo closes the connection without a frame");
        }
        assertTrue(LOG.awaitLine(line -> line.contains("rejected tunnel from /" + fromAddress)
                && line.contains(reason), WAIT), "log line: rejected tunnel, " + reason);
        assertNetworkServes();
    }

    // ---------------------------------------------------------------- tunnel: control commands

    static Stream<Arguments> malformedControl() {
        return Stream.of(
                Arguments.of("illegal opcode 14", hex("0e010203"), ErrorCode.ILLEGAL_OPCODE,
                        hex("0e010203000000000000")),
                Arguments.of("illegal opcode after NOP", hex("00ff0102"), ErrorCode.ILLEGAL_OPCODE,
                        hex("ff010200000000000000")),
                Arguments.of("RTS cut short", hex("01000003e8000007"),
                        ErrorCode.SHORT_PARAMETER_SPACE, hex("01000003e80000070000")),
                Arguments.of("ERR cut short", hex("0b01"), ErrorCode.SHORT_PARAMETER_SPACE,
                        hex("0b010000000000000000")),
                Arguments.of("RTS with link 1", hex("01000003e8000003e901"),
                        ErrorCode.BAD_PARAMETERS, hex("01000003e8000003e901")),
                Arguments.of("RTS with link 72", hex("01000003e8000003e948"),
                        ErrorCode.BAD_PARAMETERS, hex("01000003e8000003e948")),
                Arguments.of("RTS from two receive sockets", hex("01000003e8000003ea05"),
                        ErrorCode.BAD_PARAMETERS, hex("01000003e8000003ea05")),
                Arguments.of("STR with byte size 0", hex("02000003e9000003e800"),
                        ErrorCode.BAD_PARAMETERS, hex("02000003e9000003e800")),
                Arguments.of("ALL on a link not in use", hex("04050001000000640000"),
                        ErrorCode.SOCKET_NOT_CONNECTED, hex("04050001000000640000")),
                Arguments.of("INS on a link not in use", hex("0805"),
                        ErrorCode.SOCKET_NOT_CONNECTED, hex("08050000000000000000")),
                Arguments.of("CLS for unknown sockets", hex("0300001b5900001b58"),
                        ErrorCode.REQUEST_ON_NONEXISTENT_SOCKET, hex("0300001b5900001b5800")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedControl")
    void malformedControlGetsErr(String name, byte[] text, ErrorCode code, byte[] data)
            throws Exception {
        RawPeer rogue = rogue();
        rogue.sendControl(text);

        Err err = rogue.expect(Err.class, WAIT);
        assertEquals(code, err.code(), "ERR code");
        assertArrayEquals(data, err.data(), "ERR data");
        assertTrue(LOG.awaitLine(line -> line.startsWith("WARN") && line.contains("host 4"), WAIT),
                "WARN line naming the peer");
        assertRogueServed(rogue);
        assertNetworkServes();
    }

    @Test
    void dataOnUnusedLinkGetsErrWithHeader() throws Exception {
        RawPeer rogue = rogue();
        rogue.sendMessage(5, 8, 3, new byte[] {'a', 'b', 'c'});

        Err err = rogue.expect(Err.class, WAIT);
        assertEquals(ErrorCode.SOCKET_NOT_CONNECTED, err.code());
        // NIC 8246, code 5 case 2: the message header followed by the first eight bits of text.
        assertArrayEquals(hex("00040500000800030061"), err.data());
        assertRogueServed(rogue);
    }

    @Test
    void malformedMessageHeaderGetsErr() throws Exception {
        RawPeer rogue = rogue();
        rogue.sendFrame(new byte[] {0, 4, 0, 0, 0, 8, 0, 5, 0, 0});
        assertEquals(ErrorCode.UNDEFINED, rogue.expect(Err.class, WAIT).code(), "text too short");

        rogue.sendFrame(new byte[] {0, 4, 0, 0, 0, 16, 0, 1, 0, 0, 0});
        assertEquals(ErrorCode.UNDEFINED, rogue.expect(Err.class, WAIT).code(),
                "control byte size 16");

        byte[] tooLong = new byte[9 + 121];
        System.arraycopy(new byte[] {0, 4, 0, 0, 0, 8, 0, 121, 0}, 0, tooLong, 0, 9);
        rogue.sendFrame(tooLong);
        assertEquals(ErrorCode.UNDEFINED, rogue.expect(Err.class, WAIT).code(),
                "control message of 121 bytes");
        assertTrue(LOG.awaitLine(line -> line.contains("malformed message from host 4"), WAIT));

        rogue.sendFrame(new byte[] {3, 4, 0, 0});
        rogue.sendFrame(new byte[] {0x10, 4, 0, 0});
        rogue.sendFrame(new byte[2000]);
        assertRogueServed(rogue);
    }

    @Test
    void allocationOverflowGetsBadParameters() throws Exception {
        RawPeer rogue = rogue();
        try (NcpClient client = NcpClient.connect(bravo.socketPath())) {
            int socket = nextSendSocket();
            NcpListener listener = client.listen(socket, 8);
            CompletableFuture<NcpConnection> accepted = acceptAsync(listener);
            rogue.sendControl(concat(hex("01000003e8"), ints(socket), new byte[] {10}));
            Str str = rogue.expect(Str.class, WAIT);
            assertEquals(socket, str.sendSocket());
            NcpConnection connection = accepted.get(WAIT.toSeconds(), TimeUnit.SECONDS);

            rogue.sendControl(hex("040affffffffffff"));
            rogue.sendControl(hex("040a000100000001"));

            Err err = rogue.expect(Err.class, WAIT);
            assertEquals(ErrorCode.BAD_PARAMETERS, err.code());
            assertArrayEquals(hex("040a0001000000010000"), err.data());
            assertTrue(LOG.awaitLine(line -> line.contains("ALL would raise"), WAIT));
            connection.close();
        }
        assertRogueServed(rogue);
    }

    @Test
    void requestFloodIsRefusedWithinLimits() throws Exception {
        RawPeer rogue = rogue();
        try (NcpClient client = NcpClient.connect(bravo.socketPath())) {
            int socket = nextSendSocket();
            client.listen(socket, 8);
            int requests = 1200;
            for (int batch = 0; batch < requests / 12; batch++) {
                ByteBuf text = Unpooled.buffer();
                for (int i = 0; i < 12; i++) {
                    text.writeByte(1).writeInt(100_000 + 2 * (batch * 12 + i)).writeInt(socket)
                            .writeByte(2 + i);
                }
                rogue.sendControl(ByteBufUtil.getBytes(text));
            }

            int refusals = rogue.count(command -> command instanceof Cls, requests
                    - PENDING_PER_SOCKET, WAIT);
            assertTrue(refusals >= requests - PENDING_PER_SOCKET, "CLS refusals: " + refusals);
            assertTrue(LOG.awaitLine(line -> line.contains("pending requests for socket " + socket),
                    WAIT), "log line about the pending limit");
        }
        assertRogueServed(rogue);
        assertNetworkServes();
    }

    @Test
    void listenerByteSizeHoldsForForeignStr() throws Exception {
        RawPeer rogue = rogue();
        ApiSession session = session(bravo);
        int receiveSocket = nextSendSocket() + 1;
        session.write(encode(new ListenRequest(1, receiveSocket, 8)));
        OkFrame listening = session.expectOk(WAIT);
        session.write(encode(new AcceptRequest(2, (int) listening.readU32(), 3000)));

        rogue.sendControl(concat(new byte[] {2}, ints(1001), ints(receiveSocket),
                new byte[] {36}));

        LocalApiFrame reply = session.readFrame(WAIT);
        if (reply instanceof OkFrame accepted) {
            assertEquals(8, accepted.readConnection().byteSize(), "byte size of a connection"
                    + " accepted on a listener of byte size 8 after STR with byte size 36");
        } else {
            assertInstanceOf(Cls.class, rogue.expect(Cls.class, WAIT), "refusal of the STR");
        }
    }

    @Test
    void interruptFloodToUnreadSessionIsBounded() throws Exception {
        RawPeer rogue = rogue();
        ApiSession session = session(bravo);
        int sendSocket = nextSendSocket();
        session.write(encode(new ListenRequest(1, sendSocket, 8)));
        OkFrame listening = session.expectOk(WAIT);
        session.write(encode(new AcceptRequest(2, (int) listening.readU32(), 10_000)));
        rogue.sendControl(concat(hex("01000003e8"), ints(sendSocket), new byte[] {20}));
        session.expectOk(WAIT);

        // INR (opcode 7) from the receiver interrupts the sending process. 60 fit in a message.
        int interrupts = 180_000;
        byte[] text = repeat(new byte[] {7, 20}, 60);
        for (int i = 0; i < interrupts / 60; i++) {
            rogue.sendControl(text);
        }
        assertRogueServed(rogue);

        int delivered = 0;
        while (session.readFrame(Duration.ofSeconds(1)) != null) {
            delivered++;
        }
        assertTrue(delivered < interrupts / 2, delivered + " INTERRUPTED frames were queued for"
                + " a session that did not read; the daemon must not buffer one per INR");
    }

    @Test
    void resetAndCloseFloodsAreAnswered() throws Exception {
        RawPeer rogue = rogue();
        for (int i = 0; i < 50; i++) {
            byte[] resets = new byte[120];
            Arrays.fill(resets, (byte) 12);
            rogue.sendControl(resets);
        }
        assertEquals(6000, rogue.count(command -> command instanceof Rrp, 6000, WAIT),
                "one RRP per RST");

        for (int i = 0; i < 50; i++) {
            ByteBuf text = Unpooled.buffer();
            for (int j = 0; j < 13; j++) {
                text.writeByte(3).writeInt(50_001 + 2 * j).writeInt(60_000);
            }
            rogue.sendControl(ByteBufUtil.getBytes(text));
        }
        assertEquals(650, rogue.count(command -> command instanceof Err err
                && err.code() == ErrorCode.REQUEST_ON_NONEXISTENT_SOCKET, 650, WAIT),
                "one ERR 4 per CLS");
        assertRogueServed(rogue);
        assertNetworkServes();
    }

    @Test
    void secondTunnelFromHostAddressKeepsFirst() throws Exception {
        try (NcpClient alphaClient = NcpClient.connect(alpha.socketPath());
             NcpClient bravoClient = NcpClient.connect(bravo.socketPath())) {
            int socket = nextSendSocket();
            NcpListener listener = bravoClient.listen(socket, 8);
            CompletableFuture<NcpConnection> accepted = acceptAsync(listener);
            NcpConnection receiving = alphaClient.open(0, "bravo", socket, 8, WAIT);
            NcpConnection sending = accepted.get(WAIT.toSeconds(), TimeUnit.SECONDS);

            // Any local user can bind 127.0.0.1 and greet bravo as alpha while alpha is up.
            RawPeer impostor = RawPeer.connect("127.0.0.1", bravoTunnelAddress, 1);
            toClose.add(impostor);
            Thread.sleep(1000);

            sending.outputStream().write(new byte[] {'u', 'p'});
            sending.outputStream().flush();
            assertArrayEquals(new byte[] {'u', 'p'}, receiving.inputStream().readNBytes(2),
                    "the connection of alpha and bravo outlives a second greeting as alpha");
            receiving.close();
            sending.close();
        }
    }

    // ---------------------------------------------------------------- checks

    /** Checks that alpha and bravo still ping each other and carry data. */
    private static void assertNetworkServes() throws Exception {
        try (NcpClient alphaClient = NcpClient.connect(alpha.socketPath());
             NcpClient bravoClient = NcpClient.connect(bravo.socketPath())) {
            assertNotNull(alphaClient.ping("bravo", WAIT), "ping alpha to bravo");

            int socket = nextSendSocket();
            NcpListener listener = bravoClient.listen(socket, 8);
            CompletableFuture<NcpConnection> accepted = acceptAsync(listener);
            try (NcpConnection receiving = alphaClient.open(0, "bravo", socket, 8, WAIT);
                 NcpConnection sending = accepted.get(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                sending.outputStream().write(new byte[] {'o', 'k'});
                sending.outputStream().flush();
                assertArrayEquals(new byte[] {'o', 'k'}, receiving.inputStream().readNBytes(2),
                        "data bravo to alpha");
            }
            listener.close();
        }
    }

    /** Checks that bravo still replies to the rogue's ECO with ERP on the same tunnel. */
    private static void assertRogueServed(RawPeer rogue) throws Exception {
        rogue.sendControl(new byte[] {9, 42});
        Erp erp = rogue.expect(Erp.class, WAIT);
        assertEquals(42, erp.data());
    }

    private static boolean sessionAdmittedWithin(NcpDaemon daemon, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (ApiSession session = ApiSession.connect(daemon.socketPath())) {
                if (session.readFrame(timeout) instanceof WelcomeFrame) {
                    return true;
                }
            }
            Thread.sleep(100);
        }
        return false;
    }

    // ---------------------------------------------------------------- fixtures

    private ApiSession session(NcpDaemon daemon) throws IOException {
        ApiSession session = ApiSession.connect(daemon.socketPath());
        toClose.add(session);
        LocalApiFrame welcome = session.readFrame(WAIT);
        assertInstanceOf(WelcomeFrame.class, welcome, "first frame of the session");
        return session;
    }

    /** Opens a tunnel to bravo from host 4's table address, as host 4, and waits for bravo's RST. */
    private RawPeer rogue() throws Exception {
        RawPeer rogue = RawPeer.connect("127.0.0.4", bravoTunnelAddress, 4);
        toClose.add(rogue);
        rogue.expect(Rst.class, WAIT);
        return rogue;
    }

    private static int nextSendSocket() {
        return NEXT_SOCKET.getAndAdd(2);
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

    private static int readOrEnd(Socket socket) throws IOException {
        try {
            return socket.getInputStream().read();
        } catch (SocketException reset) {
            return -1;
        }
    }

    private static int freePort(String address) throws IOException {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
            return probe.getLocalPort();
        }
    }

    private static byte[] encode(LocalApiFrame frame) {
        ByteBuf out = Unpooled.buffer();
        LocalApiFrames.encode(frame, out);
        return ByteBufUtil.getBytes(out);
    }

    private static byte[] frame(int type, byte[] fields) {
        return concat(ints(1 + fields.length), new byte[] {(byte) type}, fields);
    }

    private static byte[] ints(long value) {
        return ByteBuffer.allocate(4).putInt((int) value).array();
    }

    private static byte[] hex(String digits) {
        return java.util.HexFormat.of().parseHex(digits);
    }

    private static byte[] concat(byte[]... parts) {
        ByteBuf out = Unpooled.buffer();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return ByteBufUtil.getBytes(out);
    }

    private static byte[] repeat(byte[] part, int times) {
        byte[] result = new byte[part.length * times];
        for (int i = 0; i < times; i++) {
            System.arraycopy(part, 0, result, i * part.length, part.length);
        }
        return result;
    }

    /** Keeps each log event as "LEVEL logger: message" so that tests can wait for a line. */
    private static final class RecordingAppender extends AppenderBase<ILoggingEvent> {

        private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        private volatile int mark;

        @Override
        protected void append(ILoggingEvent event) {
            lines.add(event.getLevel() + " " + event.getLoggerName() + ": "
                    + event.getFormattedMessage());
        }

        int count(Predicate<String> wanted) {
            synchronized (lines) {
                return (int) lines.subList(mark, lines.size()).stream().filter(wanted).count();
            }
        }

        /** Makes {@link #awaitLine} and {@link #count} look only at lines logged from now on. */
        void mark() {
            mark = lines.size();
        }

        boolean awaitLine(Predicate<String> wanted, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                synchronized (lines) {
                    if (lines.subList(mark, lines.size()).stream().anyMatch(wanted)) {
                        return true;
                    }
                }
                Thread.sleep(20);
            }
            return false;
        }
    }

    /** A local API session driven octet by octet, so that a test can send what no client would. */
    private static final class ApiSession implements AutoCloseable {

        private final SocketChannel channel;
        private final Selector selector;
        private final ByteBuf received = Unpooled.buffer();
        private boolean ended;

        private ApiSession(SocketChannel channel) throws IOException {
            this.channel = channel;
            channel.configureBlocking(false);
            this.selector = Selector.open();
            channel.register(selector, SelectionKey.OP_READ);
        }

        static ApiSession connect(Path socketPath) throws IOException {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(socketPath));
            return new ApiSession(channel);
        }

        void write(byte[] octets) throws IOException, InterruptedException {
            ByteBuffer buffer = ByteBuffer.wrap(octets);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (buffer.hasRemaining()) {
                if (channel.write(buffer) == 0) {
                    if (System.nanoTime() > deadline) {
                        throw new IOException("the daemon stopped reading the session");
                    }
                    Thread.sleep(1);
                }
            }
        }

        /**
         * Writes {@code chunk} over and over without reading, until {@code cap} octets are written
         * or no octet goes out for {@code stall}, and returns the octets written.
         */
        long writeUntilStalled(byte[] chunk, long cap, Duration stall)
                throws IOException, InterruptedException {
            long written = 0;
            long lastProgress = System.nanoTime();
            ByteBuffer buffer = ByteBuffer.wrap(chunk);
            while (written < cap && System.nanoTime() - lastProgress < stall.toNanos()) {
                int count = channel.write(buffer);
                if (count > 0) {
                    written += count;
                    lastProgress = System.nanoTime();
                } else {
                    Thread.sleep(1);
                }
                if (!buffer.hasRemaining()) {
                    buffer.rewind();
                }
            }
            return written;
        }

        /** Returns the next frame, or null when none comes within {@code timeout}. */
        LocalApiFrame readFrame(Duration timeout) throws IOException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                LocalApiFrame frame = takeFrame();
                if (frame != null) {
                    return frame;
                }
                long left = deadline - System.nanoTime();
                if (ended || left <= 0) {
                    return null;
                }
                selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                selector.selectedKeys().clear();
                readAvailable();
            }
        }

        OkFrame expectOk(Duration timeout) throws IOException {
            LocalApiFrame frame = readFrame(timeout);
            return assertInstanceOf(OkFrame.class, frame, "expected OK, got " + frame);
        }

        ErrorFrame expectError(Duration timeout) throws IOException {
            LocalApiFrame frame = readFrame(timeout);
            return assertInstanceOf(ErrorFrame.class, frame, "expected ERROR, got " + frame);
        }

        /** Tells whether the daemon closes the session within {@code timeout}. */
        boolean endedWithin(Duration timeout) throws IOException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!ended && System.nanoTime() < deadline) {
                readFrame(Duration.ofMillis(100));
            }
            return ended;
        }

        private void readAvailable() throws IOException {
            ByteBuffer buffer = ByteBuffer.allocate(65_536);
            int count;
            try {
                count = channel.read(buffer);
            } catch (IOException reset) {
                ended = true;
                return;
            }
            if (count < 0) {
                ended = true;
            } else {
                received.writeBytes(buffer.flip());
            }
        }

        private LocalApiFrame takeFrame() {
            if (received.readableBytes() < 4) {
                return null;
            }
            int length = received.getInt(received.readerIndex());
            if (received.readableBytes() < 4 + length) {
                return null;
            }
            received.skipBytes(4);
            ByteBuf body = received.readSlice(length);
            LocalApiFrame frame = LocalApiFrames.decode(body, FrameType.Sender.DAEMON);
            received.discardReadBytes();
            return frame;
        }

        @Override
        public void close() throws IOException {
            selector.close();
            channel.close();
        }
    }

    /**
     * A host driven by hand over a tunnel. It greets, sends RFNM for every regular message and RRP
     * for every RST, and queues the control commands it receives.
     */
    private static final class RawPeer implements AutoCloseable {

        private final Socket socket;
        private final int host;
        private final DataInputStream in;
        private final DataOutputStream out;
        private final BlockingQueue<ControlCommand> received = new LinkedBlockingQueue<>();
        private int messageId;

        private RawPeer(Socket socket, int host) throws IOException {
            this.socket = socket;
            this.host = host;
            this.in = new DataInputStream(socket.getInputStream());
            this.out = new DataOutputStream(socket.getOutputStream());
        }

        static RawPeer connect(String localAddress, InetSocketAddress remote, int host)
                throws IOException {
            Socket socket = new Socket();
            socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
            socket.connect(remote, 5000);
            RawPeer peer = new RawPeer(socket, host);
            peer.sendFrame(leader(4, host, 0, 0));
            peer.startReading();
            return peer;
        }

        static RawPeer accepted(Socket socket, int host) throws IOException {
            RawPeer peer = new RawPeer(socket, host);
            peer.startReading();
            return peer;
        }

        static byte[] leader(int type, int host, int link, int messageId) {
            return new byte[] {(byte) type, (byte) host, (byte) link, (byte) (messageId << 4)};
        }

        static byte[] frameOf(byte[] message) {
            return concat(new byte[] {(byte) (message.length >> 8), (byte) message.length},
                    message);
        }

        synchronized void sendFrame(byte[] message) throws IOException {
            out.writeShort(message.length);
            out.write(message);
            out.flush();
        }

        void sendMessage(int link, int byteSize, int byteCount, byte[] text) throws IOException {
            messageId = (messageId + 1) & 15;
            byte[] header = {0, (byte) host, (byte) link, (byte) (messageId << 4), 0,
                    (byte) byteSize, (byte) (byteCount >> 8), (byte) byteCount, 0};
            sendFrame(concat(header, text));
        }

        void sendControl(byte[] text) throws IOException {
            sendMessage(0, 8, text.length, text);
        }

        <T extends ControlCommand> T expect(Class<T> type, Duration timeout)
                throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                ControlCommand command = received.poll(Math.max(0, deadline - System.nanoTime()),
                        TimeUnit.NANOSECONDS);
                if (command == null) {
                    fail("no " + type.getSimpleName() + " within " + timeout.toMillis() + " ms");
                }
                if (type.isInstance(command)) {
                    return type.cast(command);
                }
            }
        }

        /** Counts received commands that match, until {@code enough} or {@code quiet} passes. */
        int count(Predicate<ControlCommand> wanted, int enough, Duration quiet)
                throws InterruptedException {
            int matched = 0;
            while (matched < enough) {
                ControlCommand command = received.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
                if (command == null) {
                    break;
                }
                if (wanted.test(command)) {
                    matched++;
                }
            }
            return matched;
        }

        private void startReading() {
            Thread reader = new Thread(this::readFrames, "raw-peer-" + host);
            reader.setDaemon(true);
            reader.start();
        }

        private void readFrames() {
            try {
                while (true) {
                    byte[] message = new byte[in.readUnsignedShort()];
                    in.readFully(message);
                    if (message[0] != 0) {
                        continue;
                    }
                    sendFrame(leader(5, host, message[2] & 0xff, (message[3] & 0xff) >> 4));
                    if (message[2] == 0) {
                        controlReceived(Arrays.copyOfRange(message, 9, message.length));
                    }
                }
            } catch (EOFException | SocketException | SocketTimeoutException ended) {
                // The tunnel closed.
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        private void controlReceived(byte[] text) throws IOException {
            for (ControlCommand command : ControlCommandDecoder.decode(text).commands()) {
                if (command instanceof Rst) {
                    sendControl(new byte[] {13});
                }
                received.add(command);
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /**
     * Host 3: accepts bravo's tunnel and greets, sends RFNM and RRP through {@link RawPeer}, but
     * never replies to a request for connection.
     */
    private static final class SilentHost implements AutoCloseable {

        private final CompletableFuture<RawPeer> peer = new CompletableFuture<>();

        static SilentHost start(ServerSocket server) {
            SilentHost silent = new SilentHost();
            Thread acceptor = new Thread(() -> {
                try {
                    Socket socket = server.accept();
                    RawPeer raw = RawPeer.accepted(socket, 3);
                    raw.sendFrame(RawPeer.leader(4, 3, 0, 0));
                    silent.peer.complete(raw);
                } catch (IOException e) {
                    silent.peer.completeExceptionally(e);
                }
            }, "silent-host");
            acceptor.setDaemon(true);
            acceptor.start();
            return silent;
        }

        @Override
        public void close() throws Exception {
            if (peer.isDone() && !peer.isCompletedExceptionally()) {
                peer.get().close();
            }
        }
    }
}
