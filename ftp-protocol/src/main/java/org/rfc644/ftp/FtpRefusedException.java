package org.rfc644.ftp;

import java.io.IOException;

/** The server answered the ICP with a reply other than RFC 454's 300 greeting. */
public class FtpRefusedException extends IOException {

    private final transient FtpReply reply;

    public FtpRefusedException(FtpReply reply) {
        super("the FTP server refused the session: " + reply);
        this.reply = reply;
    }

    public FtpReply reply() {
        return reply;
    }
}
