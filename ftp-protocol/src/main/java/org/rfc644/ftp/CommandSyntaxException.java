package org.rfc644.ftp;

/** A command line that cannot be parsed, with the 500-series reply the server sends for it. */
public class CommandSyntaxException extends Exception {

    private final transient FtpReply reply;

    public CommandSyntaxException(ReplyCode code, String text) {
        super(text);
        this.reply = FtpReply.of(code, text);
    }

    public FtpReply reply() {
        return reply;
    }
}
