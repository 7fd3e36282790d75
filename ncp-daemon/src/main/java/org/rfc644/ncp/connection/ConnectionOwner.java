package org.rfc644.ncp.connection;

/**
 * The local program's side of connections: a session of the local API. The engine calls these
 * methods on its event loop.
 */
public interface ConnectionOwner {

    /** Returns the uid of the local program, as the kernel reported it. */
    int uid();

    /** Returns the process id of the local program, for logs. */
    int pid();

    /** Tells whether the program is ready to take data now; when it is not, the engine buffers. */
    boolean readyForData();

    /** Delivers data received on a receive connection, each byte as whole octets. */
    void dataReceived(Connection connection, byte[] octets);

    /** Reports an INR or INS from the foreign process. */
    void interruptReceived(Connection connection);

    /** Reports that a connection ended without a local close, such as by a foreign CLS. */
    void connectionClosed(Connection connection, String reason);

    /**
     * Reports that this owner's unsent data went above ({@code true}) or back below
     * ({@code false}) the backlog limit of one of its send connections.
     */
    void sendBacklogChanged(Connection connection, boolean overLimit);
}
