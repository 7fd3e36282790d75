package org.rfc644.ftpserver.dialogue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rfc644.ftp.DeliveryOutcome;
import org.rfc644.ftp.FtpMailSession;
import org.rfc644.ftp.FtpReply;
import org.rfc644.mail.format.DotStuffing;
import org.rfc644.ncp.client.ConnectionStatus;
import org.rfc644.ncp.client.NcpClient;

/** Whole MAIL and MLFL dialogues between HOST-A and the FTP server of HOST-B, over two real daemons. */
class MailDialogueTest {

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
    void mlflFromMailSocketIsAuthentic() throws Exception {
        byte[] message = Messages.message("alice@HOST-A", "<mlfl-1@HOST-A>", Messages.hardBody());

        DeliveryOutcome outcome;
        try (FtpMailSession session = FtpMailSession.open(client, 232, "HOST-B", TwoHostNetwork.TIMEOUT)) {
            outcome = session.deliver("alice", message);
            session.quit();
        }

        assertEquals(DeliveryOutcome.Status.DELIVERED, outcome.status(), outcome.toString());
        assertEquals("MLFL", outcome.command());
        assertEquals(252, outcome.reply().code());
        List<byte[]> stored = network.storedFor("alice");
        assertEquals(1, stored.size());
        String mark = Messages.mark(stored.get(0));
        assertTrue(mark.startsWith("Authentication-Results: HOST-B; x-rfc644=pass"), mark);
        assertTrue(mark.contains("policy.foreign-socket=232"), mark);
        assertArrayEquals(message, Messages.afterMark(stored.get(0)));
    }

    @Test
    void mailSessionReusesBlockModeDataConnection() throws Exception {
        byte[] large = Messages.message("alice@HOST-A", "<reuse-1@HOST-A>",
                "0123456789abcdef\r\n".repeat(10_000).getBytes(StandardCharsets.US_ASCII));
        byte[] small = Messages.message("alice@HOST-A", "<reuse-2@HOST-A>", "small\r\n".getBytes(StandardCharsets.US_ASCII));
        byte[] empty = Messages.message("alice@HOST-A", "<reuse-3@HOST-A>", new byte[0]);

        List<Integer> serverSockets = new ArrayList<>();
        try (FtpMailSession session = FtpMailSession.open(client, 232, "HOST-B", TwoHostNetwork.TIMEOUT)) {
            for (byte[] message : List.of(large, small, empty)) {
                DeliveryOutcome outcome = session.deliver("alice", message);
                assertTrue(outcome.isDelivered(), outcome.toString());
                List<ConnectionStatus> onDataSocket = client.status().stream()
                        .filter(connection -> connection.localSocket() == 237).toList();
                assertEquals(1, onDataSocket.size(), onDataSocket.toString());
                assertEquals("OPEN", onDataSocket.get(0).state());
                serverSockets.add(onDataSocket.get(0).foreignSocket());

                DeliveryOutcome unknown = session.deliver("nobody", message);
                assertEquals(450, unknown.reply().code(), "a refused MLFL leaves the data connection open");
            }
            session.quit();
        }

        assertEquals(1, serverSockets.stream().distinct().count(), "one data connection for all files: " + serverSockets);
        assertTrue(client.status().stream().noneMatch(connection -> connection.localSocket() == 237),
                "the data connection closes with the session");
        List<byte[]> stored = network.storedFor("alice");
        assertEquals(3, stored.size());
        List<String> bodies = stored.stream().map(m -> new String(Messages.afterMark(m), StandardCharsets.ISO_8859_1)).toList();
        for (byte[] message : List.of(large, small, empty)) {
            assertTrue(bodies.contains(new String(message, StandardCharsets.ISO_8859_1)), "stored " + message.length + " octets");
        }
    }

    @Test
    void typedMailKeepsEveryByte() throws Exception {
        byte[] message = Messages.message("alice@HOST-A", "<mail-1@HOST-A>", Messages.hardBody());

        try (TypedUser user = new TypedUser(client, 232)) {
            assertEquals(300, user.greeting.code());
            assertEquals(350, user.command("MAIL alice").code());
            user.send(DotStuffing.stuff(message));
            FtpReply completed = user.reply();
            assertEquals(256, completed.code(), completed.toString());
            assertTrue(completed.text().contains("AUTHENTIC"), completed.text());
            assertEquals(231, user.command("BYE").code());
        }

        List<byte[]> stored = network.storedFor("alice");
        assertEquals(1, stored.size());
        assertTrue(Messages.mark(stored.get(0)).contains("x-rfc644=pass"), Messages.mark(stored.get(0)));
        assertArrayEquals(message, Messages.afterMark(stored.get(0)));
    }

