package org.rfc644.ftp.block;

import java.util.Optional;

/**
 * The descriptor codes of RFC 454's block mode, the 8 high-order bits of the 24-bit block header.
 * RFC 454 assigns the codes 0 to 4, and every other value is invalid.
 */
public enum BlockDescriptor {
    /** An ordinary block of data. */
    ORDINARY(0),
    /** The end of the block is the end of a record (EOR). */
    END_OF_RECORD(1),
    /** The end of the block is the end of the file (EOF). */
    END_OF_FILE(2),
    /** The data of the block is suspected of errors and is not reliable. */
    SUSPECT_DATA(3),
    /** The block is a restart marker of printable ASCII characters, not file data. */
    RESTART_MARKER(4);

    private final int code;

    BlockDescriptor(int code) {
        this.code = code;
    }

    /** Returns the code as it appears in the header, 0 to 4. */
    public int code() {
        return code;
    }

    /** Finds the descriptor with this code; empty for a code that RFC 454 does not assign. */
    public static Optional<BlockDescriptor> of(int code) {
        for (BlockDescriptor descriptor : values()) {
            if (descriptor.code == code) {
                return Optional.of(descriptor);
            }
        }
        return Optional.empty();
    }
}
