package org.rfc644.ftpserver.dialogue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rfc644.ftp.DeliveryOutcome;
import org.rfc644.ftp.FtpMailSession;
import org.rfc644.ftp.FtpReply;
import org.rfc644.ftp.LineReader;
import org.rfc644.ftp.ReplyCode;
import org.rfc644.mail.format.DotStuffing;
import org.rfc644.ncp.client.NcpClient;
import org.rfc644.ncp.client.NcpConnection;
import org.rfc644.ncp.client.NcpListener;
import org.rfc644.ncp.icp.Icp;
import org.rfc644.ncp.icp.IcpConnection;

/**
 * The user side against scripted servers of the time on socket 3 of HOST-B, which lack block
 * mode. One replies 500 to MLFL, so FtpMailSession must send the message with MAIL, dot-stuffed,
 * and keep using MAIL for the rest of the session. The other takes MLFL in stream mode only, so
 * the file must arrive without block headers and end with the close.
 */
class MailFallbackTest {

    @TempDir
    Path directory;

    @Test
    void mlflRefusedFallsBackToMail() throws Exception {
        byte[] first = Messages.message("alice@HOST-A", "<fallback-1@HOST-A>",
                "first\r\n.\r\n..\r\n.hidden\r\nFrom here\r\n".getBytes(StandardCharsets.US_ASCII));
        byte[] second = Messages.message("alice@HOST-A", "<fallback-2@HOST-A>", "..\r\n".getBytes(StandardCharsets.US_ASCII));

        try (TwoHostNetwork network = new TwoHostNetwork(directory);
             NcpClient serverClient = NcpClient.connect(network.hostB.socketPath());
             NcpListener socket3 = serverClient.listen(3, 32);
             NcpClient client = network.clientOnHostA()) {
            CompletableFuture<List<String>> script = CompletableFuture.supplyAsync(() -> serveWithoutMlfl(network, socket3));

            List<DeliveryOutcome> outcomes = new ArrayList<>();
            try (FtpMailSession session = FtpMailSession.open(client, 232, "HOST-B", TwoHostNetwork.TIMEOUT)) {
                outcomes.add(session.deliver("alice", first));
                outcomes.add(session.deliver("alice", second));
                session.quit();
            }

            List<String> received = script.get(TwoHostNetwork.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(List.of("MODE B", "MLFL alice", "MAIL alice", "MAIL alice", "BYE"), received.subList(0, 5));
            assertEquals("MAIL", outcomes.get(0).command());
            assertEquals(DeliveryOutcome.Status.DELIVERED, outcomes.get(0).status());
            assertEquals("MAIL", outcomes.get(1).command());
            assertArrayEquals(first, received.get(5).getBytes(StandardCharsets.ISO_8859_1));
            assertArrayEquals(second, received.get(6).getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    @Test
    void modeBRefusedSendsStreamMode() throws Exception {
        byte[] first = Messages.message("alice@HOST-A", "<stream-1@HOST-A>", Messages.hardBody());
        byte[] second = Messages.message("alice@HOST-A", "<stream-2@HOST-A>", new byte[0]);

        try (TwoHostNetwork network = new TwoHostNetwork(directory);
             NcpClient serverClient = NcpClient.connect(network.hostB.socketPath());
             NcpListener socket3 = serverClient.listen(3, 32);
             NcpClient client = network.clientOnHostA()) {
            CompletableFuture<List<String>> script = CompletableFuture.supplyAsync(() -> serveStreamOnly(network, socket3));

            List<DeliveryOutcome> outcomes = new ArrayList<>();
            try (FtpMailSession session = FtpMailSession.open(client, 232, "HOST-B", TwoHostNetwork.TIMEOUT)) {
                outcomes.add(session.deliver("alice", first));
                outcomes.add(session.deliver("alice", second));
                session.quit();
            }

            List<String> received = script.get(TwoHostNetwork.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(List.of("MODE B", "MLFL alice", "MLFL alice", "BYE"), received.subList(0, 4));
            for (DeliveryOutcome outcome : outcomes) {
                assertEquals(DeliveryOutcome.Status.DELIVERED, outcome.status(), outcome.toString());
                assertEquals("MLFL", outcome.command());
            }
            assertArrayEquals(first, received.get(4).getBytes(StandardCharsets.ISO_8859_1));
            assertArrayEquals(second, received.get(5).getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    /**
     * Replies 506 to MODE B and takes each MLFL in stream mode on a new data connection to
     * HOST-A's socket 237. Returns the command lines received, then each file.
     */
    private static List<String> serveStreamOnly(TwoHostNetwork network, NcpListener socket3) {
        List<String> commands = new ArrayList<>();
        List<String> files = new ArrayList<>();
        try (NcpClient session = NcpClient.connect(network.hostB.socketPath())) {
            NcpConnection accepted = socket3.accept(TwoHostNetwork.TIMEOUT);
            try (IcpConnection icp = Icp.serve(session, accepted, TwoHostNetwork.TIMEOUT)) {
                LineReader lines = new LineReader(icp.inputStream());
                OutputStream out = icp.outputStream();
                reply(out, FtpReply.of(ReplyCode.GREETING, "scripted server with stream mode only"));
                while (true) {
                    String line = new String(lines.readLine(1000), StandardCharsets.US_ASCII);
                    commands.add(line);
                    if (line.startsWith("MODE")) {
                        reply(out, FtpReply.of(ReplyCode.NOT_IMPLEMENTED, "MODE B is not implemented; only MODE S."));
                    } else if (line.startsWith("MLFL")) {
                        int dataSocket = session.allocate(1);
                        reply(out, FtpReply.of(ReplyCode.SERVER_DATA_SOCKET, "SOCK " + dataSocket));
                        try (NcpConnection data = session.open(dataSocket, "HOST-A", 237, 8, TwoHostNetwork.TIMEOUT)) {
                            reply(out, FtpReply.of(ReplyCode.TRANSFER_STARTED));
                            files.add(new String(data.inputStream().readAllBytes(), StandardCharsets.ISO_8859_1));
                        }
                        session.release(dataSocket);
                        reply(out, FtpReply.of(ReplyCode.TRANSFER_COMPLETED));
                    } else {
                        reply(out, FtpReply.of(ReplyCode.LOGGED_OUT));
                        break;
                    }
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        commands.addAll(files);
        return commands;
    }

    /** Returns the command lines received, then the unstuffed text of each MAIL. */
    private static List<String> serveWithoutMlfl(TwoHostNetwork network, NcpListener socket3) {
        List<String> commands = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        try (NcpClient session = NcpClient.connect(network.hostB.socketPath())) {
            NcpConnection accepted = socket3.accept(TwoHostNetwork.TIMEOUT);
            try (IcpConnection icp = Icp.serve(session, accepted, TwoHostNetwork.TIMEOUT)) {
                LineReader lines = new LineReader(icp.inputStream());
                OutputStream out = icp.outputStream();
                reply(out, FtpReply.of(ReplyCode.GREETING, "scripted server without MLFL"));
                while (true) {
                    String line = new String(lines.readLine(1000), StandardCharsets.US_ASCII);
                    commands.add(line);
                    if (line.startsWith("MODE")) {
                        reply(out, FtpReply.of(ReplyCode.NOT_IMPLEMENTED));
                    } else if (line.startsWith("MLFL")) {
                        reply(out, FtpReply.of(ReplyCode.COMMAND_UNRECOGNIZED));
                    } else if (line.startsWith("MAIL")) {
                        reply(out, FtpReply.of(ReplyCode.ENTER_MAIL));
                        texts.add(readText(lines));
                        reply(out, FtpReply.of(ReplyCode.MAIL_COMPLETED));
                    } else {
                        reply(out, FtpReply.of(ReplyCode.LOGGED_OUT));
                        break;
                    }
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        commands.addAll(texts);
        return commands;
    }

    private static String readText(LineReader lines) throws IOException {
        StringBuilder stuffed = new StringBuilder();
        while (true) {
            String line = new String(lines.readLine(100_000), StandardCharsets.ISO_8859_1);
            stuffed.append(line).append("\r\n");
            if (line.equals(".")) {
                return new String(DotStuffing.unstuff(stuffed.toString().getBytes(StandardCharsets.ISO_8859_1)),
                        StandardCharsets.ISO_8859_1);
            }
        }
    }

    private static void reply(OutputStream out, FtpReply reply) throws IOException {
        out.write(reply.encode());
        out.flush();
    }
}
