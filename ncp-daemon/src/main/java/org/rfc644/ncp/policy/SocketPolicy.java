package org.rfc644.ncp.policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Who may bind which local socket. Sockets that no line reserves are open to every user.
 *
 * <p>A policy file has one reservation a line, {@code SOCKET[-SOCKET] USER[,USER...]}, with users
 * by name or uid; {@code #} starts a comment. The default policy reserves socket 3 (the FTP
 * server's ICP socket) for {@code ftp} and sockets 232 to 239 (the mail sockets of RFC 644) for
 * {@code mailer}.
 */
public final class SocketPolicy {

    /** The largest socket number: sockets are 32-bit unsigned. */
    public static final long MAX_SOCKET = 0xFFFF_FFFFL;

    private final List<SocketReservation> reservations;
    private final UserDatabase users;

    public SocketPolicy(List<SocketReservation> reservations, UserDatabase users) {
        this.reservations = List.copyOf(reservations);
        this.users = users;
    }

    /** Returns the policy used without a file: 3 for ftp, 232 to 239 for mailer. */
    public static SocketPolicy defaults(UserDatabase users) {
        return new SocketPolicy(List.of(
                reservation(3, 3, "ftp", users),
                reservation(232, 239, "mailer", users)), users);
    }

    /**
     * Reads a policy file.
     *
     * @throws PolicyException when a line is invalid or names a user that {@code users} lacks
     */
    public static SocketPolicy read(Path file, UserDatabase users) throws IOException {
        List<SocketReservation> reservations = new ArrayList<>();
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            String line = stripComment(lines.get(i)).strip();
            if (line.isEmpty()) {
                continue;
            }
            try {
                reservations.add(parseLine(line, users));
            } catch (IllegalArgumentException e) {
                throw new PolicyException(file + " line " + (i + 1) + ": " + e.getMessage());
            }
        }
        return new SocketPolicy(reservations, users);
    }

    /**
     * Checks whether {@code uid} may bind {@code socket}.
     *
     * @return empty when allowed, otherwise the refusal, such as
     *     {@code socket 232 is reserved for mailer; you are alice (uid 1003)}
     */
    public Optional<String> checkBind(long socket, int uid) {
        for (SocketReservation reservation : reservations) {
            if (reservation.covers(socket) && !reservation.allows(uid)) {
                return Optional.of("socket " + socket + " is reserved for "
                        + String.join(", ", reservation.userNames()) + "; you are "
                        + users.describe(uid));
            }
        }
        return Optional.empty();
    }

    /** Tells whether a line reserves any socket from {@code from} to {@code to}, inclusive. */
    public boolean reservesAny(long from, long to) {
        for (SocketReservation reservation : reservations) {
            if (reservation.overlaps(from, to)) {
                return true;
            }
        }
        return false;
    }

    public List<SocketReservation> reservations() {
        return reservations;
    }

    public UserDatabase users() {
        return users;
    }

    private static SocketReservation parseLine(String line, UserDatabase users) {
        String[] words = line.split("\\s+");
        if (words.length != 2) {
            throw new IllegalArgumentException("expected SOCKET[-SOCKET] USER[,USER...], found \""
                    + line + "\"");
        }
        String[] range = words[0].split("-", -1);
        if (range.length > 2) {
            throw new IllegalArgumentException("invalid socket range \"" + words[0] + "\"");
        }
        long first = parseSocket(range[0]);
        long last = range.length == 2 ? parseSocket(range[1]) : first;
        if (last < first) {
            throw new IllegalArgumentException("socket range \"" + words[0] + "\" ends before it starts");
        }
        List<String> names = new ArrayList<>();
        List<Integer> uids = new ArrayList<>();
        for (String user : words[1].split(",")) {
            names.add(user);
            uids.add(resolveUser(user, users));
        }
        return new SocketReservation(first, last, names, uids);
    }

    private static SocketReservation reservation(long first, long last, String user,
                                                 UserDatabase users) {
        List<Integer> uids = users.uidOf(user).map(List::of).orElse(List.of());
        return new SocketReservation(first, last, List.of(user), uids);
    }

    private static long parseSocket(String text) {
        long socket;
        try {
            socket = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid socket number \"" + text + "\"");
        }
        if (socket < 0 || socket > MAX_SOCKET) {
            throw new IllegalArgumentException("socket " + socket + " is outside 0 to " + MAX_SOCKET);
        }
        return socket;
    }

    /** Resolves a user by uid when it is a number, otherwise by name. */
    private static int resolveUser(String user, UserDatabase users) {
        if (user.isEmpty()) {
            throw new IllegalArgumentException("empty user name");
        }
        if (user.chars().allMatch(Character::isDigit)) {
            try {
                return Integer.parseInt(user);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("uid " + user + " is too large");
            }
        }
        return users.uidOf(user).orElseThrow(() ->
                new IllegalArgumentException("unknown user \"" + user + "\" (not in /etc/passwd)"));
    }

    private static String stripComment(String line) {
        int hash = line.indexOf('#');
        return hash < 0 ? line : line.substring(0, hash);
    }
}
