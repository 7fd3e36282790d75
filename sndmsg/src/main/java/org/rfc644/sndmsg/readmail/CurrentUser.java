package org.rfc644.sndmsg.readmail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.rfc644.maildir.PasswdEntry;
import org.rfc644.maildir.PasswdFile;

/**
 * Finds the account of the user running this process from the kernel: the real uid in
 * /proc/self/status, looked up in the passwd file. Environment variables such as USER and HOME are
 * never consulted, because the caller sets them freely.
 */
final class CurrentUser {

    private static final Path PROC_STATUS = Path.of("/proc/self/status");

    private CurrentUser() {
    }

    /**
     * Returns the passwd entry of this process's real uid.
     *
     * @throws IOException when /proc/self/status cannot be read or the uid has no passwd entry
     */
    static PasswdEntry resolve(PasswdFile passwd) throws IOException {
        int uid = realUid(Files.readAllLines(PROC_STATUS, StandardCharsets.US_ASCII));
        return passwd.byUid(uid)
                .orElseThrow(() -> new IOException("uid " + uid + " has no entry in the passwd file"));
    }

    /** Returns the real uid: the first number of the "Uid:" line (real, effective, saved, fs). */
    static int realUid(Iterable<String> statusLines) throws IOException {
        for (String line : statusLines) {
            if (line.startsWith("Uid:")) {
                String[] ids = line.substring(4).strip().split("\\s+");
                return Integer.parseInt(ids[0]);
            }
        }
        throw new IOException("no Uid line in " + PROC_STATUS);
    }
}
