package org.rfc644.ncp.icp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.rfc644.ncp.client.NcpClient;
import org.rfc644.ncp.client.NcpConnection;
import org.rfc644.ncp.client.NcpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RFC 165's Initial Connection Protocol, the family of ICPs with byte size 8 in both directions.
 *
 * <p>The server listens on a well-known send socket L. The user connects to L from its receive
 * socket U at byte size 32; the server sends one 32-bit byte, the even socket number S, and both
 * close that connection. Then the server's S receives from the user's U+3 and the server's S+1
 * sends to the user's U+2. RFC 165 lets each side of the pair "Listen or Init"; here both sides
 * initiate, and the daemons match the crossing RTS and STR.
 */
public final class Icp {

    /** Byte size of the connection on which the server sends S. */
    public static final int SOCKET_NUMBER_BYTE_SIZE = 32;

    /** Byte size of both connections of the pair (Bu and Bs). */
    public static final int PAIR_BYTE_SIZE = 8;

    private static final Logger log = LoggerFactory.getLogger(Icp.class);

    private Icp() {
    }

    /**
     * Performs the user side of ICP from local socket {@code u} to socket {@code l} of
     * {@code host}.
     *
     * @param u an even (receive) socket; the session must be allowed to bind U, U+2 and U+3
     * @param l the server's well-known odd (send) socket
     * @param timeout applies to each step: each connection and the arrival of S
     * @throws NcpException the daemon's error, for example {@code PERMISSION_DENIED} when the
     *     policy reserves U for another user, or {@code REFUSED} when the server answers with CLS
     */
    public static IcpConnection connect(NcpClient client, int u, String host, int l,
                                        Duration timeout) throws IOException {
        if (u % 2 != 0 || u == 0) {
            throw new IllegalArgumentException("ICP needs a nonzero even (receive) socket U: " + u);
        }
        if (l % 2 == 0) {
            throw new IllegalArgumentException("ICP needs an odd (send) server socket L: " + l);
        }

        int s = receiveSocketNumber(client, u, host, l, timeout);

        // The user's U+3 sends to the server's S; the user's U+2 receives from the server's S+1.
        NcpConnection[] pair = openPair(
                () -> client.open(u + 3, host, s, PAIR_BYTE_SIZE, timeout),
                () -> client.open(u + 2, host, s + 1, PAIR_BYTE_SIZE, timeout));
        log.debug("ICP from socket {} to {} socket {} done: S = {}", u, host, l, s);
        return new IcpConnection(u, s, pair[1], pair[0], null);
    }

    /**
     * Performs the server side of ICP on a connection accepted on the well-known send socket L.
     *
     * @param session binds the pair S, S+1 with {@link NcpClient#allocate(int)}; closing the
     *     returned pair releases them
     * @param accepted the connection from the user's U to L, at byte size 32; closed here
     * @param timeout applies to each connection of the pair
     */
    public static IcpConnection serve(NcpClient session, NcpConnection accepted, Duration timeout)
            throws IOException {
        String host = Integer.toString(accepted.foreignHostNumber());
        int u = accepted.foreignSocket();
        int s = session.allocate(2);

        try {
            sendSocketNumber(accepted, s);

            // The server's S receives from the user's U+3; the server's S+1 sends to U+2.
            NcpConnection[] pair = openPair(
                    () -> session.open(s, host, u + 3, PAIR_BYTE_SIZE, timeout),
                    () -> session.open(s + 1, host, u + 2, PAIR_BYTE_SIZE, timeout));
            log.debug("ICP with {} socket {} done: S = {}", accepted.foreignHostName(), u, s);
            return new IcpConnection(u, s, pair[0], pair[1], session);
        } catch (IOException | RuntimeException e) {
            releaseQuietly(session, s);
            releaseQuietly(session, s + 1);
            throw e;
        }
    }

    /** Connects U to L at byte size 32, reads the 32-bit S and closes the connection. */
    private static int receiveSocketNumber(NcpClient client, int u, String host, int l,
                                           Duration timeout) throws IOException {
        byte[] octets;
        try (NcpConnection initial = client.open(u, host, l, SOCKET_NUMBER_BYTE_SIZE, timeout)) {
            initial.setTimeout(timeout);
            InputStream in = initial.inputStream();
            octets = in.readNBytes(4);
        }
        if (octets.length < 4) {
            throw new NcpException(NcpException.Code.CLOSED, host + " closed socket " + l
                    + " before sending the socket number S (" + octets.length + " of 4 octets came)");
        }

        int s = ByteBuffer.wrap(octets).getInt();
        if (s % 2 != 0) {
            throw new NcpException(NcpException.Code.BAD_REQUEST, host + " socket " + l
                    + " sent an odd socket number S = " + Integer.toUnsignedString(s)
                    + "; ICP needs an even one");
        }
        return s;
    }

    /** Sends S as one 32-bit byte (four octets, big-endian) and closes the connection. */
    private static void sendSocketNumber(NcpConnection accepted, int s) throws IOException {
        try (accepted) {
            OutputStream out = accepted.outputStream();
            out.write(ByteBuffer.allocate(4).putInt(s).array());
            out.flush();
        }
    }

    /** Something that opens a connection. */
    private interface Opening {
        NcpConnection open() throws IOException;
    }

    /**
     * Opens both connections of the pair at once, so that neither side waits on one connection
     * while the other side waits on the other. If one fails, the other is closed.
     */
    private static NcpConnection[] openPair(Opening first, Opening second) throws IOException {
        CompletableFuture<NcpConnection> other = CompletableFuture.supplyAsync(() -> {
            try {
                return second.open();
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        }, task -> new Thread(task, "icp-open").start());

        NcpConnection opened;
        try {
            opened = first.open();
        } catch (IOException | RuntimeException e) {
            other.thenAccept(Icp::closeQuietly);
            throw e;
        }

        try {
            return new NcpConnection[] {opened, other.join()};
        } catch (CompletionException e) {
            closeQuietly(opened);
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw e;
        }
    }

    private static void closeQuietly(NcpConnection connection) {
        try {
            connection.close();
        } catch (IOException e) {
            log.warn("closing {} after a failed ICP failed: {}", connection, e.getMessage());
        }
    }

    private static void releaseQuietly(NcpClient session, int socket) {
        try {
            session.release(socket);
        } catch (IOException e) {
            log.warn("releasing socket {} after a failed ICP failed: {}", socket, e.getMessage());
        }
    }
}
