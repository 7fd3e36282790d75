package org.rfc644.maildir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.rfc644.mail.format.AuthenticationMark;
import org.rfc644.mail.format.MailMessage;

/**
 * One message of a mailbox, as {@link MailboxReader} lists it.
 *
 * @param file the message file in new/ or cur/
 * @param delivered the file's modification time, which is when it was written
 * @param date the Date field, if any
 * @param from the From field, if any
 * @param subject the Subject field, if any
 * @param mark the receiving host's authentication mark, if the message carries one
 */
public record MailboxEntry(Path file, Instant delivered, Optional<String> date, Optional<String> from,
                           Optional<String> subject, Optional<AuthenticationMark> mark) {

    /** Reads and parses the whole message. */
    public MailMessage message() throws IOException {
        return MailMessage.parse(Files.readAllBytes(file));
    }
}
