package org.rfc644.ftpserver.dialogue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.rfc644.ftp.FtpReply;
import org.rfc644.ftp.FtpReplyReader;
import org.rfc644.ncp.client.NcpClient;
import org.rfc644.ncp.icp.Icp;
import org.rfc644.ncp.icp.IcpConnection;

/** A user typing RFC 454 commands over an ICP to socket 3 of HOST-B, as with {@code ncp icp}. */
final class TypedUser implements AutoCloseable {

    final NcpClient client;
    final IcpConnection icp;
    final FtpReply greeting;
    private final FtpReplyReader replies;
    private final OutputStream out;

    TypedUser(NcpClient client, int icpSocket) throws IOException {
        this.client = client;
        this.icp = Icp.connect(client, icpSocket, "HOST-B", 3, TwoHostNetwork.TIMEOUT);
        icp.receiveConnection().setTimeout(TwoHostNetwork.TIMEOUT);
        this.replies = new FtpReplyReader(icp.inputStream());
        this.out = icp.outputStream();
        this.greeting = replies.read();
    }

    /** Sends one line with CR LF and returns the reply. */
    FtpReply command(String line) throws IOException {
        send((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        return replies.read();
    }

    void send(byte[] octets) throws IOException {
        out.write(octets);
        out.flush();
    }

    FtpReply reply() throws IOException {
        return replies.read();
    }

    /** Returns whether the server closed the TELNET connection. */
    boolean serverClosed() throws IOException {
        return icp.inputStream().read() < 0;
    }

    @Override
    public void close() throws IOException {
        icp.close();
    }
}
