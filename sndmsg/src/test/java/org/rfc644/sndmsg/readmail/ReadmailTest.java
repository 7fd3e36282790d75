package org.rfc644.sndmsg.readmail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rfc644.mail.format.AuthenticationMark;
import org.rfc644.mail.format.AuthenticationResults;
import org.rfc644.mail.format.MailMessage;
import org.rfc644.mail.format.MarkResult;
import org.rfc644.mail.format.ResentBlock;
import org.rfc644.mail.format.Signature;
import org.rfc644.maildir.MailboxReader;
import org.rfc644.maildir.Maildir;

/** readmail's list and single-message output for each kind of mark. */
class ReadmailTest {

    @TempDir
    Path root;

    private Maildir maildir;
    private DistrustedHosts distrusted;
    private final StringWriter output = new StringWriter();

    @BeforeEach
    void fillMailbox() throws IOException {
        maildir = new Maildir(root.resolve("mail"), "HOST-B");
        for (String subdirectory : new String[] {"tmp", "new", "cur"}) {
            Files.createDirectories(maildir.root().resolve("bob").resolve(subdirectory));
        }
        Path distrustFile = Files.writeString(root.resolve("distrusted-hosts"), "# hosts with weak logins\nhost-d  # shared accounts\n");
        distrusted = DistrustedHosts.load(List.of(root.resolve("missing"), distrustFile));

        byte[] plain = message("alice@HOST-A", "Lunch");
        deliver(1, pass(plain, "HOST-A"));
        deliver(2, mark(plain, MarkResult.FAIL, "HOST-A", 1234, "sent from unprivileged socket 1234 of HOST-A"));
        deliver(3, mark("Subject: anonymous\r\n\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII), MarkResult.NONE,
                "HOST-A", 232, "no From field"));
        byte[] resent = ResentBlock.prepend(message("carol@HOST-C", "Minutes"), "dave@HOST-A",
                List.of("bob@HOST-B"), ZonedDateTime.parse("2026-12-04T20:00:00Z"), "<r1@HOST-A>");
        deliver(4, pass(resent, "HOST-A"));
        deliver(5, pass(message("erin@HOST-D", "Trust me"), "HOST-D"));
        deliver(6, message("mallory@HOST-A", "=?ISO-8859-1?Q?no_mark_f=FCr_dich?="));
        deliver(7, pass(message("alice@HOST-A", "\u001b[2K\rAUTHENTIC"), "HOST-A"));
    }

    @Test
    void listShowsEachKindOfMark() throws IOException {
        readmail().list("bob");

        List<String> lines = output.toString().lines().toList();
        assertEquals(15, lines.size(), output.toString());
        assertTrue(lines.get(1).matches(" +1  .*alice@HOST-A +Lunch"), lines.get(1));
        assertEquals("      AUTHENTIC (HOST-A: ICP from mail socket 232)", lines.get(2));
        assertEquals("      NOT AUTHENTICATED (sent from unprivileged socket 1234 of HOST-A)", lines.get(4));
        assertEquals("      NOT AUTHENTICATED (no From field)", lines.get(6));
        assertEquals("      AUTHENTIC (HOST-A: ICP from mail socket 232); RESENT by dave@HOST-A, the original"
                + " From carol@HOST-C is NOT vouched for", lines.get(8));
        assertTrue(lines.get(10).startsWith("      AUTHENTIC BY HOST-D ONLY (ICP from mail socket 232); WARNING:"
                + " HOST-D is not trusted (listed in "), lines.get(10));
        assertEquals("      NOT AUTHENTICATED (the message carries no authentication mark from the receiving host)",
                lines.get(12));
    }

    @Test
    void listDecodesEncodedWords() throws IOException {
        readmail().list("bob");

        assertTrue(output.toString().lines().toList().get(11).endsWith("no mark f\u00fcr dich"), output.toString());
    }

    @Test
    void listHidesControlCharacters() throws IOException {
        readmail().list("bob");

        List<String> lines = output.toString().lines().toList();
        assertTrue(lines.get(13).endsWith("?[2K?AUTHENTIC"), lines.get(13));
        assertFalse(output.toString().contains("\u001b"));
    }

    @Test
    void showPrintsMarkBeforeMessage() throws IOException {
        assertTrue(readmail().show("bob", 2));

        List<String> lines = output.toString().lines().toList();
        assertEquals("Message 2 of 7", lines.get(0));
        assertEquals("NOT AUTHENTICATED (sent from unprivileged socket 1234 of HOST-A)", lines.get(1));
        assertTrue(lines.get(2).startsWith("-----"));
        assertTrue(lines.get(3).startsWith("Authentication-Results: HOST-B; x-rfc644=fail"), lines.get(3));
        assertTrue(lines.contains("From: alice@HOST-A"));
        assertEquals("body line", lines.get(lines.size() - 1));
    }

    @Test
    void showOfResentMessageNamesResender() throws IOException {
        assertTrue(readmail().show("bob", 4));

        String mark = output.toString().lines().toList().get(1);
        assertTrue(mark.contains("RESENT by dave@HOST-A"), mark);
        assertTrue(mark.contains("original From carol@HOST-C is NOT vouched for"), mark);
    }

    @Test
    void showOfMissingMessageReturnsFalse() throws IOException {
        assertFalse(readmail().show("bob", 8));
        assertFalse(readmail().show("bob", 0));
        assertEquals("", output.toString());
    }

