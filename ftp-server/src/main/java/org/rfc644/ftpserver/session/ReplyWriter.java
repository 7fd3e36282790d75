package org.rfc644.ftpserver.session;

import java.io.IOException;
import java.io.OutputStream;
import org.rfc644.ftp.FtpReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends replies on the TELNET connection from the server's S+1 to the user's U+2. */
final class ReplyWriter {

    private static final Logger LOG = LoggerFactory.getLogger(ReplyWriter.class);

    private final OutputStream out;
    private final String peer;

    ReplyWriter(OutputStream out, String peer) {
        this.out = out;
        this.peer = peer;
    }

    synchronized void send(FtpReply reply) throws IOException {
        LOG.debug("to {}: {}", peer, reply);
        out.write(reply.encode());
        out.flush();
    }
}
