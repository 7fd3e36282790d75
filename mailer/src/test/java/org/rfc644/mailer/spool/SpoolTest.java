package org.rfc644.mailer.spool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rfc644.mailer.EnvelopeAddress;

class SpoolTest {

    private static final Instant SUBMITTED = Instant.parse("2026-12-04T12:00:00Z");
    private static final byte[] MESSAGE =
            "From: alice@HOST-A\r\nTo: bob@HOST-B\r\n\r\nHello\r\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path temp;

    @Test
    void createsDirectoryOwnerOnly() throws Exception {
        Path directory = temp.resolve("spool");

        Spool.open(directory);

        assertEquals("rwx------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(directory)));
    }

    @Test
    void tightensLooseDirectoryMode() throws Exception {
        Path directory = Files.createDirectory(temp.resolve("spool"));
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwxrwx"));

        Spool.open(directory);

        assertEquals("rwx------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(directory)));
    }

    @Test
    void entrySurvivesReopen() throws Exception {
        Path directory = temp.resolve("spool");
        SpoolEntry queued = Spool.open(directory).enqueue(draft("bob@HOST-B", "carol@HOST-C"),
                MESSAGE);

        Spool reopened = Spool.open(directory);
        List<SpoolEntry> recovered = reopened.recover();

        assertEquals(List.of(queued), recovered);
        assertArrayEquals(MESSAGE, reopened.readMessage(queued.queueId()));
    }

    @Test
    void filesAreOwnerOnly() throws Exception {
        Path directory = temp.resolve("spool");
        SpoolEntry queued = Spool.open(directory).enqueue(draft("bob@HOST-B"), MESSAGE);

        for (String suffix : List.of(Spool.MESSAGE_SUFFIX, Spool.ENVELOPE_SUFFIX)) {
            Path file = directory.resolve(queued.queueId() + suffix);
            assertEquals("rw-------",
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), suffix);
        }
    }

    @Test
    void updateKeepsAttemptsAndError() throws Exception {
        Path directory = temp.resolve("spool");
        Spool spool = Spool.open(directory);
        SpoolEntry queued = spool.enqueue(draft("bob@HOST-B", "carol@HOST-C"), MESSAGE);
        EnvelopeAddress bob = EnvelopeAddress.parse("bob@HOST-B");
        Instant next = SUBMITTED.plusSeconds(120);
        SpoolEntry failed = queued.withRecipient(queued.recipient(bob).orElseThrow()
                .afterFailure(next, "451 mailbox busy\r\nsecond line\twith tab"));

        spool.update(failed);
        RecipientState recovered = Spool.open(directory).recover().get(0).recipient(bob)
                .orElseThrow();

        assertEquals(1, recovered.attempts());
        assertEquals(next, recovered.nextAttempt());
        assertEquals("451 mailbox busy second line with tab", recovered.lastError());
    }

    @Test
    void removeDeletesBothFiles() throws Exception {
        Path directory = temp.resolve("spool");
        Spool spool = Spool.open(directory);
        SpoolEntry queued = spool.enqueue(draft("bob@HOST-B"), MESSAGE);

        spool.remove(queued.queueId());

        try (var files = Files.list(directory)) {
            assertEquals(0, files.count());
        }
        assertTrue(Spool.open(directory).recover().isEmpty());
    }

    @Test
    void recoveryDeletesUnacknowledgedMessage() throws Exception {
        Path directory = temp.resolve("spool");
        Spool.open(directory);
        // What a crash after writing the message and before writing its envelope leaves.
        Files.write(directory.resolve("lost" + Spool.MESSAGE_SUFFIX), MESSAGE);
        Files.write(directory.resolve("half" + Spool.ENVELOPE_SUFFIX + DurableFiles.TEMPORARY_SUFFIX),
                new byte[] {'s'});

        assertTrue(Spool.open(directory).recover().isEmpty());

        try (var files = Files.list(directory)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void recoverySetsAsideCorruptEnvelope() throws Exception {
        Path directory = temp.resolve("spool");
        Spool spool = Spool.open(directory);
        SpoolEntry good = spool.enqueue(draft("bob@HOST-B"), MESSAGE);
        Files.write(directory.resolve("bad" + Spool.MESSAGE_SUFFIX), MESSAGE);
        Files.writeString(directory.resolve("bad" + Spool.ENVELOPE_SUFFIX), "garbage\n");

        List<SpoolEntry> recovered = Spool.open(directory).recover();

        assertEquals(List.of(good), recovered);
        assertTrue(Files.exists(directory.resolve("bad" + Spool.ENVELOPE_SUFFIX
                + Spool.CORRUPT_SUFFIX)));
        assertFalse(Files.exists(directory.resolve("bad" + Spool.ENVELOPE_SUFFIX)));
    }

    @Test
    void noticeWithoutSenderRoundTrips() throws Exception {
        Path directory = temp.resolve("spool");
        SpoolEntry notice = new SpoolEntry("", "<n1@HOST-A>", Optional.empty(), -1, SUBMITTED,
                List.of(RecipientState.fresh(EnvelopeAddress.parse("alice@HOST-A"), SUBMITTED)));

        SpoolEntry queued = Spool.open(directory).enqueue(notice, MESSAGE);

        assertEquals(List.of(queued), Spool.open(directory).recover());
        assertTrue(queued.sender().isEmpty());
    }

    @Test
    void rejectsDirectoryOfAnotherUser() throws Exception {
        Path directory = Files.createDirectory(temp.resolve("spool"));
        var lookup = directory.getFileSystem().getUserPrincipalLookupService();
        String runningUser = System.getProperty("user.name");
        assumeTrue(runningUser.equals("root"), "only root can give a directory to another user");
        String other = "nobody";
        Files.setOwner(directory, lookup.lookupPrincipalByName(other));

        SpoolException e = assertThrows(SpoolException.class, () -> Spool.open(directory));

        assertTrue(e.getMessage().contains("belongs to " + other), e.getMessage());
    }

    @Test
    void namesUidsWithoutAccount() throws Exception {
        assumeTrue(System.getProperty("user.name").equals("root"), "only root can give a directory to another uid");
        Path directory = Files.createDirectory(temp.resolve("spool"));
        Files.setAttribute(directory, "unix:uid", 902);
        Path passwd = Files.writeString(temp.resolve("passwd"), "alice:x:1003:1003::/home/alice:/bin/sh\n");

        SpoolException e = assertThrows(SpoolException.class, () -> Spool.open(directory, passwd));

        assertTrue(e.getMessage().contains("belongs to uid 902, which has no account in " + passwd),
                e.getMessage());
        assertTrue(e.getMessage().contains("not to uid 0, which has no account in " + passwd),
                e.getMessage());
        assertFalse(e.getMessage().contains("?"), e.getMessage());
    }

    @Test
    void listingChangesNothing() throws Exception {
        Path directory = temp.resolve("spool");
        SpoolEntry queued = Spool.open(directory).enqueue(draft("bob@HOST-B"), MESSAGE);
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));

        List<SpoolEntry> listed = Spool.openForListing(directory).list();

        assertEquals(List.of(queued), listed);
        assertEquals("rwxr-xr-x",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(directory)));
    }

