package org.rfc644.ftpserver.dialogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rfc644.ftp.FtpReply;
import org.rfc644.ftp.block.BlockDescriptor;
import org.rfc644.ftp.block.BlockModeEncoder;
import org.rfc644.ftpserver.ServerSettings;
import org.rfc644.ncp.client.NcpClient;
import org.rfc644.ncp.client.NcpConnection;
import org.rfc644.ncp.client.NcpListener;

/** Bad input and limits in real sessions: each gets a reply or a close, and the server goes on. */
class SessionLimitsTest {

    private static final Duration IDLE = Duration.ofSeconds(2);

    @TempDir
    static Path directory;

    static TwoHostNetwork network;

    private NcpClient client;

    @BeforeAll
    static void startNetwork() throws IOException {
        network = new TwoHostNetwork(directory);
    }

    @AfterAll
    static void stopNetwork() throws Exception {
        network.close();
    }

    @BeforeEach
    void startServer() throws IOException {
        ServerSettings defaults = network.settings();
        network.startServer(new ServerSettings(defaults.daemonSocket(), defaults.mailRoot(),
                defaults.authorizedMailSockets(), defaults.unauthenticatedMail(), defaults.duplicateWindow(),
                IDLE, IDLE, defaults.connectTimeout(), 100, 300, defaults.maxSessions()));
        client = network.clientOnHostA();
    }

    @AfterEach
    void stopServer() throws Exception {
        client.close();
        network.stopServer();
    }

    @Test
    void commandLineOverLimitGets500() throws Exception {
        try (TypedUser user = new TypedUser(client, 232)) {
            FtpReply tooLong = user.command("NOOP " + "x".repeat(200));
            assertEquals(500, tooLong.code());
            assertTrue(tooLong.text().contains("100 octets"), tooLong.text());
            assertEquals(200, user.command("NOOP " + "x".repeat(95)).code());
        }
    }

    @Test
    void nonAsciiCommandGets501() throws Exception {
        try (TypedUser user = new TypedUser(client, 232)) {
            FtpReply rejected = user.command("MAIL al\u00e9ce");
            assertEquals(501, rejected.code());
            assertTrue(rejected.text().contains("0xE9"), rejected.text());
            assertEquals(200, user.command("NOOP").code());
        }
    }

    @Test
    void unknownAndMalformedCommands() throws Exception {
        try (TypedUser user = new TypedUser(client, 232)) {
            assertEquals(500, user.command("XYZZ").code());
            assertEquals(500, user.command("FOOBAR x").code());
            assertEquals(500, user.command("").code());
            assertEquals(506, user.command("RETR file").code());
            assertEquals(502, user.command("MAIL").code());
            assertEquals(502, user.command("MLFL alice,,bob").code());
            assertEquals(200, user.command("noop").code());
        }
    }

    @Test
    void transferParameterCommands() throws Exception {
        try (TypedUser user = new TypedUser(client, 232)) {
            assertEquals(200, user.command("TYPE A").code());
            assertEquals(506, user.command("TYPE E").code());
            assertEquals(501, user.command("TYPE Q").code());
            assertEquals(200, user.command("BYTE 8").code());
            assertEquals(506, user.command("BYTE 36").code());
            assertEquals(501, user.command("BYTE 0").code());
            assertEquals(501, user.command("BYTE 256").code());
            assertEquals(502, user.command("BYTE").code());
            assertEquals(200, user.command("MODE B").code());
            assertEquals(506, user.command("MODE T").code());
            assertEquals(506, user.command("MODE H").code());
            assertEquals(501, user.command("MODE X").code());
            assertTrue(user.command("STAT").text().contains("MODE B"), "MODE T, H and X leave MODE B");
            assertEquals(200, user.command("MODE S").code());
            assertEquals(200, user.command("STRU F").code());
            assertEquals(506, user.command("FORM P").code());
            assertEquals(501, user.command("SOCK 1,x").code());
            assertEquals(501, user.command("SOCK 4294967296").code());
            assertEquals(503, user.command("PASS secret").code());
            assertEquals(230, user.command("USER smith").code());
            assertEquals(230, user.command("PASS secret").code());
            FtpReply help = user.command("HELP");
            assertEquals(50, help.code());
            assertTrue(help.lines().size() > 3, help.toString());
            assertTrue(help.text().contains("MODE S|B"), help.toString());
            FtpReply status = user.command("STAT");
            assertEquals(100, status.code());
            assertTrue(status.text().contains("MODE S"), status.toString());
            assertTrue(status.text().contains("No data connection open"), status.toString());
        }
    }

