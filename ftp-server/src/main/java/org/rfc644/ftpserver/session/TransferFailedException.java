package org.rfc644.ftpserver.session;

import org.rfc644.ftp.FtpReply;

/** A mail transfer that ended without a message, with the reply that states the reason. */
final class TransferFailedException extends Exception {

    private final transient FtpReply reply;

    TransferFailedException(FtpReply reply) {
        super(reply.text());
        this.reply = reply;
    }

    FtpReply reply() {
        return reply;
    }
}
