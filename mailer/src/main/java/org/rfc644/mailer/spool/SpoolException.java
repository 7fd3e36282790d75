package org.rfc644.mailer.spool;

import java.io.IOException;

/** A spool file that cannot be read as the spool format, or a spool directory that is unsafe. */
public class SpoolException extends IOException {

    public SpoolException(String message) {
        super(message);
    }
}
