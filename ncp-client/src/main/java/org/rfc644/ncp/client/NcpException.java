package org.rfc644.ncp.client;

import java.io.IOException;

/** A request that the daemon rejected or could not carry out; the message is the daemon's. */
public class NcpException extends IOException {

    /** Why a request failed. */
    public enum Code {
        BAD_REQUEST, PERMISSION_DENIED, SOCKET_IN_USE, REFUSED, HOST_DEAD, UNKNOWN_HOST, TIMEOUT,
        LIMIT_EXCEEDED, CLOSED, INTERNAL
    }

    private final Code code;

    public NcpException(Code code, String message) {
        super(message);
        this.code = code;
    }

    public Code code() {
        return code;
    }
}
