package org.rfc644.maildir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Reads the member lists of a group(5) file: {@code name:password:gid:member,member}. */
public final class GroupFile {

    /** The system's group file. */
    public static final Path SYSTEM_PATH = Path.of("/etc/group");

    private final Path path;

    public GroupFile(Path path) {
        this.path = path;
    }

    /** Returns the reader of {@code /etc/group}. */
    public static GroupFile system() {
        return new GroupFile(SYSTEM_PATH);
    }

    /** Returns the listed members of the group with id {@code gid}, or empty when no such group is listed. */
    public Optional<List<String>> membersOf(int gid) throws IOException {
        for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
            String[] parts = line.split(":", -1);
            if (parts.length >= 4 && parts[2].equals(Integer.toString(gid))) {
                return Optional.of(parts[3].isBlank() ? List.of() : List.of(parts[3].split(",")));
            }
        }
        return Optional.empty();
    }
}
