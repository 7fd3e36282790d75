package org.rfc644.ftpserver.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rfc644.ftpserver.UnauthenticatedMailPolicy;
import org.rfc644.ftpserver.decision.AuthenticationRule;
import org.rfc644.ftpserver.decision.Endpoint;
import org.rfc644.ftpserver.decision.TransferOrigin;
import org.rfc644.maildir.DuplicateLedger;
import org.rfc644.maildir.Maildir;
import org.rfc644.maildir.PasswdFile;
import org.rfc644.ncp.client.HostEntry;

/** Marking and storing with a real Maildir and duplicate ledger in a temporary directory. */
class MailDeliveryTest {

    private static final AuthenticationRule RULE = new AuthenticationRule(Set.of(232L),
            List.of(new HostEntry(1, "HOST-A"), new HostEntry(2, "HOST-B")));

    private static final TransferOrigin MAIL_SOCKET = new TransferOrigin(1, "HOST-A", 232, new Endpoint(1, 235),
            new Endpoint(1, 234), Optional.empty());

    private static final TransferOrigin USER_SOCKET = new TransferOrigin(1, "HOST-A", 1000, new Endpoint(1, 1003),
            new Endpoint(1, 1002), Optional.empty());

    @TempDir
    Path root;

    private DuplicateLedger ledger;

    @BeforeEach
    void createMaildirs() throws IOException {
        for (String user : List.of("alice", "bob")) {
            for (String subdirectory : List.of("tmp", "new", "cur")) {
                Files.createDirectories(root.resolve(user).resolve(subdirectory));
            }
        }
        ledger = DuplicateLedger.open(root, Duration.ofHours(1));
    }

    @AfterEach
    void closeLedger() throws IOException {
        ledger.close();
    }

    private MailDelivery delivery(UnauthenticatedMailPolicy policy) throws IOException {
        Path passwd = Files.writeString(root.resolve("passwd"), "carol:x:1001:1001::/home/carol:/bin/sh\n");
        return new MailDelivery(new Maildir(root, "HOST-B"), new PasswdFile(passwd), ledger, policy, "HOST-B");
    }

