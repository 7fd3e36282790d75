package org.rfc644.ncp.client;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A session with the local NCP daemon over its Unix domain socket.
 *
 * <p>The daemon identifies the session's OS user from the kernel (peer credentials), never from
 * anything sent here. Every socket that the session opens, listens on or allocates stays bound to
 * this session until {@link #release(int)} or {@link #close()}; another session cannot bind it
 * meanwhile. Methods block; a session may be used from several threads.
 */
public interface NcpClient extends AutoCloseable {

    /** Default path of the daemon's local API socket. */
    Path DEFAULT_SOCKET = Path.of("/run/ncp/ncp.sock");

    /** Opens a session with the daemon listening at {@code socketPath}. */
    static NcpClient connect(Path socketPath) throws IOException {
        return LocalApiClient.connect(socketPath);
    }

    /** Returns this daemon's host: its number and name in the host table. */
    HostEntry localHost();

    /** Returns the daemon's host table, in table order. */
    List<HostEntry> hosts() throws IOException;

    /**
     * Sends ECO to {@code host} (name or number) and waits for the matching ERP.
     *
     * @return the round trip time
     * @throws NcpException {@code HOST_DEAD} or {@code TIMEOUT}
     */
    Duration ping(String host, Duration timeout) throws IOException;

    /**
     * Initiates a connection (RTS for an even local socket, STR for an odd one) and waits until the
     * foreign host matches it.
     *
     * @param localSocket the local socket, or 0 for a free socket of the gender opposite to
     *     {@code foreignSocket} that no policy line reserves
     * @param byteSize 1 to 255; for a receive socket the byte size that the foreign STR must carry
     * @throws NcpException {@code REFUSED} when the foreign host answers with CLS,
     *     {@code PERMISSION_DENIED} when the policy reserves the socket for someone else,
     *     {@code SOCKET_IN_USE}, {@code HOST_DEAD}, {@code TIMEOUT}
     */
    NcpConnection open(int localSocket, String foreignHost, int foreignSocket, int byteSize,
                       Duration timeout) throws IOException;

    /**
     * Listens on {@code localSocket}: requests for connection (RTS or STR) from any host queue up
     * until accepted.
     *
     * @param byteSize the byte size to send with STR on a send socket; on a receive socket, the
     *     byte size a foreign STR must carry, or the daemon refuses it with CLS
     */
    NcpListener listen(int localSocket, int byteSize) throws IOException;

    /**
     * Binds {@code count} consecutive free sockets, the first one even, that no policy line
     * reserves, and returns the first. RFC 165's server uses it for its pair S, S+1.
     */
    int allocate(int count) throws IOException;

    /** Unbinds a socket that this session bound; its open connection, if any, is closed first. */
    void release(int localSocket) throws IOException;

    /** Returns every connection of the daemon, as {@code ncp status} prints them. */
    List<ConnectionStatus> status() throws IOException;

    /** Closes every connection of this session (CLS) and releases its sockets. */
    @Override
    void close() throws IOException;
}