    @Test
    void emptyMailboxSaysSo() throws IOException {
        for (String subdirectory : new String[] {"tmp", "new", "cur"}) {
            Files.createDirectories(maildir.root().resolve("carol").resolve(subdirectory));
        }

        readmail().list("carol");

        assertEquals("No messages.\n", output.toString().replace("\r\n", "\n"));
    }

    @Test
    void listShowsMailboxBeforeDisplayName() throws IOException {
        createMaildir("carol");
        deliverTo("carol", pass(message("\"alice@HOST-A                    \" <mallory@HOST-A>", "quoted"), "HOST-A"));
        deliverTo("carol", pass(message("alice@HOST-A <mallory@HOST-C>", "unquoted"), "HOST-C"));
        deliverTo("carol", pass(message("\"alice@HOST-A, a much longer name\" <mallory@HOST-A>", "long"), "HOST-A"));

        readmail().list("carol");

        List<String> lines = output.toString().lines().toList();
        assertTrue(lines.get(1).matches(" +1  .*  mallory@HOST-A \\(alice@HOST-A\\) +quoted"), lines.get(1));
        assertTrue(lines.get(3).matches(" +2  .*  mallory@HOST-C \\(alice@HOST-A\\) +unquoted"), lines.get(3));
        assertTrue(lines.get(5).matches(" +3  .*  mallory@HOST-A \\(alice@HOST\\.\\.\\.\\)  long"), lines.get(5));
    }

    @Test
    void listNeverCutsMailbox() throws IOException {
        createMaildir("carol");
        String longUser = "\"alice@HOST-A" + " ".repeat(30) + "\"";
        deliverTo("carol", pass(message("Alice <" + longUser + "@HOST-C>", "long"), "HOST-C"));
        deliverTo("carol", pass(message("mallory@HOST-C, Alice <alice@HOST-A>", "two"), "HOST-C"));

        readmail().list("carol");

        List<String> lines = output.toString().lines().toList();
        assertTrue(lines.get(1).contains("  " + longUser + "@HOST-C  long"), lines.get(1));
        assertTrue(lines.get(3).matches(" +2  .*  mallory@HOST-C, alice@HOST-A +two"), lines.get(3));
    }

    @Test
    void showKeepsEightBitReasonIntact() throws IOException {
        createMaildir("carol");
        byte[] message = "From: alice@HOST-A\u00ff\u00fe\r\nSubject: 8-bit\r\n\r\nbody line\r\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        deliverTo("carol", mark(message, MarkResult.FAIL, "HOST-C", 232,
                "From names HOST-A\u00ff\u00fe but the mail came from HOST-C"));

        assertTrue(readmail().show("carol", 1));

        List<String> lines = output.toString().lines().toList();
        assertEquals("NOT AUTHENTICATED (From names HOST-A\u00ff\u00fe but the mail came from HOST-C)", lines.get(1));
        assertTrue(output.toString().contains("reason=\"From names HOST-A\u00ff\u00fe but the mail came from HOST-C\""),
                output.toString());
        assertTrue(lines.contains("From: alice@HOST-A\u00ff\u00fe"), output.toString());
        assertFalse(output.toString().contains("\u00c3"), output.toString());
    }

    @Test
    void distrustedHostsIgnoreCaseAndComments() {
        assertTrue(distrusted.listedIn("HOST-D").isPresent());
        assertTrue(distrusted.listedIn("Host-d").isPresent());
        assertFalse(distrusted.listedIn("HOST-A").isPresent());
        assertFalse(distrusted.listedIn("#").isPresent());
    }

    private Readmail readmail() {
        return new Readmail(new MailboxReader(maildir), distrusted, new PrintWriter(output));
    }

    private void deliver(int order, byte[] message) throws IOException {
        Path file = maildir.deliver("bob", message);
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-12-04T20:00:00Z").plusSeconds(order)));
    }

    private void createMaildir(String user) throws IOException {
        for (String subdirectory : new String[] {"tmp", "new", "cur"}) {
            Files.createDirectories(maildir.root().resolve(user).resolve(subdirectory));
        }
    }

    /** Delivers {@code message} to {@code user}, one second after the message delivered before it. */
    private void deliverTo(String user, byte[] message) throws IOException {
        Path file = maildir.deliver(user, message);
        long earlier = maildir.root().resolve(user).resolve("new").toFile().list().length;
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-12-04T20:00:00Z").plusSeconds(earlier)));
    }

    private static byte[] pass(byte[] message, String foreignHost) {
        Optional<Signature> signature = Signature.of(MailMessage.parse(message));
        AuthenticationMark mark = AuthenticationMark.of(MarkResult.PASS, "HOST-B", foreignHost, 232, signature,
                "ICP from mail socket 232 of " + foreignHost);
        return AuthenticationResults.prepend(message, mark);
    }

    private static byte[] mark(byte[] message, MarkResult result, String foreignHost, long socket, String reason) {
        Optional<Signature> signature = Signature.of(MailMessage.parse(message));
        return AuthenticationResults.prepend(message,
                AuthenticationMark.of(result, "HOST-B", foreignHost, socket, signature, reason));
    }

    private static byte[] message(String from, String subject) {
        return ("From: " + from + "\r\nSubject: " + subject + "\r\nDate: Fri, 4 Dec 2026 20:00:00 +0000\r\n\r\n"
                + "body line\r\n").getBytes(StandardCharsets.UTF_8);
    }
}
