package org.rfc644.maildir;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.rfc644.mail.format.AuthenticationMark;
import org.rfc644.mail.format.MailMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists the messages of one user's maildir, new/ and cur/ together, oldest delivery first. It only
 * reads: the user has read access through the group and cannot move files from new/ to cur/.
 */
public final class MailboxReader {

    private static final Logger LOG = LoggerFactory.getLogger(MailboxReader.class);

    private final Maildir maildir;
    private final Optional<String> authservId;

    /**
     * Reads marks from each message's first header field, where the receiving server puts its own
     * mark (see {@link AuthenticationMark#parseTopmost}).
     */
    public MailboxReader(Maildir maildir) {
        this.maildir = maildir;
        this.authservId = Optional.empty();
    }

    /** Reads only marks whose authserv-id is {@code authservId}. */
    public MailboxReader(Maildir maildir, String authservId) {
        this.maildir = maildir;
        this.authservId = Optional.of(authservId);
    }

    /**
     * Returns the messages of {@code user}, sorted by delivery time and then by file name. A missing
     * new/ or cur/ contains no messages. A message that vanishes while being listed, or cannot be
     * parsed, is logged and left out.
     *
     * @throws NoSuchFileException when the user has no maildir
     * @throws AccessDeniedException when the maildir, new/, cur/ or a message cannot be read, so
     *     that a mailbox the caller may not read is never reported as empty
     */
    public List<MailboxEntry> list(String user) throws IOException {
        Path directory = maildir.directoryOf(user);
        // readAttributes, unlike Files.isDirectory, distinguishes a missing directory from a forbidden one.
        if (!Files.readAttributes(directory, BasicFileAttributes.class).isDirectory()) {
            throw new NoSuchFileException(directory.toString(), null, "no maildir");
        }

        List<MailboxEntry> entries = new ArrayList<>();
        for (String subdirectory : new String[] {"new", "cur"}) {
            Path path = directory.resolve(subdirectory);
            try (DirectoryStream<Path> files = Files.newDirectoryStream(path)) {
                for (Path file : files) {
                    if (!file.getFileName().toString().startsWith(".")) {
                        readEntry(file).ifPresent(entries::add);
                    }
                }
            } catch (NoSuchFileException missing) {
                LOG.debug("{} of {} does not exist; it holds no messages", subdirectory, user);
            }
        }

        entries.sort(Comparator.comparing(MailboxEntry::delivered)
                .thenComparing(entry -> entry.file().getFileName().toString()));
        return entries;
    }

    private Optional<MailboxEntry> readEntry(Path file) throws AccessDeniedException {
        try {
            Instant delivered = Files.getLastModifiedTime(file).toInstant();
            MailMessage message = MailMessage.parse(Files.readAllBytes(file));
            Optional<AuthenticationMark> mark = authservId.isPresent()
                    ? AuthenticationMark.parse(message, authservId.get())
                    : AuthenticationMark.parseTopmost(message);
            return Optional.of(new MailboxEntry(file, delivered, message.firstValue("Date"),
                    message.firstValue("From"), message.firstValue("Subject"), mark));
        } catch (AccessDeniedException denied) {
            throw denied;
        } catch (IOException e) {
            LOG.error("reading message {} failed: {}", file, e.toString());
            return Optional.empty();
        }
    }
}
