package org.rfc644.mailer.submission;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rfc644.mailer.spool.Spool;
import org.rfc644.mailer.spool.SpoolEntry;

class SubmissionServerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final byte[] MESSAGE = "From: a@HOST-A\r\n\r\nHi\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path temp;

    @Test
    void takesSubmitterFromKernel() throws Exception {
        int uid = LocalUsers.currentUid();
        String name = LocalUsers.system().nameOf(uid).orElseThrow();
        Spool spool = Spool.open(temp.resolve("spool"));
        SubmissionAcceptor acceptor = new SubmissionAcceptor(spool, LocalUsers.system(), "HOST-A",
                Clock.systemUTC(), entry -> { });
        Path socket = temp.resolve("submit.sock");

        try (SubmissionServer server = SubmissionServer.start(socket, acceptor)) {
            assertEquals("rw-rw-rw-",
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));

            AcceptedReply reply = SubmissionClient.submit(socket, List.of("bob@HOST-B"),
                    ("From: " + name + "@HOST-A\r\n\r\nHi\r\n").getBytes(StandardCharsets.UTF_8),
                    TIMEOUT);

            SpoolEntry entry = spool.recover().get(0);
            assertEquals(reply.queueId(), entry.queueId());
            assertEquals(uid, entry.senderUid());
        }
    }

    @Test
    void returnsRejectionToClient() throws Exception {
        Spool spool = Spool.open(temp.resolve("spool"));
        SubmissionAcceptor acceptor = new SubmissionAcceptor(spool, LocalUsers.system(), "HOST-A",
                Clock.systemUTC(), entry -> { });
        Path socket = temp.resolve("submit.sock");

        try (SubmissionServer server = SubmissionServer.start(socket, acceptor)) {
            SubmissionRejectedException e = assertThrows(SubmissionRejectedException.class,
                    () -> SubmissionClient.submit(socket, List.of("bob@HOST-B"),
                            "From: somebody-else@HOST-A\r\n\r\nHi\r\n".getBytes(StandardCharsets.UTF_8),
                            TIMEOUT));

            assertEquals(RejectReason.SENDER_MISMATCH, e.reason());
            assertTrue(e.getMessage().contains("--resend"), e.getMessage());
            assertTrue(spool.recover().isEmpty());
        }
    }

    @Test
    void clientNamesMissingMailerSocket() {
        Path socket = temp.resolve("submit.sock");

        IOException e = assertThrows(IOException.class, () -> SubmissionClient.submit(socket,
                List.of("bob@HOST-B"), MESSAGE, TIMEOUT));

        assertEquals("the mailer is not running at " + socket + " (the socket does not exist)."
                + " Start it, or give the socket it listens on with --submit-socket",
                e.getMessage());
    }

    @Test
    void clientNamesStaleMailerSocket() throws Exception {
        Path socket = temp.resolve("submit.sock");
        // A socket file as a mailer killed with SIGKILL leaves it: bound, then no longer served.
        // Closing the JDK's channel leaves the file in place.
        try (ServerSocketChannel stale = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            stale.bind(UnixDomainSocketAddress.of(socket));
        }

        IOException e = assertThrows(IOException.class, () -> SubmissionClient.submit(socket,
                List.of("bob@HOST-B"), MESSAGE, TIMEOUT));

        assertTrue(e.getMessage().startsWith("the mailer is not running at " + socket
                + " (nothing listens on the socket)"), e.getMessage());
    }

    @Test
    void serverNamesUncreatableSocketDirectory() throws Exception {
        Path notDirectory = Files.writeString(temp.resolve("file"), "");
        Path socket = notDirectory.resolve("submit.sock");
        Spool spool = Spool.open(temp.resolve("spool"));
        SubmissionAcceptor acceptor = new SubmissionAcceptor(spool, LocalUsers.system(), "HOST-A",
                Clock.systemUTC(), entry -> { });

        IOException e = assertThrows(IOException.class,
                () -> SubmissionServer.start(socket, acceptor));

        assertTrue(e.getMessage().startsWith("cannot create the submission socket " + socket),
                e.getMessage());
        assertTrue(e.getMessage().contains("--submit-socket"), e.getMessage());
    }

    @Test
    void serverNamesSocketItCannotBind() throws Exception {
        // A Unix socket path has at most 107 bytes, so bind(2) fails on this one although its
        // directory exists and may be written.
        Path socket = temp.resolve("s".repeat(120) + ".sock");
        Spool spool = Spool.open(temp.resolve("spool"));
        SubmissionAcceptor acceptor = new SubmissionAcceptor(spool, LocalUsers.system(), "HOST-A",
                Clock.systemUTC(), entry -> { });

        IOException e = assertThrows(IOException.class,
                () -> SubmissionServer.start(socket, acceptor));

        assertTrue(e.getMessage().startsWith("cannot listen on the submission socket " + socket),
                e.getMessage());
    }

    @Test
    void codecRoundTripsEveryFrame() {
        List<SubmissionFrame> frames = List.of(
                new AcceptedReply("q1", "<1@HOST-A>"),
                new RejectedReply(RejectReason.TOO_LARGE, "too large"));
        for (SubmissionFrame frame : frames) {
            ByteBuf buffer = Unpooled.buffer();
            SubmissionCodec.encode(frame, buffer);
            assertEquals(frame, SubmissionCodec.decode(buffer));
        }

        ByteBuf buffer = Unpooled.buffer();
        SubmissionCodec.encode(new SubmitRequest(List.of("a@B", "c at D"), new byte[] {1, 2, 3}),
                buffer);
        SubmitRequest decoded = (SubmitRequest) SubmissionCodec.decode(buffer);
        assertEquals(List.of("a@B", "c at D"), decoded.recipients());
        assertEquals(3, decoded.message().length);
    }

    @Test
    void codecMatchesDocumentedBytes() {
        ByteBuf buffer = Unpooled.buffer();

        SubmissionCodec.encode(new SubmitRequest(List.of("b@H"), new byte[] {'X'}), buffer);

        byte[] expected = {0x01, 0x00, 0x01, 0x00, 0x03, 'b', '@', 'H', 'X'};
        byte[] actual = new byte[buffer.readableBytes()];
        buffer.readBytes(actual);
        assertArrayEquals(expected, actual);
    }
}
