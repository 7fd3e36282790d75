package org.rfc644.mailer.spool;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.rfc644.maildir.PasswdFile;
import org.rfc644.mailer.FileErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mailer's queue on disk: for each message {@code ID.msg} (the message as it will be sent,
 * CRLF line endings, never changed) and {@code ID.env} (its envelope, rewritten as delivery goes
 * on). Every change is fsynced, file and directory, before the method returns, so that what a
 * method reported done survives a crash.
 *
 * <p>The directory has mode 0700 and belongs to the mailer's user, so ordinary users can neither
 * read queued mail nor slip a message into the queue. Methods are thread-safe.
 */
public final class Spool {

    private static final Logger LOG = LoggerFactory.getLogger(Spool.class);

    static final String MESSAGE_SUFFIX = ".msg";
    static final String ENVELOPE_SUFFIX = ".env";
    static final String CORRUPT_SUFFIX = ".corrupt";

    private static final Set<PosixFilePermission> OWNER_ONLY =
            PosixFilePermissions.fromString("rwx------");
    private static final SecureRandom RANDOM = new SecureRandom();

    private static final Path PROC_SELF = Path.of("/proc/self");

    private final Path directory;

    private Spool(Path directory) {
        this.directory = directory;
    }

    /**
     * Opens the spool in {@code directory} for the running mailer, creating it with mode 0700
     * when it is missing and setting mode 0700 when it has another.
     *
     * @throws SpoolException when the directory belongs to another user than the one running,
     *     or cannot be created, inspected or set to mode 0700
     */
    public static Spool open(Path directory) throws SpoolException {
        return open(directory, PasswdFile.SYSTEM_PATH);
    }