    private static byte[] message(String messageId) {
        return ("From: alice@HOST-A\r\nMessage-ID: " + messageId + "\r\n\r\nhello\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private List<String> stored(String user) throws IOException {
        try (Stream<Path> files = Files.list(root.resolve(user).resolve("new"))) {
            return files.map(file -> {
                try {
                    return Files.readString(file, StandardCharsets.ISO_8859_1);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }

    @Test
    void storedWithMarkOnTop() throws Exception {
        DeliveryResult result = delivery(UnauthenticatedMailPolicy.ACCEPT_AND_MARK)
                .deliver(message("<1@HOST-A>"), List.of("alice", "bob"), MAIL_SOCKET, RULE);

        assertEquals(DeliveryResult.Status.STORED, result.status());
        assertEquals(List.of("alice", "bob"), result.stored());
        for (String user : List.of("alice", "bob")) {
            String stored = stored(user).get(0);
            assertTrue(stored.startsWith("Authentication-Results: HOST-B; x-rfc644=pass"), stored);
            assertTrue(stored.endsWith(new String(message("<1@HOST-A>"), StandardCharsets.US_ASCII)), stored);
        }
    }

    @Test
    void duplicateStoredOnce() throws Exception {
        MailDelivery delivery = delivery(UnauthenticatedMailPolicy.ACCEPT_AND_MARK);

        delivery.deliver(message("<2@HOST-A>"), List.of("alice"), MAIL_SOCKET, RULE);
        DeliveryResult again = delivery.deliver(message("<2@HOST-A>"), List.of("alice", "bob"), MAIL_SOCKET, RULE);

        assertEquals(DeliveryResult.Status.STORED, again.status());
        assertEquals(List.of("alice"), again.duplicates());
        assertEquals(List.of("bob"), again.stored());
        assertEquals(1, stored("alice").size());
        assertEquals(1, stored("bob").size());
    }

    @Test
    void crashBeforeListingStoresRetry() throws Exception {
        MailDelivery delivery = delivery(UnauthenticatedMailPolicy.ACCEPT_AND_MARK);
        // What a crash after the ledger line and before the link into new/ leaves behind.
        ledger.record("HOST-A", "<3@HOST-A>", "alice", "1796414400.9_1.HOST-B");

        DeliveryResult retry = delivery.deliver(message("<3@HOST-A>"), List.of("alice"), MAIL_SOCKET, RULE);

        assertEquals(List.of("alice"), retry.stored());
        assertEquals(List.of(), retry.duplicates());
        assertEquals(1, stored("alice").size());
    }

    @Test
    void messageReadIntoCurIsDuplicate() throws Exception {
        MailDelivery delivery = delivery(UnauthenticatedMailPolicy.ACCEPT_AND_MARK);
        delivery.deliver(message("<4@HOST-A>"), List.of("alice"), MAIL_SOCKET, RULE);
        Path inNew;
        try (Stream<Path> files = Files.list(root.resolve("alice").resolve("new"))) {
            inNew = files.findFirst().orElseThrow();
        }
        // A mail reader moves a message it showed to cur/ and appends its flags.
        Files.move(inNew, root.resolve("alice").resolve("cur").resolve(inNew.getFileName() + ":2,S"));

        DeliveryResult again = delivery.deliver(message("<4@HOST-A>"), List.of("alice"), MAIL_SOCKET, RULE);

        assertEquals(List.of("alice"), again.duplicates());
        assertEquals(0, stored("alice").size());
    }

    @Test
    void missingMessageIdNeverDuplicate() throws Exception {
        MailDelivery delivery = delivery(UnauthenticatedMailPolicy.ACCEPT_AND_MARK);
        byte[] withoutId = "From: alice@HOST-A\r\n\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII);

        delivery.deliver(withoutId, List.of("alice"), MAIL_SOCKET, RULE);
        delivery.deliver(withoutId, List.of("alice"), MAIL_SOCKET, RULE);

        assertEquals(2, stored("alice").size());
    }

    @Test
    void rejectPolicyStoresNothing() throws Exception {
        DeliveryResult result = delivery(UnauthenticatedMailPolicy.REJECT)
                .deliver(message("<3@HOST-A>"), List.of("alice"), USER_SOCKET, RULE);

        assertEquals(DeliveryResult.Status.REJECTED, result.status());
        assertEquals("sent from unprivileged socket 1000 of HOST-A", result.detail());
        assertEquals(0, stored("alice").size());
    }

    @Test
    void acceptPolicyMarksUnauthenticated() throws Exception {
        DeliveryResult result = delivery(UnauthenticatedMailPolicy.ACCEPT_AND_MARK)
                .deliver(message("<4@HOST-A>"), List.of("alice"), USER_SOCKET, RULE);

        assertEquals(DeliveryResult.Status.STORED, result.status());
        assertTrue(stored("alice").get(0).startsWith("Authentication-Results: HOST-B; x-rfc644=fail"));
    }

    @Test
    void ioErrorIsTemporaryAndNothingVisible() throws Exception {
        // A file where the Maildir's tmp directory belongs makes the write fail, even for root.
        Path tmp = root.resolve("alice").resolve("tmp");
        Files.delete(tmp);
        Files.writeString(tmp, "not a directory");

        DeliveryResult result = delivery(UnauthenticatedMailPolicy.ACCEPT_AND_MARK)
                .deliver(message("<5@HOST-A>"), List.of("alice"), MAIL_SOCKET, RULE);

        assertEquals(DeliveryResult.Status.FILE_SYSTEM_ERROR, result.status());
        assertEquals(0, stored("alice").size());
    }

    @Test
    void accountWithoutMaildirIsPermanentFailure() throws Exception {
        // root has an account on every system and no maildir in this mail root.
        DeliveryResult result = delivery(UnauthenticatedMailPolicy.ACCEPT_AND_MARK)
                .deliver(message("<6@HOST-A>"), List.of("alice", "root"), MAIL_SOCKET, RULE);

        assertEquals(DeliveryResult.Status.UNKNOWN_USER, result.status());
        assertEquals("no mailbox for user root: the account has no maildir here", result.detail());
        assertEquals(List.of("alice"), result.stored());
    }

    @Test
    void knownUsers() throws Exception {
        MailDelivery delivery = delivery(UnauthenticatedMailPolicy.ACCEPT_AND_MARK);

        assertTrue(delivery.isKnownUser("alice"));
        assertTrue(delivery.isKnownUser("ALICE"), "TENEX wrote user names in upper case");
        assertTrue(delivery.isKnownUser("carol"), "an account without a Maildir yet");
        assertFalse(delivery.isKnownUser("nobody"));
        assertFalse(delivery.isKnownUser("../alice"));
        assertFalse(delivery.isKnownUser(".ftp-server"));
    }
}
