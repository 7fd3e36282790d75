package org.rfc644.maildir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rfc644.mail.format.AuthenticationMark;
import org.rfc644.mail.format.AuthenticationResults;
import org.rfc644.mail.format.MarkResult;

class MailboxReaderTest {

    @TempDir
    Path root;

    private Maildir maildir;

    @BeforeEach
    void createMaildir() throws IOException {
        maildir = new Maildir(root, "HOST-B");
        for (String subdirectory : new String[] {"tmp", "new", "cur"}) {
            Files.createDirectories(root.resolve("bob").resolve(subdirectory));
        }
    }

    @Test
    void listsNewAndCurByDeliveryTime() throws IOException {
        Path second = maildir.deliver("bob", message("second", "carol@HOST-C"));
        Path first = Files.writeString(root.resolve("bob/cur/1.1_1.HOST-B:2,S"),
                "From: alice@HOST-A\r\nSubject: first\r\nDate: 1 Jul 1974\r\n\r\nx\r\n");
        Files.writeString(root.resolve("bob/new/.hidden"), "Subject: hidden\r\n\r\n");
        Files.setLastModifiedTime(first, FileTime.from(Instant.parse("1974-07-01T00:00:00Z")));

        List<MailboxEntry> entries = new MailboxReader(maildir).list("bob");

        assertEquals(List.of(first, second), entries.stream().map(MailboxEntry::file).toList());
        assertEquals(Optional.of("first"), entries.get(0).subject());
        assertEquals(Optional.of("1 Jul 1974"), entries.get(0).date());
        assertEquals(Optional.of("alice@HOST-A"), entries.get(0).from());
        assertEquals(Optional.empty(), entries.get(0).mark());
    }

    @Test
    void marksAreParsed() throws IOException {
        AuthenticationMark mark = new AuthenticationMark(MarkResult.FAIL, "HOST-B", "HOST-A", 1234,
                "alice@HOST-A", false, "", "", "sent from unprivileged socket 1234 of HOST-A");
        maildir.deliver("bob", AuthenticationResults.prepend(message("hi", "alice@HOST-A"), mark));

        List<MailboxEntry> topmost = new MailboxReader(maildir).list("bob");
        List<MailboxEntry> byId = new MailboxReader(maildir, "host-b").list("bob");
        List<MailboxEntry> otherId = new MailboxReader(maildir, "HOST-C").list("bob");

        assertEquals(Optional.of(mark), topmost.get(0).mark());
        assertEquals(Optional.of(mark), byId.get(0).mark());
        assertEquals(Optional.empty(), otherId.get(0).mark());
    }

    @Test
    void missingMaildirIsReported() {
        assertThrows(NoSuchFileException.class, () -> new MailboxReader(maildir).list("nobody"));
    }

    private static byte[] message(String subject, String from) {
        return ("From: " + from + "\r\nSubject: " + subject + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.UTF_8);
    }
}
