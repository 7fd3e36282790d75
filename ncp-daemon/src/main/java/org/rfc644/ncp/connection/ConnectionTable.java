package org.rfc644.ncp.connection;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The engine's connections, by their key and by their local socket. */
final class ConnectionTable {

    private final Map<ConnectionKey, Connection> byKey = new HashMap<>();
    /** NIC 8246: a host may not establish more than one connection to any local socket. */
    private final Map<Long, Connection> bySocket = new HashMap<>();

    Connection get(ConnectionKey key) {
        return byKey.get(key);
    }

    /** Tells whether {@code connection} is still in the table, not ended. */
    boolean contains(Connection connection) {
        return byKey.get(connection.key()) == connection;
    }

    /** Returns the connection on {@code localSocket}; refusals do not occupy their socket. */
    Connection onSocket(long localSocket) {
        return bySocket.get(localSocket);
    }

    void add(Connection connection) {
        byKey.put(connection.key(), connection);
        if (connection.owner() != null) {
            bySocket.put(connection.localSocket(), connection);
        }
    }

    /** Removes {@code connection}; returns false when it was not in the table. */
    boolean remove(Connection connection) {
        if (!byKey.remove(connection.key(), connection)) {
            return false;
        }
        bySocket.remove(connection.localSocket(), connection);
        return true;
    }

    List<Connection> all() {
        return new ArrayList<>(byKey.values());
    }

    List<Connection> with(int host) {
        List<Connection> result = new ArrayList<>();
        for (Connection connection : byKey.values()) {
            if (connection.foreignHost() == host) {
                result.add(connection);
            }
        }
        return result;
    }

    int countWith(int host) {
        return with(host).size();
    }

    /** Counts the connections, in any state, of the sessions of {@code uid}. */
    int countOwnedBy(int uid) {
        int count = 0;
        for (Connection connection : byKey.values()) {
            if (connection.owner() != null && connection.owner().uid() == uid) {
                count++;
            }
        }
        return count;
    }
}
