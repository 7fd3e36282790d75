package org.rfc644.ncp.hosts;

import java.io.IOException;

/** An invalid line in a host table file: the message names the file, the line and the fault. */
public class HostTableException extends IOException {

    private final String source;
    private final int lineNumber;

    public HostTableException(String source, int lineNumber, String fault) {
        super(source + ":" + lineNumber + ": " + fault);
        this.source = source;
        this.lineNumber = lineNumber;
    }

    /** Returns the file name (or other source name) of the table. */
    public String source() {
        return source;
    }

    /** Returns the 1-based number of the invalid line. */
    public int lineNumber() {
        return lineNumber;
    }
}
