package org.rfc644.sndmsg.readmail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Hosts the reader does not trust to guard their mail sockets. RFC 644 leaves that judgement to
 * users: a message marked authentic is only as good as the sending host's access control.
 *
 * <p>Each file lists host names, one per line; "#" starts a comment; names compare
 * case-insensitively. A missing file lists nothing.
 */
final class DistrustedHosts {

    /** The host-wide list. */
    static final Path SYSTEM_FILE = Path.of("/etc/arpanet/distrusted-hosts");

    /** The per-user list, relative to the home directory. */
    static final String USER_FILE = ".distrusted-hosts";

    private final Map<String, Path> sources;

    private DistrustedHosts(Map<String, Path> sources) {
        this.sources = sources;
    }

    /** Returns an empty list. */
    static DistrustedHosts none() {
        return new DistrustedHosts(Map.of());
    }

    /** Reads the files in order; a host listed twice keeps the first file that names it. */
    static DistrustedHosts load(List<Path> files) throws IOException {
        Map<String, Path> sources = new LinkedHashMap<>();
        for (Path file : files) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (NoSuchFileException missing) {
                continue;
            }
            for (String line : lines) {
                int comment = line.indexOf('#');
                String host = (comment >= 0 ? line.substring(0, comment) : line).strip();
                if (!host.isEmpty()) {
                    sources.putIfAbsent(host.toLowerCase(Locale.ROOT), file);
                }
            }
        }
        return new DistrustedHosts(sources);
    }

    /** Returns the file that lists {@code host}, or empty when the host is not distrusted. */
    Optional<Path> listedIn(String host) {
        return Optional.ofNullable(sources.get(host.toLowerCase(Locale.ROOT)));
    }
}
