package org.rfc644.ncp.wire;

import java.util.Optional;

/** The code field of an ERR command: the error codes that NIC 8246 defines. */
public enum ErrorCode {

    /** 0: an error with no predefined code; the data field is the sender's own. */
    UNDEFINED(0),

    /** 1: an illegal opcode; the data field is the ten octets starting at that opcode. */
    ILLEGAL_OPCODE(1),

    /** 2: the control message ended before the command's parameters; data is the command. */
    SHORT_PARAMETER_SPACE(2),

    /** 3: erroneous parameters in a control command; the data field is the command. */
    BAD_PARAMETERS(3),

    /** 4: a command other than STR or RTS for a socket or link that no RFC has named. */
    REQUEST_ON_NONEXISTENT_SOCKET(4),

    /**
     * 5: a command other than STR or RTS for a socket or link without an established connection
     * (data: the command), or a message on a link no connection uses (data: the message header
     * and the first eight bits of text).
     */
    SOCKET_NOT_CONNECTED(5);

    private final int code;

    ErrorCode(int code) {
        this.code = code;
    }

    /** Returns the value of the 8-bit code field. */
    public int code() {
        return code;
    }

    /** Returns the error code of value {@code code}, or empty when NIC 8246 defines none. */
    public static Optional<ErrorCode> of(int code) {
        for (ErrorCode candidate : values()) {
            if (candidate.code == code) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
