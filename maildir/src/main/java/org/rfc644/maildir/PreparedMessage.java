package org.rfc644.maildir;

import java.nio.file.Path;

/**
 * A message written to tmp/ of a maildir and not yet listed in new/.
 *
 * @param user the maildir's user
 * @param temporary the file in tmp/, whose name the message keeps in new/
 * @param length the message's size in octets
 */
public record PreparedMessage(String user, Path temporary, int length) {

    /** Returns the message's file name, the same in tmp/ and new/. */
    public String fileName() {
        return temporary.getFileName().toString();
    }
}
