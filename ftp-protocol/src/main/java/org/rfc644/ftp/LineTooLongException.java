package org.rfc644.ftp;

import java.io.IOException;

/** A line longer than the reader's limit; the reader has skipped the rest of it. */
public class LineTooLongException extends IOException {

    private final int maxLength;

    public LineTooLongException(int maxLength) {
        super("line longer than " + maxLength + " octets");
        this.maxLength = maxLength;
    }

    public int maxLength() {
        return maxLength;
    }
}
