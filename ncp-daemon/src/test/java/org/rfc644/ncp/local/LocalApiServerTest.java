package org.rfc644.ncp.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rfc644.ncp.client.NcpException;
import org.rfc644.ncp.connection.EngineConfig;
import org.rfc644.ncp.connection.TestNetwork;
import org.rfc644.ncp.daemon.NcpDaemon;
import org.rfc644.ncp.hosts.HostTable;
import org.rfc644.ncp.policy.Limits;
import org.rfc644.ncp.policy.SocketPolicy;
import org.rfc644.ncp.policy.UserDatabase;

/** The local API server of one daemon, spoken to frame by frame over a raw Unix socket. */
class LocalApiServerTest {

    @TempDir
    Path directory;

    private NcpDaemon daemon;
    private Path socket;

    @BeforeEach
    void setUp() throws IOException {
        HostTable hosts = TestNetwork.table(7);
        EngineConfig config = new EngineConfig(Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1), 2, 256, 4096, new Limits(4, 4, 4, 4, 2));
        socket = directory.resolve("run/ncp/ncp.sock");
        Files.createDirectories(socket.getParent());
        Files.writeString(socket, "left over by an earlier run");
        daemon = NcpDaemon.start(hosts, "HOST7", socket,
                SocketPolicy.defaults(UserDatabase.system()), config);
    }

    @AfterEach
    void tearDown() {
        daemon.close();
    }

    @Test
    void socketFileOpenToEveryUser() throws IOException {
        assertEquals(PosixFilePermissions.fromString("rw-rw-rw-"),
                Files.getPosixFilePermissions(socket));
    }

    @Test
    void sessionStartsWithWelcome() throws IOException {
        try (SocketChannel channel = connect()) {
            WelcomeFrame welcome = assertInstanceOf(WelcomeFrame.class, readFrame(channel));

            assertEquals(7, welcome.hostNumber());
            assertEquals("HOST7", welcome.hostName());
            assertEquals(currentUid(), welcome.uid());
        }
    }

    @Test
    void unknownFrameTypeEndsSession() throws IOException {
        try (SocketChannel channel = connect()) {
            readFrame(channel);

            channel.write(ByteBuffer.wrap(new byte[] {0, 0, 0, 1, 0x7F}));

            ErrorFrame error = assertInstanceOf(ErrorFrame.class, readFrame(channel));
            assertEquals(0, error.requestId());
            assertEquals(NcpException.Code.BAD_REQUEST, error.code());
            assertEquals(-1, channel.read(ByteBuffer.allocate(1)), "session still open");
        }
    }

    @Test
    void sessionsPerUidLimited() throws IOException {
        try (SocketChannel first = connect(); SocketChannel second = connect();
             SocketChannel third = connect()) {
            assertInstanceOf(WelcomeFrame.class, readFrame(first));
            assertInstanceOf(WelcomeFrame.class, readFrame(second));

            ErrorFrame error = assertInstanceOf(ErrorFrame.class, readFrame(third));
            assertEquals(NcpException.Code.LIMIT_EXCEEDED, error.code());
        }
    }

    @Test
    void reservedSocketRefusedWithReason() throws IOException {
        try (SocketChannel channel = connect()) {
            readFrame(channel);

            write(channel, new ListenRequest(5, 232, 8));

            ErrorFrame error = assertInstanceOf(ErrorFrame.class, readFrame(channel));
            assertEquals(5, error.requestId());
            assertEquals(NcpException.Code.PERMISSION_DENIED, error.code());
            assertEquals("socket 232 is reserved for mailer; you are "
                    + UserDatabase.system().describe(currentUid()), error.message());
        }
    }

    @Test
    void socketBoundByOneSessionOnly() throws IOException {
        try (SocketChannel first = connect(); SocketChannel second = connect()) {
            readFrame(first);
            readFrame(second);

            write(first, new ListenRequest(1, 4001, 8));
            assertInstanceOf(OkFrame.class, readFrame(first));
            write(second, new ListenRequest(2, 4001, 8));

            ErrorFrame error = assertInstanceOf(ErrorFrame.class, readFrame(second));
            assertEquals(NcpException.Code.SOCKET_IN_USE, error.code());
        }
    }

    private SocketChannel connect() throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
        return channel;
    }

    private static void write(SocketChannel channel, LocalApiFrame frame) throws IOException {
        ByteBuf out = Unpooled.buffer();
        LocalApiFrames.encode(frame, out);
        channel.write(out.nioBuffer());
    }

    private static LocalApiFrame readFrame(SocketChannel channel) throws IOException {
        ByteBuffer length = readFully(channel, 4);
        ByteBuffer body = readFully(channel, length.getInt());
        return LocalApiFrames.decode(Unpooled.wrappedBuffer(body), FrameType.Sender.DAEMON);
    }

    private static ByteBuffer readFully(SocketChannel channel, int count) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(count);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new IOException("session closed after " + buffer.position() + " of "
                        + count + " octets");
            }
        }
        return buffer.flip();
    }

    private static int currentUid() throws IOException {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    }
}
