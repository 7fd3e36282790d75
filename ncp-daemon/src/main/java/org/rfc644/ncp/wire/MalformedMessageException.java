package org.rfc644.ncp.wire;

/**
 * A message from another host that breaks the Host/Host message format. It carries the ERR
 * command to send back to that host.
 */
public class MalformedMessageException extends Exception {

    private static final long serialVersionUID = 1L;

    private final Err err;

    public MalformedMessageException(String message, Err err) {
        super(message);
        this.err = err;
    }

    /** Returns the ERR command to send to the host the message came from. */
    public Err err() {
        return err;
    }

    /** Returns the error code of {@link #err()}. */
    public ErrorCode code() {
        return err.code();
    }
}