    /**
     * Opens the spool as {@link #open(Path)} does, naming users in errors by their accounts in
     * {@code passwd}.
     */
    static Spool open(Path directory, Path passwd) throws SpoolException {
        AccountNames accounts = new AccountNames(passwd);
        String runningUser = "the running user";
        try {
            // The kernel makes /proc/self belong to the effective uid, which owns the files that
            // the mailer creates. The user.name property is "?" for a uid without an account.
            int runningUid = (Integer) Files.getAttribute(PROC_SELF, "unix:uid");
            runningUser = accounts.describe(runningUid);

            if (!Files.exists(directory)) {
                Files.createDirectories(directory,
                        PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            }
            int ownerUid = (Integer) Files.getAttribute(directory, "unix:uid");
            if (ownerUid != runningUid) {
                throw new SpoolException("spool directory " + directory + " belongs to "
                        + accounts.describe(ownerUid) + ", not to " + runningUser
                        + ", who runs the mailer: run the mailer as "
                        + accounts.nameOrUid(ownerUid) + ", chown the directory to "
                        + accounts.nameOrUid(runningUid) + " or choose another --spool");
            }
            if (!Files.getPosixFilePermissions(directory).equals(OWNER_ONLY)) {
                LOG.warn("spool directory {} had mode {}; setting it to rwx------", directory,
                        PosixFilePermissions.toString(Files.getPosixFilePermissions(directory)));
                Files.setPosixFilePermissions(directory, OWNER_ONLY);
            }
        } catch (SpoolException e) {
            throw e;
        } catch (IOException e) {
            throw new SpoolException("cannot set up the spool directory " + directory + " for "
                    + runningUser + ": " + FileErrors.describe(e)
                    + "; create it owned by that user with mode 0700 or choose another --spool");
        }
        return new Spool(directory);
    }

    /**
     * Opens an existing spool only to {@link #list} it. Nothing is created or changed, and any
     * user who may read the directory and its files may list it: its owner, and root.
     *
     * @throws SpoolException when the directory does not exist
     */
    public static Spool openForListing(Path directory) throws SpoolException {
        if (!Files.isDirectory(directory)) {
            throw new SpoolException("spool directory " + directory + " does not exist: give"
                    + " the --spool of the running mailer, which creates the directory when it"
                    + " starts");
        }
        return new Spool(directory);
    }

    public Path directory() {
        return directory;
    }

    /**
     * Stores a new message under a fresh queue id, which replaces the one in {@code draft}. When
     * this returns, the message and its envelope are on disk.
     */
    public synchronized SpoolEntry enqueue(SpoolEntry draft, byte[] message) throws IOException {
        String queueId = newQueueId();
        SpoolEntry entry = draft.withQueueId(queueId);

        // The message goes first: an envelope always has its message, and a message without an
        // envelope (a crash in between) was never acknowledged, so recovery deletes it.
        DurableFiles.writeAtomically(messageFile(queueId), message);
        DurableFiles.writeAtomically(envelopeFile(queueId), EnvelopeFormat.encode(entry));
        DurableFiles.syncDirectory(directory);
        return entry;
    }

    /** Rewrites the envelope of an entry, durably. */
    public synchronized void update(SpoolEntry entry) throws IOException {
        DurableFiles.writeAtomically(envelopeFile(entry.queueId()), EnvelopeFormat.encode(entry));
        DurableFiles.syncDirectory(directory);
    }

    /** Removes an entry once no recipient is left, durably. */
    public synchronized void remove(String queueId) throws IOException {
        // The envelope goes first, so that a crash in between leaves a message without an
        // envelope, which recovery deletes, and never an envelope without its message.
        Files.deleteIfExists(envelopeFile(queueId));
        Files.deleteIfExists(messageFile(queueId));
        DurableFiles.syncDirectory(directory);
    }

    public byte[] readMessage(String queueId) throws IOException {
        return Files.readAllBytes(messageFile(queueId));
    }

    /**
     * Reads every entry, oldest submission first, after a clean-up of what a crash can leave: a
     * temporary file is deleted, a message without an envelope is deleted, and an envelope that
     * cannot be parsed or lacks its message is renamed {@code *.corrupt} and logged.
     */
    public synchronized List<SpoolEntry> recover() throws IOException {
        deleteLeftovers();
        List<SpoolEntry> entries = readEntries(true);
        DurableFiles.syncDirectory(directory);
        return entries;
    }

    /**
     * Reads every entry without changing any file, for a listing of the queue. An entry that the
     * running mailer removes while this reads is left out.
     *
     * @throws SpoolException when the directory or a file in it may not be read by this user
     */
    public List<SpoolEntry> list() throws IOException {
        try {
            return readEntries(false);
        } catch (AccessDeniedException e) {
            String owner = Files.getOwner(directory).getName();
            String readers = owner.equals("root") ? "root" : owner + " or root";
            throw new SpoolException("cannot read the spool: " + FileErrors.describe(e)
                    + ". Only its owner may read it: run the listing as " + readers);
        }
    }

    private List<SpoolEntry> readEntries(boolean setAsideCorrupt) throws IOException {
        List<SpoolEntry> entries = new ArrayList<>();
        for (Path envelope : filesEndingWith(ENVELOPE_SUFFIX)) {
            String queueId = stripSuffix(envelope, ENVELOPE_SUFFIX);
            try {
                if (!Files.exists(messageFile(queueId))) {
                    throw new SpoolException(envelope + ": its message file "
                            + messageFile(queueId).getFileName() + " is missing");
                }
                SpoolEntry entry = EnvelopeFormat.decode(Files.readAllBytes(envelope),
                        envelope.toString());
                entries.add(entry.withQueueId(queueId));
            } catch (NoSuchFileException e) {
                // A listing runs beside the mailer, which removes an entry once it is delivered.
                // During recovery the spool belongs to this process alone, so nothing vanishes.
                if (setAsideCorrupt) {
                    throw e;
                }
            } catch (SpoolException e) {
                LOG.error("spool entry {} is unreadable: {}", queueId, e.getMessage());
                if (setAsideCorrupt) {
                    Path corrupt = envelope.resolveSibling(envelope.getFileName() + CORRUPT_SUFFIX);
                    Files.move(envelope, corrupt, StandardCopyOption.REPLACE_EXISTING);
                    LOG.error("spool entry {} set aside as {}", queueId, corrupt);
                }
            }
        }
        entries.sort(Comparator.comparing(SpoolEntry::submitted)
                .thenComparing(SpoolEntry::queueId));
        return entries;
    }

    private void deleteLeftovers() throws IOException {
        for (Path temporary : filesEndingWith(DurableFiles.TEMPORARY_SUFFIX)) {
            LOG.info("deleting {}, a spool file whose writing a crash interrupted", temporary);
            Files.delete(temporary);
        }
        for (Path message : filesEndingWith(MESSAGE_SUFFIX)) {
            String queueId = stripSuffix(message, MESSAGE_SUFFIX);
            if (!Files.exists(envelopeFile(queueId))) {
                LOG.info("deleting message {} without an envelope: its submission was never"
                        + " acknowledged or its removal was interrupted", queueId);
                Files.delete(message);
            }
        }
    }

    private List<Path> filesEndingWith(String suffix) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "*" + suffix)) {
            stream.forEach(files::add);
        }
        return files;
    }

    private Path messageFile(String queueId) {
        return directory.resolve(queueId + MESSAGE_SUFFIX);
    }

    private Path envelopeFile(String queueId) {
        return directory.resolve(queueId + ENVELOPE_SUFFIX);
    }

    /** Returns a queue id made of the time in base 36 and 24 random bits, unused in this spool. */
    private String newQueueId() {
        while (true) {
            String queueId = Long.toString(System.currentTimeMillis(), 36) + "-"
                    + String.format("%06x", RANDOM.nextInt(1 << 24));
            if (!Files.exists(envelopeFile(queueId)) && !Files.exists(messageFile(queueId))) {
                return queueId;
            }
        }
    }

    private static String stripSuffix(Path file, String suffix) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - suffix.length());
    }
}
