package org.rfc644.mailer.spool;

import java.io.IOException;
import java.nio.file.Path;
import org.rfc644.maildir.PasswdEntry;
import org.rfc644.maildir.PasswdFile;

/** Names a uid in messages by its account in a passwd file, or by the number alone. */
final class AccountNames {

    private final Path passwdPath;
    private final PasswdFile passwd;

    AccountNames(Path passwdPath) {
        this.passwdPath = passwdPath;
        this.passwd = new PasswdFile(passwdPath);
    }

    /**
     * Returns {@code mailer (uid 995)} for a uid with an account, and {@code uid 902, which has no
     * account in /etc/passwd} for one without.
     *
     * @throws IOException when the passwd file cannot be read
     */
    String describe(int uid) throws IOException {
        return passwd.byUid(uid)
                .map(PasswdEntry::name)
                .map(name -> name + " (uid " + uid + ")")
                .orElse("uid " + uid + ", which has no account in " + passwdPath);
    }

    /** Returns the account name of {@code uid}, or the uid in decimal when it has none. */
    String nameOrUid(int uid) throws IOException {
        return passwd.byUid(uid).map(PasswdEntry::name).orElse(String.valueOf(uid));
    }
}
