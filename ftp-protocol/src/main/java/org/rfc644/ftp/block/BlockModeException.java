package org.rfc644.ftp.block;

import java.io.IOException;

/**
 * A block-mode file that the receiver cannot take. The data connection is out of step with the
 * blocks afterwards, so the receiver must close it.
 */
public class BlockModeException extends IOException {

    /** The cause of a file that the receiver did not take. */
    public enum Reason {
        /** The data connection closed before the block marked EOF: the file is incomplete. */
        INCOMPLETE_FILE,
        /** A block carried descriptor 3: the sender suspects errors in its data. */
        SUSPECT_DATA,
        /** A block carried descriptor 4: restart markers are not implemented here. */
        RESTART_MARKER,
        /** A header carried a descriptor code that RFC 454 does not assign. */
        UNKNOWN_DESCRIPTOR,
        /** The file grew larger than the receiver's limit. */
        FILE_TOO_LARGE
    }

    private final Reason reason;

    public BlockModeException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
