package org.rfc644.maildir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mail root: one Maildir per user at {@code ROOT/USER}, with the subdirectories tmp, new and
 * cur. See docs/mailbox.md for the ownership and permission model.
 *
 * <p>Delivery follows the Maildir convention: the message is written to tmp/ under a unique name,
 * flushed to disk, then linked into new/, so a reader never sees a partly written message. This
 * class adds an fsync of new/ so the message survives a crash once {@link #deliver} returns.
 */
public final class Maildir {

    /** The default mail root. */
    public static final Path DEFAULT_ROOT = Path.of("/var/mail");

    /** Mode of a maildir: rwx for the owner (ftp), r-x for the user's group, setgid so files inherit that group. */
    public static final int DIRECTORY_MODE = 02750;

    private static final Logger LOG = LoggerFactory.getLogger(Maildir.class);

    private static final Set<PosixFilePermission> WRITING = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DELIVERED = PosixFilePermissions.fromString("rw-r-----");

    /** A user name that is safe as one path component: no slash, not starting with "." or "-". */
    private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");

    private static final AtomicLong COUNTER = new AtomicLong();

    private final Path root;
    private final String hostName;
    private final PasswdFile passwd;
    private final GroupFile groups;

    /** Opens the mail root {@code root}, naming files with this machine's host name. */
    public Maildir(Path root) {
        this(root, localHostName());
    }

    /** Opens the mail root {@code root}, naming files with {@code hostName}. */
    public Maildir(Path root, String hostName) {
        this(root, hostName, PasswdFile.system(), GroupFile.system());
    }

    Maildir(Path root, String hostName, PasswdFile passwd, GroupFile groups) {
        this.root = root;
        this.hostName = hostName.replace("/", "\\057").replace(":", "\\072");
        this.passwd = passwd;
        this.groups = groups;
    }

    /** Returns the mail root. */
    public Path root() {
        return root;
    }

    /**
     * Returns {@code ROOT/USER}.
     *
     * @throws UnknownUserException when {@code user} is not a valid user name
     */
    public Path directoryOf(String user) throws UnknownUserException {
        if (!USER_NAME.matcher(user).matches()) {
            throw new UnknownUserException(user, "invalid user name: " + printable(user));
        }
        return root.resolve(user);
    }

    /**
     * Stores {@code message} in the maildir of {@code user} and returns its path in new/. When this
     * method returns, the message is on disk and listed in new/. When it throws, nothing of it is
     * visible in new/, unless removing the file failed as well, which is logged.
     *
     * @throws UnknownUserException when the name is invalid or has no maildir, with or without a
     *     passwd entry
     * @throws IOException on any other failure (disk full, permissions), a temporary failure
     */
    public Path deliver(String user, byte[] message) throws IOException {
        return commit(prepare(user, message));
    }

    /**
     * Writes {@code message} to tmp/ of the maildir of {@code user}, on disk but not yet listed in
     * new/; {@link #commit} lists it. The returned name is the one it will have in new/.
     *
     * @throws UnknownUserException when the name is invalid or has no maildir
     * @throws IOException on any other failure (disk full, permissions), a temporary failure
     */
    public PreparedMessage prepare(String user, byte[] message) throws IOException {
        Path directory = requireMaildir(user);
        return new PreparedMessage(user, writeTemporary(directory, message), message.length);
    }

    /**
     * Lists a prepared message in new/ and returns its path there. When this method returns, the
     * message is on disk and listed in new/. When it throws, nothing of it is visible in new/,
     * unless removing the file failed as well, which is logged.
     */
    public Path commit(PreparedMessage prepared) throws IOException {
        Path temporary = prepared.temporary();
        Path delivered = temporary.getParent().resolveSibling("new").resolve(temporary.getFileName());
        boolean linked = false;
        try {
            // link(2) fails when the name exists, unlike rename(2), so no message is ever replaced.
            Files.createLink(delivered, temporary);
            linked = true;
            Files.delete(temporary);
            syncDirectory(delivered.getParent());
        } catch (IOException e) {
            LOG.error("delivery to {} failed, removing {}: {}", prepared.user(), temporary.getFileName(), e.toString());
            deleteQuietly(temporary);
            if (linked) {
                deleteQuietly(delivered);
            }
            throw e;
        }
        LOG.info("delivered {} bytes to {} as {}", prepared.length(), prepared.user(), delivered);
        return delivered;
    }

    /**
     * Returns true when the maildir of {@code user} lists the message {@code fileName}: in new/, or
     * in cur/ where a mail reader moved it, with or without the ":2," flags it appended.
     */
    public boolean holds(String user, String fileName) throws IOException {
        Path directory = requireMaildir(user);
        if (Files.exists(directory.resolve("new").resolve(fileName))
                || Files.exists(directory.resolve("cur").resolve(fileName))) {
            return true;
        }
        try (DirectoryStream<Path> flagged = Files.newDirectoryStream(directory.resolve("cur"),
                entry -> entry.getFileName().toString().startsWith(fileName + ":"))) {
            return flagged.iterator().hasNext();
        }
    }

    // TODO: remove files left in tmp/ by a crash; the Maildir convention deletes them after 36 hours.
    /**
     * Writes {@code message} to a new file in {@code directory}/tmp, flushed to disk with mode 0640,
     * and returns its path. The file is removed again if writing fails.
     */
    Path writeTemporary(Path directory, byte[] message) throws IOException {
        Path temporary = directory.resolve("tmp").resolve(uniqueName());
        try (FileChannel channel = FileChannel.open(temporary, Set.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(WRITING))) {
            ByteBuffer buffer = ByteBuffer.wrap(message);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            // Set after creation because the umask may have removed the group's read bit.
            Files.setPosixFilePermissions(temporary, DELIVERED);
            channel.force(true);
        } catch (IOException e) {
            LOG.error("writing {} failed: {}", temporary, e.toString());
            deleteQuietly(temporary);
            throw e;
        }
        return temporary;
    }

    /**
     * Creates the maildir of {@code user} as docs/mailbox.md describes: owned by {@code owner},
     * group the user's primary group, mode 2750, with tmp, new and cur inside. Changing the owner
     * and group needs root (or CAP_CHOWN), so an administrator or the image setup runs it.
     *
     * @throws UnknownUserException when {@code user} has no passwd entry
     * @throws IOException when the user's primary group is shared with another account, because
     *     every member of that group could then read the mailbox
     */
    public Path create(String user, String owner) throws IOException {
        Path directory = directoryOf(user);
        PasswdEntry entry = passwd.byName(user)
                .orElseThrow(() -> new UnknownUserException(user, "user not found in the passwd file: " + user));
        requirePrivateGroup(entry);
        UserPrincipal ownerPrincipal = FileSystems.getDefault().getUserPrincipalLookupService()
                .lookupPrincipalByName(owner);

        Files.createDirectories(directory);
        Files.setOwner(directory, ownerPrincipal);
        Files.setAttribute(directory, "unix:gid", entry.gid());
        Files.setAttribute(directory, "unix:mode", DIRECTORY_MODE);
        for (String subdirectory : new String[] {"tmp", "new", "cur"}) {
            Path path = directory.resolve(subdirectory);
            Files.createDirectories(path);
            Files.setOwner(path, ownerPrincipal);
            Files.setAttribute(path, "unix:gid", entry.gid());
            Files.setAttribute(path, "unix:mode", DIRECTORY_MODE);
        }
        syncDirectory(root);
        LOG.info("created maildir {} for {} (owner {}, gid {})", directory, user, owner, entry.gid());
        return directory;
    }

    /** Rejects a primary group that another account has as primary group or as listed member. */
    private void requirePrivateGroup(PasswdEntry entry) throws IOException {
        for (PasswdEntry other : passwd.entries()) {
            if (other.gid() == entry.gid() && !other.name().equals(entry.name())) {
                throw new IOException("group " + entry.gid() + " of " + entry.name() + " is also the primary group of "
                        + other.name() + ", who could read the mailbox; give " + entry.name() + " a private group");
            }
        }
        for (String member : groups.membersOf(entry.gid()).orElse(List.of())) {
            if (!member.equals(entry.name())) {
                throw new IOException("group " + entry.gid() + " of " + entry.name() + " has the member " + member
                        + ", who could read the mailbox; give " + entry.name() + " a private group");
            }
        }
    }

    /**
     * Returns the maildir of {@code user}, creating a missing tmp, new or cur inside it.
     *
     * @throws UnknownUserException when the user has no maildir
     */
    private Path requireMaildir(String user) throws IOException {
        Path directory = resolveUser(user);
        if (!Files.isDirectory(directory)) {
            // An account without a maildir is a permanent failure, as an unknown user is: system
            // accounts such as nobody, root or daemon never get one, so retrying would only delay
            // the failure notice for days. The path is logged here and kept out of the reply.
            LOG.warn("maildir {} does not exist for user {}; an administrator must create it (see docs/mailbox.md)",
                    directory, user);
            throw new UnknownUserException(user, "no mailbox for user " + printable(user)
                    + ": the account has no maildir here");
        }
        for (String subdirectory : new String[] {"tmp", "new", "cur"}) {
            Files.createDirectories(directory.resolve(subdirectory));
        }
        return directory;
    }

    /**
     * Returns the maildir path of {@code user}, or of its lower-case form when only that exists:
     * TENEX and ITS wrote user names in upper case, Unix accounts are usually lower case.
     *
     * @throws UnknownUserException when neither form has a maildir or an account
     */
    private Path resolveUser(String user) throws IOException {
        for (String candidate : new String[] {user, user.toLowerCase(Locale.ROOT)}) {
            Path directory = directoryOf(candidate);
            if (Files.isDirectory(directory) || accountExists(candidate)) {
                return directory;
            }
        }
        throw new UnknownUserException(user, "no such user: " + printable(user));
    }

    private boolean accountExists(String user) throws IOException {
        if (passwd.byName(user).isPresent()) {
            return true;
        }
        try {
            FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(user);
            return true;
        } catch (UserPrincipalNotFoundException notFound) {
            return false;
        }
    }

    /**
     * Returns a name unique per the Maildir convention, {@code time.pid_counter.host}: seconds since
     * the epoch, this process's id, a counter within this process and the host name.
     */
    String uniqueName() {
        return System.currentTimeMillis() / 1000 + "." + ProcessHandle.current().pid() + "_"
                + COUNTER.incrementAndGet() + "." + hostName;
    }

    static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.error("removing {} failed: {}", path, e.toString());
        }
    }

    private static String localHostName() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            LOG.warn("reading the host name failed, using localhost: {}", e.toString());
            return "localhost";
        }
    }

    private static String printable(String text) {
        return Optional.ofNullable(text).map(t -> t.replaceAll("\\p{Cntrl}", "?")).orElse("");
    }
}
