package org.rfc644.ncp.icp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.rfc644.ncp.client.NcpClient;
import org.rfc644.ncp.client.NcpConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pair of connections that an Initial Connection Protocol (RFC 165) sets up between a user
 * process and a server process: one connection to receive on and one to send on, both at byte
 * size 8.
 */
public final class IcpConnection implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IcpConnection.class);

    private final int userSocket;
    private final int serverSocket;
    private final NcpConnection receive;
    private final NcpConnection send;
    private final NcpClient releasingSession;

    /**
     * @param releasingSession the session whose sockets S and S+1 {@link #close()} releases (the
     *     server side, which allocated them), or null on the user side
     */
    IcpConnection(int userSocket, int serverSocket, NcpConnection receive, NcpConnection send,
                  NcpClient releasingSession) {
        this.userSocket = userSocket;
        this.serverSocket = serverSocket;
        this.receive = receive;
        this.send = send;
        this.releasingSession = releasingSession;
    }

    public int foreignHostNumber() {
        return receive.foreignHostNumber();
    }

    public String foreignHostName() {
        return receive.foreignHostName();
    }

    /** Returns U, the user's receive socket of the ICP; the pair uses U+2 and U+3. */
    public int userSocket() {
        return userSocket;
    }

    /** Returns S, the even socket number the server sent; the pair uses S and S+1. */
    public int serverSocket() {
        return serverSocket;
    }

    /** Returns the data from the foreign process: end of stream when it closes its side. */
    public InputStream inputStream() {
        return receive.inputStream();
    }

    /** Returns the stream to the foreign process; flush() hands the data to the daemon. */
    public OutputStream outputStream() {
        return send.outputStream();
    }

    /** Returns the connection this side receives on (U+2 for the user, S for the server). */
    public NcpConnection receiveConnection() {
        return receive;
    }

    /** Returns the connection this side sends on (U+3 for the user, S+1 for the server). */
    public NcpConnection sendConnection() {
        return send;
    }

    /**
     * Closes both connections with CLS, the send side first so that its data goes out; the server
     * side also releases S and S+1.
     */
    @Override
    public void close() throws IOException {
        IOException failure = null;
        try {
            send.close();
        } catch (IOException e) {
            failure = e;
        }
        try {
            receive.close();
        } catch (IOException e) {
            failure = first(failure, e);
        }

        if (releasingSession != null) {
            for (int socket : new int[] {serverSocket, serverSocket + 1}) {
                try {
                    releasingSession.release(socket);
                } catch (IOException e) {
                    log.warn("releasing socket {} after ICP with host {} failed: {}", socket,
                            foreignHostName(), e.getMessage());
                    failure = first(failure, e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static IOException first(IOException earlier, IOException later) {
        if (earlier == null) {
            return later;
        }
        earlier.addSuppressed(later);
        return earlier;
    }
}
