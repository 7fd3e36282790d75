package org.rfc644.mail.format;

import java.io.IOException;

/** Thrown when mail text exceeds the receiver's size limit before its end was seen. */
public final class MessageTooLargeException extends IOException {

    private static final long serialVersionUID = 1L;

    private final long limit;

    public MessageTooLargeException(long limit) {
        super("mail text exceeds the limit of " + limit + " bytes");
        this.limit = limit;
    }

    /** Returns the limit in bytes. */
    public long limit() {
        return limit;
    }
}
