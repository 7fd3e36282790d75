package org.rfc644.ncp.policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The user names and uids of the local system, read from a passwd file such as /etc/passwd. */
public final class UserDatabase {

    private static final Logger LOG = LoggerFactory.getLogger(UserDatabase.class);

    /** The system's passwd file. */
    public static final Path PASSWD = Path.of("/etc/passwd");

    private final Map<String, Integer> uidsByName;
    private final Map<Integer, String> namesByUid;

    private UserDatabase(Map<String, Integer> uidsByName, Map<Integer, String> namesByUid) {
        this.uidsByName = uidsByName;
        this.namesByUid = namesByUid;
    }

    /**
     * Reads a passwd file: lines {@code name:password:uid:gid:...}. Lines without a numeric uid
     * are skipped; for a uid listed twice, the first name wins, as getpwuid(3) does.
     */
    public static UserDatabase read(Path passwd) throws IOException {
        Map<String, Integer> uidsByName = new HashMap<>();
        Map<Integer, String> namesByUid = new HashMap<>();
        for (String line : Files.readAllLines(passwd)) {
            String[] fields = line.split(":", -1);
            if (fields.length < 3 || fields[0].isEmpty()) {
                continue;
            }
            Integer uid = parseUid(fields[2]);
            if (uid == null) {
                continue;
            }
            uidsByName.putIfAbsent(fields[0], uid);
            namesByUid.putIfAbsent(uid, fields[0]);
        }
        return new UserDatabase(uidsByName, namesByUid);
    }

    /** Reads /etc/passwd, or returns an empty database when it cannot be read. */
    public static UserDatabase system() {
        try {
            return read(PASSWD);
        } catch (IOException e) {
            LOG.warn("cannot read {}, so users are known by uid only: {}", PASSWD, e.toString());
            return new UserDatabase(Map.of(), Map.of());
        }
    }

    public Optional<Integer> uidOf(String name) {
        return Optional.ofNullable(uidsByName.get(name));
    }

    public Optional<String> nameOf(int uid) {
        return Optional.ofNullable(namesByUid.get(uid));
    }

    /** Describes a uid for messages: {@code alice (uid 1003)}, or {@code uid 1003} without a name. */
    public String describe(int uid) {
        return nameOf(uid).map(name -> name + " (uid " + uid + ")").orElse("uid " + uid);
    }

    private static Integer parseUid(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
