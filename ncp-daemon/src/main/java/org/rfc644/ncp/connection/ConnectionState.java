package org.rfc644.ncp.connection;

/** The states of a connection, as {@code ncp status} shows them. */
public enum ConnectionState {
    /** This host sent its request for connection and waits for the matching one. */
    RFC_SENT,
    /** Both requests for connection were exchanged: data may flow. */
    OPEN,
    /** The local program closed a send connection: unsent data goes out before CLS. */
    CLOSING,
    /** This host sent CLS and waits for the foreign CLS. */
    CLS_SENT
}
