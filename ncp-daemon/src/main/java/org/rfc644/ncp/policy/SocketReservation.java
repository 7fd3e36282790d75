package org.rfc644.ncp.policy;

import java.util.List;

/**
 * One policy line: the sockets {@code first} to {@code last} may be bound only by the listed
 * users.
 *
 * @param userNames the users as the line names them (a name or a uid), for messages
 * @param uids the same users as uids
 */
public record SocketReservation(long first, long last, List<String> userNames, List<Integer> uids) {

    public SocketReservation {
        userNames = List.copyOf(userNames);
        uids = List.copyOf(uids);
    }

    public boolean covers(long socket) {
        return socket >= first && socket <= last;
    }

    public boolean allows(int uid) {
        return uids.contains(uid);
    }

    /** Overlaps the range {@code from} to {@code to}, inclusive. */
    public boolean overlaps(long from, long to) {
        return first <= to && from <= last;
    }
}