    @Test
    void listingRejectsMissingDirectory() {
        Path directory = temp.resolve("spool");

        SpoolException e = assertThrows(SpoolException.class,
                () -> Spool.openForListing(directory));

        assertTrue(e.getMessage().contains(directory + " does not exist"), e.getMessage());
        assertFalse(Files.exists(directory), "a listing must not create the spool");
    }

    @Test
    void listingReadsDirectoryOfAnotherUser() throws Exception {
        assumeTrue(System.getProperty("user.name").equals("root"),
                "only root can give a directory to another user");
        Path directory = temp.resolve("spool");
        SpoolEntry queued = Spool.open(directory).enqueue(draft("bob@HOST-B"), MESSAGE);
        var lookup = directory.getFileSystem().getUserPrincipalLookupService();
        Files.setOwner(directory, lookup.lookupPrincipalByName("nobody"));

        assertEquals(List.of(queued), Spool.openForListing(directory).list());
        assertEquals("nobody", Files.getOwner(directory).getName());
    }

    @Test
    void openNamesUncreatableDirectory() throws Exception {
        Path notDirectory = Files.writeString(temp.resolve("file"), "");
        Path directory = notDirectory.resolve("spool");

        SpoolException e = assertThrows(SpoolException.class, () -> Spool.open(directory));

        assertTrue(e.getMessage().startsWith("cannot set up the spool directory " + directory),
                e.getMessage());
        assertTrue(e.getMessage().contains("--spool"), e.getMessage());
    }

    private static SpoolEntry draft(String... recipients) {
        List<RecipientState> states = java.util.Arrays.stream(recipients)
                .map(r -> RecipientState.fresh(EnvelopeAddress.parse(r), SUBMITTED))
                .toList();
        return new SpoolEntry("", "<1@HOST-A>", Optional.of(EnvelopeAddress.parse("alice@HOST-A")),
                1003, SUBMITTED, states);
    }
}
