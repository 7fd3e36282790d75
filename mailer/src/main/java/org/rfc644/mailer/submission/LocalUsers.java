package org.rfc644.mailer.submission;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.rfc644.maildir.PasswdEntry;
import org.rfc644.maildir.PasswdFile;

/** User names of this system by uid, from a passwd file such as /etc/passwd. */
public final class LocalUsers {

    /** The system's passwd file. */
    public static final Path PASSWD = PasswdFile.SYSTEM_PATH;

    private final PasswdFile passwd;

    public LocalUsers(Path passwd) {
        this.passwd = new PasswdFile(passwd);
    }

    public static LocalUsers system() {
        return new LocalUsers(PASSWD);
    }

    /**
     * Returns the name of {@code uid}, from the first passwd line with that uid as getpwuid(3)
     * finds it. The file is read on every call, so users added later are found.
     */
    public Optional<String> nameOf(int uid) throws IOException {
        return passwd.byUid(uid).map(PasswdEntry::name);
    }

    /**
     * Returns the real uid of this process, from the {@code Uid:} line of /proc/self/status,
     * which the kernel writes: no environment variable can change it.
     */
    public static int currentUid() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("Uid:")) {
                return Integer.parseInt(line.substring("Uid:".length()).strip().split("\\s+")[0]);
            }
        }
        throw new IOException("/proc/self/status has no Uid: line");
    }
}