    @Test
    void emptyBodyByMailAndMlfl() throws Exception {
        byte[] viaMail = Messages.message("alice@HOST-A", "<empty-mail@HOST-A>", new byte[0]);
        byte[] viaMlfl = Messages.message("alice@HOST-A", "<empty-mlfl@HOST-A>", new byte[0]);

        try (TypedUser user = new TypedUser(client, 232)) {
            assertEquals(350, user.command("MAIL alice").code());
            user.send(DotStuffing.stuff(viaMail));
            assertEquals(256, user.reply().code());
        }
        try (FtpMailSession session = FtpMailSession.open(client, 232, "HOST-B", TwoHostNetwork.TIMEOUT)) {
            assertTrue(session.deliver("alice", viaMlfl).isDelivered());
            session.quit();
        }

        List<byte[]> stored = network.storedFor("alice");
        assertEquals(2, stored.size());
        List<String> bodies = stored.stream().map(m -> new String(Messages.afterMark(m), StandardCharsets.ISO_8859_1)).toList();
        assertTrue(bodies.contains(new String(viaMail, StandardCharsets.ISO_8859_1)), bodies.toString());
        assertTrue(bodies.contains(new String(viaMlfl, StandardCharsets.ISO_8859_1)), bodies.toString());
    }

    @Test
    void severalRecipientsOneSession() throws Exception {
        byte[] first = Messages.message("alice@HOST-A", "<several-1@HOST-A>", "one\r\n".getBytes(StandardCharsets.US_ASCII));
        byte[] second = Messages.message("alice@HOST-A", "<several-2@HOST-A>", "two\r\n".getBytes(StandardCharsets.US_ASCII));

        try (FtpMailSession session = FtpMailSession.open(client, 232, "HOST-B", TwoHostNetwork.TIMEOUT)) {
            assertTrue(session.deliver("alice", first).isDelivered());
            assertTrue(session.deliver("bob", first).isDelivered());
            assertTrue(session.deliver("bob", second).isDelivered());
            session.quit();
        }
        try (TypedUser user = new TypedUser(client, 232)) {
            byte[] third = Messages.message("alice@HOST-A", "<several-3@HOST-A>", "three\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals(350, user.command("MAIL alice, bob").code());
            user.send(DotStuffing.stuff(third));
            assertEquals(256, user.reply().code());
        }

        assertEquals(2, network.storedFor("alice").size());
        assertEquals(3, network.storedFor("bob").size());
    }

    @Test
    void unknownRecipientGetsFailureAndNothingStored() throws Exception {
        byte[] message = Messages.message("alice@HOST-A", "<unknown-1@HOST-A>", "hi\r\n".getBytes(StandardCharsets.US_ASCII));

        try (FtpMailSession session = FtpMailSession.open(client, 232, "HOST-B", TwoHostNetwork.TIMEOUT)) {
            DeliveryOutcome outcome = session.deliver("nobody", message);
            assertEquals(DeliveryOutcome.Status.PERMANENT_FAILURE, outcome.status(), outcome.toString());
            assertEquals(450, outcome.reply().code());
            assertTrue(session.deliver("alice", message).isDelivered(), "the session goes on");
            session.quit();
        }
        try (TypedUser user = new TypedUser(client, 232)) {
            FtpReply refused = user.command("MAIL alice,nobody");
            assertEquals(450, refused.code());
            assertTrue(refused.text().contains("nobody"), refused.text());
            assertEquals(200, user.command("NOOP").code());
        }

        assertEquals(1, network.storedFor("alice").size());
        assertTrue(Files.notExists(network.mailRoot.resolve("nobody")));
    }

    @Test
    void unprivilegedSocketIsNotAuthenticated() throws Exception {
        byte[] message = Messages.message("alice@HOST-A", "<forged-1@HOST-A>", "hi\r\n".getBytes(StandardCharsets.US_ASCII));

        DeliveryOutcome outcome;
        try (FtpMailSession session = FtpMailSession.open(client, 1000, "HOST-B", TwoHostNetwork.TIMEOUT)) {
            outcome = session.deliver("alice", message);
            session.quit();
        }

        assertTrue(outcome.isDelivered(), outcome.toString());
        assertTrue(outcome.reply().text().contains("NOT AUTHENTICATED"), outcome.reply().text());
        String mark = Messages.mark(network.storedFor("alice").get(0));
        assertTrue(mark.contains("x-rfc644=fail"), mark);
        assertTrue(mark.replaceAll("\r\n ", " ").contains("sent from unprivileged socket 1000 of HOST-A"), mark);
    }

    @Test
    void fromOtherHostIsNotAuthenticated() throws Exception {
        byte[] message = Messages.message("carol@HOST-C", "<other-host-1@HOST-A>", "hi\r\n".getBytes(StandardCharsets.US_ASCII));

        try (FtpMailSession session = FtpMailSession.open(client, 232, "HOST-B", TwoHostNetwork.TIMEOUT)) {
            assertTrue(session.deliver("alice", message).isDelivered());
            session.quit();
        }

        String mark = Messages.mark(network.storedFor("alice").get(0)).replaceAll("\r\n ", " ");
        assertTrue(mark.contains("x-rfc644=fail"), mark);
        assertTrue(mark.contains("From names HOST-C but the mail came from HOST-A"), mark);
    }

    @Test
    void forgedAuthenticationResultsRemoved() throws Exception {
        String forged = "Authentication-Results: host-b; x-rfc644=pass policy.foreign-socket=232\r\n";
        String foreign = "Authentication-Results: mx.example; spf=pass\r\n";
        byte[] original = (forged + foreign + "From: alice@HOST-A\r\nMessage-ID: <forged-ar-1@HOST-A>\r\n\r\nbody\r\n")
                .getBytes(StandardCharsets.US_ASCII);

        try (FtpMailSession session = FtpMailSession.open(client, 1000, "HOST-B", TwoHostNetwork.TIMEOUT)) {
            assertTrue(session.deliver("alice", original).isDelivered());
            session.quit();
        }

        byte[] stored = network.storedFor("alice").get(0);
        assertTrue(Messages.mark(stored).contains("x-rfc644=fail"), Messages.mark(stored));
        String rest = new String(Messages.afterMark(stored), StandardCharsets.US_ASCII);
        assertEquals(foreign + "From: alice@HOST-A\r\nMessage-ID: <forged-ar-1@HOST-A>\r\n\r\nbody\r\n", rest);
    }

    @Test
    void sameMessageIdTwiceStoredOnce() throws Exception {
        byte[] message = Messages.message("alice@HOST-A", "<twice-1@HOST-A>", "hi\r\n".getBytes(StandardCharsets.US_ASCII));

        try (FtpMailSession session = FtpMailSession.open(client, 232, "HOST-B", TwoHostNetwork.TIMEOUT)) {
            assertTrue(session.deliver("alice", message).isDelivered());
            session.quit();
        }
        try (FtpMailSession session = FtpMailSession.open(client, 232, "HOST-B", TwoHostNetwork.TIMEOUT)) {
            DeliveryOutcome again = session.deliver("alice", message);
            assertEquals(DeliveryOutcome.Status.DELIVERED, again.status(), again.toString());
            session.quit();
        }

        assertEquals(1, network.storedFor("alice").size());
    }

    @Test
    void dataSocketOtherThanUPlus5Refused() throws Exception {
        try (TypedUser user = new TypedUser(client, 232)) {
            assertEquals(200, user.command("SOCK 1001").code());
            FtpReply refused = user.command("MLFL alice");
            assertEquals(454, refused.code(), refused.toString());
            assertTrue(refused.text().contains("237"), refused.text());
            assertEquals(200, user.command("SOCK 1,237").code());
            assertEquals(200, user.command("NOOP").code());
        }

        assertEquals(0, network.storedFor("alice").size());
    }

    @Test
    void rejectPolicyRefusesWithReason() throws Exception {
        network.stopServer();
        var settings = network.settings();
        network.startServer(new org.rfc644.ftpserver.ServerSettings(settings.daemonSocket(), settings.mailRoot(),
                settings.authorizedMailSockets(), org.rfc644.ftpserver.UnauthenticatedMailPolicy.REJECT,
                settings.duplicateWindow(), settings.idleTimeout(), settings.dataTimeout(), settings.connectTimeout(),
                settings.maxCommandLine(), settings.maxMessageSize(), settings.maxSessions()));
        byte[] message = Messages.message("alice@HOST-A", "<reject-1@HOST-A>", "hi\r\n".getBytes(StandardCharsets.US_ASCII));

        DeliveryOutcome outcome;
        try (FtpMailSession session = FtpMailSession.open(client, 1000, "HOST-B", TwoHostNetwork.TIMEOUT)) {
            outcome = session.deliver("alice", message);
            session.quit();
        }

        assertEquals(DeliveryOutcome.Status.PERMANENT_FAILURE, outcome.status(), outcome.toString());
        assertEquals(451, outcome.reply().code());
        assertTrue(outcome.reply().text().contains("sent from unprivileged socket 1000 of HOST-A"), outcome.reply().text());
        assertEquals(0, network.storedFor("alice").size());
    }
}
