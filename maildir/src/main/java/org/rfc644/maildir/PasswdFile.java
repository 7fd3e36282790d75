package org.rfc644.maildir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads accounts from a passwd(5) file: {@code name:password:uid:gid:gecos:home:shell}.
 *
 * <p>NOTE: only the file is read, so accounts that exist only in another name service (LDAP,
 * sssd) are not found here.
 */
public final class PasswdFile {

    /** The system's passwd file. */
    public static final Path SYSTEM_PATH = Path.of("/etc/passwd");

    private final Path path;

    public PasswdFile(Path path) {
        this.path = path;
    }

    /** Returns the reader of {@code /etc/passwd}. */
    public static PasswdFile system() {
        return new PasswdFile(SYSTEM_PATH);
    }

    /** Returns the entry named {@code name}, if any. */
    public Optional<PasswdEntry> byName(String name) throws IOException {
        return entries().stream().filter(entry -> entry.name().equals(name)).findFirst();
    }

    /** Returns the first entry with user id {@code uid}, if any. */
    public Optional<PasswdEntry> byUid(int uid) throws IOException {
        return entries().stream().filter(entry -> entry.uid() == uid).findFirst();
    }

    /** Returns every entry, in file order. */
    public List<PasswdEntry> entries() throws IOException {
        return Files.readAllLines(path, StandardCharsets.UTF_8).stream()
                .map(PasswdFile::parseLine)
                .flatMap(Optional::stream)
                .toList();
    }

    private static Optional<PasswdEntry> parseLine(String line) {
        String[] parts = line.split(":", -1);
        if (line.startsWith("#") || parts.length < 7) {
            return Optional.empty();
        }
        try {
            return Optional.of(new PasswdEntry(parts[0], Integer.parseInt(parts[2]), Integer.parseInt(parts[3]),
                    Path.of(parts[5])));
        } catch (NumberFormatException invalidId) {
            return Optional.empty();
        }
    }
}
