package org.rfc644.ncp.link;

/** Receives what the IMP delivers to its host. Called on the interface's I/O thread. */
public interface ImpListener {

    /**
     * Takes a regular message from another host; the leader's host field names the source. The
     * RFNM for it is sent once this method returns.
     */
    void messageReceived(byte[] message);

    /** Reports that the path to {@code host} came up, after start or after an outage. */
    void hostUp(int host);

    /** Reports that {@code host} became unreachable. */
    void hostDead(int host, String reason);
}
