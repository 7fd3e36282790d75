package org.rfc644.ftpserver.dialogue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rfc644.ftp.FtpMailSession;
import org.rfc644.ftp.FtpReply;
import org.rfc644.ftp.block.BlockDescriptor;
import org.rfc644.ftp.block.BlockModeEncoder;
import org.rfc644.ncp.client.ConnectionStatus;
import org.rfc644.ncp.client.NcpClient;
import org.rfc644.ncp.client.NcpConnection;
import org.rfc644.ncp.client.NcpListener;

/**
 * MLFL in RFC 454's block mode against the FTP server of HOST-B, typed by hand with the data
 * connection from U+5 = 237 under the test's control.
 */
class BlockModeDialogueTest {

    private static final int DATA_SOCKET = 232 + 5;

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
        network.emptyMailboxes();
        network.startServer(network.settings());
        client = network.clientOnHostA();
    }

    @AfterEach
    void stopServer() throws Exception {
        client.close();
        network.stopServer();
    }

    @Test
    void eofBlockStoresFileAndKeepsConnection() throws Exception {
        byte[] first = Messages.message("alice@HOST-A", "<block-1@HOST-A>", Messages.hardBody());
        byte[] second = Messages.message("alice@HOST-A", "<block-2@HOST-A>", "second\r\n".getBytes(StandardCharsets.US_ASCII));

        try (TypedUser user = new TypedUser(client, 232);
             NcpListener listener = client.listen(DATA_SOCKET, 8)) {
            assertEquals(200, user.command("MODE B").code());
            NcpConnection data = startTransfer(user, listener, "MLFL alice");
            BlockModeEncoder blocks = new BlockModeEncoder(data.outputStream());
            blocks.writeBlock(BlockDescriptor.ORDINARY, first, 0, 100);
            blocks.writeBlock(BlockDescriptor.END_OF_FILE, first, 100, first.length - 100);
            data.outputStream().flush();

            FtpReply stored = user.reply();
            assertEquals(252, stored.code(), stored.toString());
            assertTrue(isOpen(data), "the server keeps the data connection after the EOF block");
            assertTrue(user.command("STAT").text().contains("Data connection open"), "STAT shows the open connection");

            user.send("MLFL bob\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals(255, user.reply().code());
            assertEquals(250, user.reply().code());
            blocks.writeFile(second);
            assertEquals(252, user.reply().code());
            assertTrue(isOpen(data));
            data.close();
        }

        assertArrayEquals(first, Messages.afterMark(network.storedFor("alice").get(0)));
        assertArrayEquals(second, Messages.afterMark(network.storedFor("bob").get(0)));
    }

    @Test
    void userClosedConnectionGetsNewOne() throws Exception {
        byte[] first = Messages.message("alice@HOST-A", "<reopen-1@HOST-A>", "first\r\n".getBytes(StandardCharsets.US_ASCII));
        byte[] second = Messages.message("alice@HOST-A", "<reopen-2@HOST-A>", "second\r\n".getBytes(StandardCharsets.US_ASCII));

        try (TypedUser user = new TypedUser(client, 232);
             NcpListener listener = client.listen(DATA_SOCKET, 8)) {
            assertEquals(200, user.command("MODE B").code());
            NcpConnection data = startTransfer(user, listener, "MLFL alice");
            new BlockModeEncoder(data.outputStream()).writeFile(first);
            assertEquals(252, user.reply().code());
            assertTrue(isOpen(data));
            data.close();

            // startTransfer accepts a new data connection, which the server opens only when it
            // finds that the user closed the one it kept.
            try (NcpConnection again = startTransfer(user, listener, "MLFL alice")) {
                new BlockModeEncoder(again.outputStream()).writeFile(second);
                assertEquals(252, user.reply().code());
            }
        }

        assertEquals(2, network.storedFor("alice").size());
    }

    @Test
    void dataClosedBeforeEofBlockGets452() throws Exception {
        byte[] message = Messages.message("alice@HOST-A", "<cut-1@HOST-A>", "cut short\r\n".getBytes(StandardCharsets.US_ASCII));

        try (TypedUser user = new TypedUser(client, 232);
             NcpListener listener = client.listen(DATA_SOCKET, 8)) {
            assertEquals(200, user.command("MODE B").code());
            try (NcpConnection data = startTransfer(user, listener, "MLFL alice")) {
                new BlockModeEncoder(data.outputStream()).writeBlock(BlockDescriptor.ORDINARY, message, 0, message.length);
            }

            // In stream mode this close would be the end of a complete file; in block mode it is an error.
            FtpReply incomplete = user.reply();
            assertEquals(452, incomplete.code(), incomplete.toString());
            assertTrue(incomplete.text().contains("before the block marked EOF"), incomplete.text());
            assertEquals(200, user.command("NOOP").code());
        }

        assertEquals(0, network.storedFor("alice").size());
    }

    @Test
    void senderDiesMidBlockStoresNothing() throws Exception {
        byte[] cut = Messages.message("alice@HOST-A", "<died-1@HOST-A>", "x".repeat(500).getBytes(StandardCharsets.US_ASCII));
        byte[] later = Messages.message("alice@HOST-A", "<died-2@HOST-A>", "later\r\n".getBytes(StandardCharsets.US_ASCII));

        try (NcpClient dying = network.clientOnHostA()) {
            TypedUser user = new TypedUser(dying, 232);
            NcpListener listener = dying.listen(DATA_SOCKET, 8);
            assertEquals(200, user.command("MODE B").code());
            NcpConnection data = startTransfer(user, listener, "MLFL alice");
            OutputStream out = data.outputStream();
            out.write(new byte[] {0x02, (byte) (cut.length >>> 8), (byte) cut.length});
            out.write(cut, 0, 200);
            out.flush();
        }

        // A later session stores its message; the file of the dead one must never appear. It uses
        // socket 1000 because the daemon may still be releasing the dead session's sockets.
        try (FtpMailSession session = FtpMailSession.open(client, 1000, "HOST-B", TwoHostNetwork.TIMEOUT)) {
            assertTrue(session.deliver("alice", later).isDelivered());
            session.quit();
        }
        Thread.sleep(500);
        List<byte[]> stored = network.storedFor("alice");
        assertEquals(1, stored.size());
        assertArrayEquals(later, Messages.afterMark(stored.get(0)));
    }

    @Test
    void suspectDataBlockGets452AndNextFileWorks() throws Exception {
        byte[] message = Messages.message("alice@HOST-A", "<suspect-1@HOST-A>", "maybe\r\n".getBytes(StandardCharsets.US_ASCII));

        try (TypedUser user = new TypedUser(client, 232);
             NcpListener listener = client.listen(DATA_SOCKET, 8)) {
            assertEquals(200, user.command("MODE B").code());
            NcpConnection data = startTransfer(user, listener, "MLFL alice");
            BlockModeEncoder blocks = new BlockModeEncoder(data.outputStream());
            blocks.writeBlock(BlockDescriptor.ORDINARY, message, 0, 10);
            blocks.writeBlock(BlockDescriptor.SUSPECT_DATA, message, 10, 10);
            blocks.writeBlock(BlockDescriptor.END_OF_FILE, message, 20, message.length - 20);
            data.outputStream().flush();

            FtpReply refused = user.reply();
            assertEquals(452, refused.code(), refused.toString());
            assertTrue(refused.text().contains("suspect data"), refused.text());
            assertFalse(isOpen(data), "the server closes the data connection before its reply");
            data.close();

            NcpConnection again = startTransfer(user, listener, "MLFL alice");
            new BlockModeEncoder(again.outputStream()).writeFile(message);
            assertEquals(252, user.reply().code());
            again.close();
        }

        List<byte[]> stored = network.storedFor("alice");
        assertEquals(1, stored.size());
        assertArrayEquals(message, Messages.afterMark(stored.get(0)));
    }

    @Test
    void restartMarkerAndUnknownDescriptorGet452() throws Exception {
        byte[][] rejectedBlocks = {
            {0x04, 0x00, 0x02, 'M', '1', 0x02, 0x00, 0x00},
            {0x09, 0x00, 0x00},
            {(byte) 0x82, 0x00, 0x00},
        };
        String[] reasons = {"Restart markers", "descriptor code 9", "descriptor code 130"};

        try (TypedUser user = new TypedUser(client, 232);
             NcpListener listener = client.listen(DATA_SOCKET, 8)) {
            assertEquals(200, user.command("MODE B").code());
            for (int i = 0; i < rejectedBlocks.length; i++) {
                NcpConnection data = startTransfer(user, listener, "MLFL alice");
                data.outputStream().write(rejectedBlocks[i]);
                data.outputStream().flush();

                FtpReply refused = user.reply();
                assertEquals(452, refused.code(), refused.toString());
                assertTrue(refused.text().contains(reasons[i]), refused.text());
                assertFalse(isOpen(data), "closed after " + reasons[i]);
                data.close();
            }
        }

        assertEquals(0, network.storedFor("alice").size());
    }

    @Test
    void modeBThenModeS() throws Exception {
        byte[] inBlocks = Messages.message("alice@HOST-A", "<modes-1@HOST-A>", "in blocks\r\n".getBytes(StandardCharsets.US_ASCII));
        byte[] inStream = Messages.message("alice@HOST-A", "<modes-2@HOST-A>", "in a stream\r\n".getBytes(StandardCharsets.US_ASCII));

        try (TypedUser user = new TypedUser(client, 232);
             NcpListener listener = client.listen(DATA_SOCKET, 8)) {
            assertEquals(200, user.command("MODE B").code());
            NcpConnection blockData = startTransfer(user, listener, "MLFL alice");
            new BlockModeEncoder(blockData.outputStream()).writeFile(inBlocks);
            assertEquals(252, user.reply().code());
            assertTrue(isOpen(blockData));

            assertEquals(200, user.command("MODE S").code());
            assertFalse(isOpen(blockData), "MODE S closes the open data connection before its reply");
            blockData.close();

            try (NcpConnection streamData = startTransfer(user, listener, "MLFL alice")) {
                streamData.outputStream().write(inStream);
            }
            assertEquals(252, user.reply().code());
        }

        List<byte[]> stored = network.storedFor("alice");
        assertEquals(2, stored.size());
        List<String> bodies = stored.stream().map(m -> new String(Messages.afterMark(m), StandardCharsets.ISO_8859_1)).toList();
        assertTrue(bodies.contains(new String(inBlocks, StandardCharsets.ISO_8859_1)), bodies.toString());
        assertTrue(bodies.contains(new String(inStream, StandardCharsets.ISO_8859_1)), bodies.toString());
    }

    @Test
    void aborReinAndSockCloseOpenConnection() throws Exception {
        List<List<String>> commands = List.of(List.of("ABOR"), List.of("REIN", "MODE B"), List.of("SOCK 1001", "SOCK 1,237"));
        List<Integer> firstReplies = List.of(202, 233, 200);

        try (TypedUser user = new TypedUser(client, 232);
             NcpListener listener = client.listen(DATA_SOCKET, 8)) {
            assertEquals(200, user.command("MODE B").code());
            for (int i = 0; i < commands.size(); i++) {
                byte[] message = Messages.message("alice@HOST-A", "<closing-" + i + "@HOST-A>",
                        "one\r\n".getBytes(StandardCharsets.US_ASCII));
                NcpConnection data = startTransfer(user, listener, "MLFL alice");
                new BlockModeEncoder(data.outputStream()).writeFile(message);
                assertEquals(252, user.reply().code());
                assertEquals(200, user.command("SOCK 1,237").code(), "the same data socket is no change");
                assertTrue(isOpen(data), "open after SOCK with the same socket");

                String command = commands.get(i).get(0);
                assertEquals(firstReplies.get(i), user.command(command).code(), command);
                assertFalse(isOpen(data), command + " closes the open data connection");
                data.close();
                for (String restore : commands.get(i).subList(1, commands.get(i).size())) {
                    assertEquals(200, user.command(restore).code(), restore);
                }
            }
        }

        assertEquals(3, network.storedFor("alice").size());
    }

    /** Sends the MLFL line, accepts the server's data connection and reads 255 and 250. */
    private static NcpConnection startTransfer(TypedUser user, NcpListener listener, String mlfl) throws IOException {
        user.send((mlfl + "\r\n").getBytes(StandardCharsets.US_ASCII));
        FtpReply socket = user.reply();
        assertEquals(255, socket.code(), socket.toString());
        NcpConnection data = listener.accept(TwoHostNetwork.TIMEOUT);
        FtpReply started = user.reply();
        assertEquals(250, started.code(), started.toString());
        return data;
    }

    /** Returns whether HOST-A's daemon still has {@code data} open. */
    private boolean isOpen(NcpConnection data) throws IOException {
        for (ConnectionStatus connection : client.status()) {
            if (connection.localSocket() == data.localSocket() && connection.foreignSocket() == data.foreignSocket()
                    && connection.state().equals("OPEN")) {
                return true;
            }
        }
        return false;
    }
}
