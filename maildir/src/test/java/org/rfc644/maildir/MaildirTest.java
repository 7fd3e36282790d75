package org.rfc644.maildir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaildirTest {

    private static final byte[] MESSAGE = "From: alice@HOST-A\r\n\r\n\u00e4 body\r\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path root;

    private Path passwdPath;
    private Path groupPath;
    private Maildir maildir;

    @BeforeEach
    void createMailRoot() throws IOException {
        passwdPath = root.resolve("passwd");
        Files.writeString(passwdPath, "root:x:0:0:root:/root:/bin/sh\nbob:x:1001:1001::/home/bob:/bin/sh\n"
                + "carl:x:1002:100::/home/carl:/bin/sh\ndora:x:1003:100::/home/dora:/bin/sh\n"
                + "erik:x:1004:1004::/home/erik:/bin/sh\n");
        groupPath = Files.writeString(root.resolve("group"), "root:x:0:\nbob:x:1001:\nusers:x:100:\n"
                + "erik:x:1004:erik,spy\n");
        Path mailRoot = Files.createDirectory(root.resolve("mail"));
        maildir = new Maildir(mailRoot, "HOST-B", new PasswdFile(passwdPath), new GroupFile(groupPath));
        for (String subdirectory : new String[] {"tmp", "new", "cur"}) {
            Files.createDirectories(mailRoot.resolve("alice").resolve(subdirectory));
        }
    }

    @Test
    void deliverWritesMessageIntoNew() throws IOException {
        Path delivered = maildir.deliver("alice", MESSAGE);

        assertEquals(maildir.root().resolve("alice/new"), delivered.getParent());
        assertArrayEquals(MESSAGE, Files.readAllBytes(delivered));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(delivered)));
        assertEquals(List.of(), list("alice/tmp"));
    }

    @Test
    void deliveredNamesFollowMaildirConvention() throws IOException {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            names.add(maildir.deliver("alice", MESSAGE).getFileName().toString());
        }

        assertEquals(20, names.size());
        for (String name : names) {
            assertTrue(name.matches("[0-9]+\\.[0-9]+_[0-9]+\\.HOST-B"), name);
        }
    }

    @Test
    void upperCaseRecipientFindsLowerCaseMaildir() throws IOException {
        Path delivered = maildir.deliver("ALICE", MESSAGE);

        assertEquals(maildir.root().resolve("alice/new"), delivered.getParent());
    }

    @Test
    void unknownUserStoresNothing() throws IOException {
        UnknownUserException e = assertThrows(UnknownUserException.class,
                () -> maildir.deliver("nosuchuser", MESSAGE));

        assertEquals("nosuchuser", e.user());
        assertFalse(Files.exists(maildir.root().resolve("nosuchuser")));
    }

    @Test
    void invalidUserNamesAreUnknown() {
        for (String name : new String[] {"../alice", "alice/../x", ".ftp-server", "-rf", "", "a b", "x\ny"}) {
            assertThrows(UnknownUserException.class, () -> maildir.deliver(name, MESSAGE), name);
        }
    }

    @Test
    void accountWithoutMaildirIsPermanentFailure() {
        UnknownUserException e = assertThrows(UnknownUserException.class, () -> maildir.deliver("bob", MESSAGE));

        assertEquals("no mailbox for user bob: the account has no maildir here", e.getMessage());
        assertFalse(Files.exists(maildir.root().resolve("bob")));
    }

    @Test
    void crashBeforeRenameLeavesNothingVisible() throws IOException {
        Path directory = maildir.directoryOf("alice");

        Path temporary = maildir.writeTemporary(directory, MESSAGE);

        assertArrayEquals(MESSAGE, Files.readAllBytes(temporary));
        assertEquals(List.of(), list("alice/new"));
        assertEquals(List.of(), new MailboxReader(maildir).list("alice"));
    }

    @Test
    void failedLinkRemovesTemporaryFile() throws IOException {
        Path newDirectory = maildir.root().resolve("alice/new");
        Files.delete(newDirectory);
        Files.writeString(newDirectory, "not a directory");

        assertThrows(IOException.class, () -> maildir.deliver("alice", MESSAGE));

        assertEquals(List.of(), list("alice/tmp"));
    }

    @Test
    void missingSubdirectoriesAreCreated() throws IOException {
        Files.createDirectories(maildir.root().resolve("carol"));

        Path delivered = maildir.deliver("carol", MESSAGE);

        assertArrayEquals(MESSAGE, Files.readAllBytes(delivered));
        assertTrue(Files.isDirectory(maildir.root().resolve("carol/cur")));
    }

    @Test
    void createSetsOwnerGroupAndSetgidMode() throws IOException {
        assumeTrue(isRoot(), "changing owner and group needs root");

        Path directory = maildir.create("root", "root");

        for (Path path : new Path[] {directory, directory.resolve("tmp"), directory.resolve("new")}) {
            assertEquals(02750, (Integer) Files.getAttribute(path, "unix:mode") & 07777, path.toString());
            assertEquals(0, (Integer) Files.getAttribute(path, "unix:gid"), path.toString());
        }
        assertArrayEquals(MESSAGE, Files.readAllBytes(maildir.deliver("root", MESSAGE)));
    }

    @Test
    void createRejectsUserWithoutAccount() {
        assertThrows(UnknownUserException.class, () -> maildir.create("nosuchuser", "root"));
    }

    @Test
    void createRejectsSharedPrimaryGroup() {
        IOException e = assertThrows(IOException.class, () -> maildir.create("carl", "root"));

        assertTrue(e.getMessage().contains("also the primary group of dora"), e.getMessage());
        assertFalse(Files.exists(maildir.root().resolve("carl")));
    }

    @Test
    void createRejectsGroupWithOtherMember() {
        IOException e = assertThrows(IOException.class, () -> maildir.create("erik", "root"));

        assertTrue(e.getMessage().contains("has the member spy"), e.getMessage());
    }

    private List<Path> list(String relative) throws IOException {
        try (Stream<Path> files = Files.list(maildir.root().resolve(relative))) {
            return files.toList();
        }
    }

    private static boolean isRoot() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream()
                .anyMatch(line -> line.matches("Uid:\\s+0\\s.*"));
    }
}
