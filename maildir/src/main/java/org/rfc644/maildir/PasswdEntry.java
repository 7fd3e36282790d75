package org.rfc644.maildir;

import java.nio.file.Path;

/**
 * One line of the passwd file.
 *
 * @param name the login name
 * @param uid the user id
 * @param gid the primary group id
 * @param home the home directory
 */
public record PasswdEntry(String name, int uid, int gid, Path home) {
}
