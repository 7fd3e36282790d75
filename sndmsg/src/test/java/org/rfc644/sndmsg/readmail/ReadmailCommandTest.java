package org.rfc644.sndmsg.readmail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rfc644.mail.format.AuthenticationMark;
import org.rfc644.mail.format.AuthenticationResults;
import org.rfc644.mail.format.MarkResult;
import org.rfc644.maildir.Maildir;
import org.rfc644.maildir.PasswdFile;
import picocli.CommandLine;

/** The readmail command line, with the user found from this process's uid. */
class ReadmailCommandTest {

    @TempDir
    Path root;

    private Path mailRoot;
    private Path passwd;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void createAccountAndMailbox() throws IOException {
        int uid = CurrentUser.realUid(Files.readAllLines(Path.of("/proc/self/status")));
        Path home = Files.createDirectory(root.resolve("home"));
        passwd = Files.writeString(root.resolve("passwd"),
                "# test accounts\nother:x:" + (uid + 1) + ":100::/nonexistent:/bin/sh\n"
                        + "bob:x:" + uid + ":100:Bob:" + home + ":/bin/sh\n");
        Files.writeString(home.resolve(".distrusted-hosts"), "HOST-A\n");

        mailRoot = root.resolve("mail");
        Maildir maildir = new Maildir(mailRoot, "HOST-B");
        for (String subdirectory : new String[] {"tmp", "new", "cur"}) {
            Files.createDirectories(mailRoot.resolve("bob").resolve(subdirectory));
            Files.createDirectories(mailRoot.resolve("other").resolve(subdirectory));
        }
        AuthenticationMark mark = new AuthenticationMark(MarkResult.PASS, "HOST-B", "HOST-A", 232,
                "alice@HOST-A", false, "", "", "ICP from mail socket 232 of HOST-A");
        maildir.deliver("bob", AuthenticationResults.prepend(
                "From: alice@HOST-A\r\nSubject: for bob\r\n\r\nhello bob\r\n".getBytes(StandardCharsets.US_ASCII), mark));
        maildir.deliver("other", "From: x@HOST-A\r\nSubject: not for bob\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void listsOnlyTheMailboxOfTheRunningUid() {
        int exitCode = run("--mail-root", mailRoot.toString());

        assertEquals(0, exitCode, err.toString());
        assertTrue(out.toString().contains("for bob"), out.toString());
        assertTrue(!out.toString().contains("not for bob"), out.toString());
    }

    @Test
    void perUserDistrustFileApplies() {
        run("--mail-root", mailRoot.toString());

        assertTrue(out.toString().contains("AUTHENTIC BY HOST-A ONLY (ICP from mail socket 232); WARNING: HOST-A is"
                + " not trusted"), out.toString());
    }

    @Test
    void showsOneMessage() {
        int exitCode = run("--mail-root", mailRoot.toString(), "1");

        assertEquals(0, exitCode, err.toString());
        assertTrue(out.toString().startsWith("Message 1 of 1"), out.toString());
        assertTrue(out.toString().contains("hello bob"), out.toString());
    }

    @Test
    void missingMessageExitsWithError() {
        int exitCode = run("--mail-root", mailRoot.toString(), "2");

        assertEquals(1, exitCode);
        assertTrue(err.toString().contains("no message 2"), err.toString());
    }

    @Test
    void missingMailboxExitsWithError() {
        int exitCode = run("--mail-root", root.resolve("nothing").toString());

        assertEquals(1, exitCode);
        assertTrue(err.toString().contains("no mailbox for bob"), err.toString());
    }

    @Test
    void unreadableMailboxIsPermissionDenied() throws Exception {
        // readmail runs as a child process that lacks read access to its own maildir. Root reads
        // every file, so as root the maildir goes to nobody and the child runs without the
        // capabilities that bypass file permissions.
        String userName = System.getProperty("user.name");
        boolean asRoot = "root".equals(userName);
        Path mailbox = Files.createDirectories(root.resolve("unreadable").resolve(userName));
        for (String subdirectory : new String[] {"tmp", "new", "cur"}) {
            Files.createDirectories(mailbox.resolve(subdirectory));
        }
        if (asRoot) {
            Files.setOwner(mailbox, mailbox.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
        }
        Files.setPosixFilePermissions(mailbox, PosixFilePermissions.fromString(asRoot ? "rwx------" : "---------"));

        List<String> command = new ArrayList<>();
        if (asRoot) {
            command.addAll(List.of("setpriv", "--bounding-set=-dac_override,-dac_read_search"));
        }
        command.addAll(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), ReadmailCommand.class.getName(),
                "--mail-root", mailbox.getParent().toString()));
        Process readmail = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String stdout = new String(readmail.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(readmail.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

        assertEquals(1, readmail.waitFor(), stdout + stderr);
        assertTrue(stderr.contains("readmail: permission denied on " + mailbox.resolve("new")), stderr);
        assertFalse(stdout.contains("No messages."), stdout);
    }

    @Test
    void helpExitsWithZero() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString().contains("--mail-root"), out.toString());
    }

    @Test
    void realUidIsFirstNumberOfUidLine() throws IOException {
        assertEquals(1000, CurrentUser.realUid(List.of("Name:\tx", "Uid:\t1000\t0\t0\t0", "Gid:\t5")));
        assertThrows(IOException.class, () -> CurrentUser.realUid(List.of("Name:\tx")));
    }

    private int run(String... args) {
        CommandLine commandLine = new CommandLine(new ReadmailCommand(new PasswdFile(passwd), root.resolve("none")));
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        return commandLine.execute(args);
    }
}
