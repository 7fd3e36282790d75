package org.rfc644.ncp.policy;

/**
 * Limits that keep one local user or one foreign host from exhausting the daemon.
 *
 * @param connectionsPerUid connections (in any state) and listeners that the sessions of one uid
 *     may hold
 * @param connectionsPerHost connections (in any state) with one foreign host
 * @param pendingPerSocket requests for connection held or queued for one local socket
 * @param pendingTotal requests for connection held or queued for all sockets together
 * @param sessionsPerUid local API sessions that one uid may have open at once
 * @param waitingRequestsPerSession PING, OPEN and ACCEPT requests of one session that may wait
 *     for the network at once
 * @param socketsPerSession local sockets that one session may have bound at once
 */
public record Limits(int connectionsPerUid, int connectionsPerHost, int pendingPerSocket,
                     int pendingTotal, int sessionsPerUid, int waitingRequestsPerSession,
                     int socketsPerSession) {

    public static final int DEFAULT_CONNECTIONS_PER_UID = 64;
    public static final int DEFAULT_CONNECTIONS_PER_HOST = 128;
    public static final int DEFAULT_PENDING_PER_SOCKET = 16;
    public static final int DEFAULT_PENDING_TOTAL = 256;
    public static final int DEFAULT_SESSIONS_PER_UID = 32;
    public static final int DEFAULT_WAITING_REQUESTS_PER_SESSION = 64;
    public static final int DEFAULT_SOCKETS_PER_SESSION = 1024;

    public Limits {
        requirePositive("connections per uid", connectionsPerUid);
        requirePositive("connections per host", connectionsPerHost);
        requirePositive("pending requests per socket", pendingPerSocket);
        requirePositive("pending requests in total", pendingTotal);
        requirePositive("sessions per uid", sessionsPerUid);
        requirePositive("waiting requests per session", waitingRequestsPerSession);
        requirePositive("sockets per session", socketsPerSession);
    }

    /** Creates limits with the default numbers of waiting requests and sockets per session. */
    public Limits(int connectionsPerUid, int connectionsPerHost, int pendingPerSocket,
                  int pendingTotal, int sessionsPerUid) {
        this(connectionsPerUid, connectionsPerHost, pendingPerSocket, pendingTotal, sessionsPerUid,
                DEFAULT_WAITING_REQUESTS_PER_SESSION, DEFAULT_SOCKETS_PER_SESSION);
    }

    public static Limits defaults() {
        return new Limits(DEFAULT_CONNECTIONS_PER_UID, DEFAULT_CONNECTIONS_PER_HOST,
                DEFAULT_PENDING_PER_SOCKET, DEFAULT_PENDING_TOTAL, DEFAULT_SESSIONS_PER_UID,
                DEFAULT_WAITING_REQUESTS_PER_SESSION, DEFAULT_SOCKETS_PER_SESSION);
    }

    private static void requirePositive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1: " + value);
        }
    }
}