    @Test
    void idleSessionGets430AndClose() throws Exception {
        try (TypedUser user = new TypedUser(client, 232)) {
            Thread.sleep(IDLE.toMillis() + 500);

            assertEquals(430, user.reply().code());
            assertTrue(user.serverClosed());
        }
    }

    @Test
    void lineSentOctetByOctetGets430() throws Exception {
        try (TypedUser user = new TypedUser(client, 232)) {
            // Each octet comes well within the read timeout, so only the deadline of the whole
            // line can end this; the server closes the connection, which ends the sending.
            try {
                for (char c : "NOOPNOOPNOOP".toCharArray()) {
                    user.send(new byte[] {(byte) c});
                    Thread.sleep(IDLE.toMillis() / 3);
                }
            } catch (IOException closedByServer) {
                // Expected once the deadline has passed.
            }

            assertEquals(430, user.reply().code());
            assertTrue(user.serverClosed());
        }
    }

    @Test
    void dataConnectionNeverClosedGets452() throws Exception {
        try (TypedUser user = new TypedUser(client, 232);
             NcpListener dataSocket = client.listen(232 + 5, 8)) {
            user.send("MLFL alice\r\n".getBytes(StandardCharsets.US_ASCII));
            FtpReply socket = user.reply();
            assertEquals(255, socket.code(), socket.toString());
            try (NcpConnection data = dataSocket.accept(TwoHostNetwork.TIMEOUT)) {
                assertEquals(250, user.reply().code());
                OutputStream out = data.outputStream();
                out.write("From: alice@HOST-A\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();

                FtpReply incomplete = user.reply();
                assertEquals(452, incomplete.code(), incomplete.toString());
            }
            assertEquals(200, user.command("NOOP").code());
        }

        assertEquals(0, network.storedFor("alice").size());
    }

    @Test
    void blockFileOverSizeLimitGets507() throws Exception {
        try (TypedUser user = new TypedUser(client, 232);
             NcpListener dataSocket = client.listen(232 + 5, 8)) {
            assertEquals(200, user.command("MODE B").code());
            user.send("MLFL alice\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals(255, user.reply().code());
            try (NcpConnection data = dataSocket.accept(TwoHostNetwork.TIMEOUT)) {
                assertEquals(250, user.reply().code());
                BlockModeEncoder blocks = new BlockModeEncoder(data.outputStream());
                byte[] half = ("From: alice@HOST-A\r\n\r\n" + "z".repeat(180)).getBytes(StandardCharsets.US_ASCII);
                blocks.writeBlock(BlockDescriptor.ORDINARY, half, 0, half.length);
                blocks.writeBlock(BlockDescriptor.END_OF_FILE, half, 0, half.length);
                data.outputStream().flush();

                FtpReply tooLarge = user.reply();
                assertEquals(507, tooLarge.code(), tooLarge.toString());
            }
            assertEquals(200, user.command("NOOP").code());
        }

        assertEquals(0, network.storedFor("alice").size());
    }

    @Test
    void mailOverSizeLimitGets507() throws Exception {
        try (TypedUser user = new TypedUser(client, 232)) {
            assertEquals(350, user.command("MAIL alice").code());
            user.send("From: alice@HOST-A\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 10; i++) {
                user.send(("line " + i + " " + "y".repeat(40) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            }
            user.send(".\r\n".getBytes(StandardCharsets.US_ASCII));

            FtpReply tooLarge = user.reply();
            assertEquals(507, tooLarge.code(), tooLarge.toString());
            assertEquals(200, user.command("NOOP").code());
        }

        assertEquals(0, network.storedFor("alice").size());
    }

    @Test
    void icpOverSessionLimitClosed() throws Exception {
        network.stopServer();
        ServerSettings defaults = network.settings();
        network.startServer(new ServerSettings(defaults.daemonSocket(), defaults.mailRoot(),
                defaults.authorizedMailSockets(), defaults.unauthenticatedMail(), defaults.duplicateWindow(),
                defaults.idleTimeout(), defaults.dataTimeout(), defaults.connectTimeout(), 100, 300, 1));

        try (TypedUser first = new TypedUser(client, 232)) {
            assertEquals(300, first.greeting.code());

            assertThrows(IOException.class, () -> new TypedUser(client, 1000));
            assertEquals(200, first.command("NOOP").code());
        }
    }
}
