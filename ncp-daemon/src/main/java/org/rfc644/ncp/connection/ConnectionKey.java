package org.rfc644.ncp.connection;

/** The identity of a connection: the local socket and the foreign host and socket. */
public record ConnectionKey(long localSocket, int foreignHost, long foreignSocket) {

    /** Tells whether the local socket is a receive socket: its low-order bit is 0. */
    public boolean isReceive() {
        return (localSocket & 1) == 0;
    }

    @Override
    public String toString() {
        return "local socket " + localSocket + " to host " + foreignHost + " socket " + foreignSocket;
    }
}
