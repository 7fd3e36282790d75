package org.rfc644.ftp;

import java.io.IOException;

/** Data from the other FTP process that breaks RFC 454, such as a reply line without a code. */
public class FtpProtocolException extends IOException {

    public FtpProtocolException(String message) {
        super(message);
    }
}
