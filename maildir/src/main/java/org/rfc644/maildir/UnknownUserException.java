package org.rfc644.maildir;

import java.io.IOException;

/**
 * Thrown when a recipient has no maildir, whether or not it has an account (passwd entry), or when
 * the name cannot be a user name at all. A permanent failure: retrying cannot help. It extends
 * {@link IOException} so that {@link Maildir#deliver} keeps one throws clause; catch it before
 * IOException, which means a temporary failure.
 */
public final class UnknownUserException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String user;

    public UnknownUserException(String user, String message) {
        super(message);
        this.user = user;
    }

    /** Returns the recipient name as given. */
    public String user() {
        return user;
    }
}
