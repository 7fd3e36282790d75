package org.rfc644.ftpserver.session;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.rfc644.ftp.FtpReply;
import org.rfc644.ftp.ReplyCode;
import org.rfc644.ftpserver.decision.Endpoint;
import org.rfc644.ncp.client.NcpClient;
import org.rfc644.ncp.client.NcpConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of MLFL's data connection (RFC 454 sections III.A and V.A). The server names its
 * data socket in a 255 reply, initiates the connection from it to the user's data socket and sends
 * 250. Then it reads the mail file: in stream mode until the user closes the connection, in block
 * mode up to the block marked EOF.
 *
 * <p>In block mode the connection stays open after a complete file and carries the next MLFL of
 * the session. RFC 454 makes closing it a server option, except after an abort, a change of
 * socket or byte size, the close of the TELNET connections or an irrecoverable error. The session
 * calls {@link #closeOpenConnection} for those. Every connection that is not kept is closed before
 * {@link #receive} returns, so before the MLFL reply: a user that finds its data connection still
 * open after the reply can rely on the server reusing it.
 */
final class MailFileReceiver {

    private static final Logger LOG = LoggerFactory.getLogger(MailFileReceiver.class);

    /** How long a read waits on an open data connection to learn whether the user closed it. */
    private static final Duration OPEN_CHECK = Duration.ofMillis(1);

    /** The received file and the foreign end of the data connection that carried it. */
    record ReceivedFile(byte[] message, Endpoint sender) {
    }

    /** An open data connection and the local socket that this session allocated for it. */
    private record DataConnection(NcpConnection connection, int localSocket, Endpoint sender) {
    }

    private final NcpClient client;
    private final ReplyWriter replies;
    private final MailFileReader reader;
    private final int icpHostNumber;
    private final String icpHostName;
    private final long icpSocket;
    private final Duration connectTimeout;
    private DataConnection open;

    MailFileReceiver(NcpClient client, ReplyWriter replies, int icpHostNumber, String icpHostName, long icpSocket,
                     Duration connectTimeout, Duration dataTimeout, int maxMessageSize) {
        this.client = client;
        this.replies = replies;
        this.reader = new MailFileReader(icpHostName, icpSocket, dataTimeout, maxMessageSize);
        this.icpHostNumber = icpHostNumber;
        this.icpHostName = icpHostName;
        this.icpSocket = icpSocket;
        this.connectTimeout = connectTimeout;
    }

    /**
     * Receives one mail file from the user's data socket in {@code mode}, on the data connection
     * that the previous block-mode file left open or on a new one.
     *
     * @throws TransferFailedException with a 454, 452 or 507 reply when no complete file arrived;
     *     the data connection is closed then
     * @throws IOException when a reply cannot be sent on the TELNET connection
     */
    ReceivedFile receive(int dataHostNumber, long dataSocket, TransferMode mode)
            throws TransferFailedException, IOException {
        long expectedSocket = checkDataSocket(dataHostNumber, dataSocket);

        // The session closes the open connection whenever MODE or SOCK changes what it was opened
        // with, and BYTE accepts only 8. So an open connection always matches the current parameters.
        DataConnection data = takeOpenConnection();
        if (data != null) {
            reuse(data, mode);
        } else {
            data = connect(expectedSocket, mode);
        }
        boolean keep = false;
        try {
            byte[] message = reader.read(data.connection(), mode);
            keep = mode == TransferMode.BLOCK;
            return new ReceivedFile(message, data.sender());
        } finally {
            if (keep) {
                open = data;
            } else {
                close(data);
            }
        }
    }

    /**
     * Closes the data connection that a block-mode file left open, if there is one.
     *
     * @param reason why, for the log
     */
    void closeOpenConnection(String reason) {
        if (open == null) {
            return;
        }
        LOG.info("closing the open MLFL data connection from {} socket {} (local socket {}): {}", icpHostName,
                open.sender().socket(), open.localSocket(), reason);
        close(open);
        open = null;
    }

    /** Returns the state of the data connection for STAT. */
    String describeOpenConnection() {
        if (open == null) {
            return "no data connection open";
        }
        return "data connection open from socket " + open.localSocket() + " to your socket " + open.sender().socket()
                + ", used by the next MLFL in MODE B";
    }

    /**
     * RFC 454's data-socket security check, made by this server for RFC 644. The mail file must
     * come from the user's default data socket U+5 on the ICP's host, because the sending host
     * reserves U+5 together with U. Data from any other socket could come from another process.
     */
    private long checkDataSocket(int dataHostNumber, long dataSocket) throws TransferFailedException {
        long expectedSocket = icpSocket + 5;
        if (dataHostNumber != icpHostNumber || dataSocket != expectedSocket) {
            LOG.warn("refused MLFL data socket {} of host {} in the session with {} socket {}: expected socket {}",
                    dataSocket, dataHostNumber, icpHostName, icpSocket, expectedSocket);
            throw new TransferFailedException(FtpReply.of(ReplyCode.CANNOT_CONNECT_DATA_SOCKET,
                    "Data socket " + dataSocket + " of host " + dataHostNumber + " refused: mail files come only from"
                            + " socket " + expectedSocket + " (U+5) of " + icpHostName + "."));
        }
        return expectedSocket;
    }

    /**
     * Returns the data connection that the previous block-mode file left open, unless the user has
     * closed it since. No data may come before the 250 reply, so a read that times out at once
     * shows a connection that is still open and idle.
     */
    private DataConnection takeOpenConnection() {
        DataConnection data = open;
        open = null;
        if (data == null) {
            return null;
        }

        data.connection().setTimeout(OPEN_CHECK);
        try {
            if (data.connection().inputStream().read() < 0) {
                LOG.info("MLFL from {} socket {}: the user closed the open data connection, opening a new one",
                        icpHostName, icpSocket);
            } else {
                LOG.warn("MLFL from {} socket {}: data arrived on the open data connection before the 250 reply,"
                        + " closing it and opening a new one", icpHostName, icpSocket);
            }
        } catch (SocketTimeoutException stillOpen) {
            return data;
        } catch (IOException e) {
            LOG.warn("MLFL from {} socket {}: checking the open data connection failed, opening a new one: {}",
                    icpHostName, icpSocket, e.toString());
        }
        close(data);
        return null;
    }

    /** Sends 255 and 250 for a file on the connection that the previous file left open. */
    private void reuse(DataConnection data, TransferMode mode) throws IOException {
        LOG.debug("MLFL from {} socket {}: reusing the open data connection from local socket {}", icpHostName,
                icpSocket, data.localSocket());
        try {
            replies.send(FtpReply.of(ReplyCode.SERVER_DATA_SOCKET, "SOCK " + data.localSocket()));
            replies.send(started(data.sender().socket(), mode, "on the open data connection"));
        } catch (IOException e) {
            close(data);
            throw e;
        }
    }

    /** Allocates a local socket, sends 255, connects to the user's data socket and sends 250. */
    private DataConnection connect(long expectedSocket, TransferMode mode) throws TransferFailedException, IOException {
        int localSocket = client.allocate(1);
        NcpConnection connection = null;
        try {
            replies.send(FtpReply.of(ReplyCode.SERVER_DATA_SOCKET, "SOCK " + localSocket));
            connection = open(localSocket, expectedSocket);
            Endpoint sender = new Endpoint(connection.foreignHostNumber(), Integer.toUnsignedLong(connection.foreignSocket()));
            if (sender.hostNumber() != icpHostNumber || sender.socket() != expectedSocket) {
                throw new TransferFailedException(FtpReply.of(ReplyCode.CANNOT_CONNECT_DATA_SOCKET,
                        "Data connection came from socket " + sender.socket() + " of host " + sender.hostNumber()
                                + ", not from socket " + expectedSocket + " of " + icpHostName + "."));
            }
            replies.send(started(expectedSocket, mode, "from socket " + expectedSocket));
            return new DataConnection(connection, localSocket, sender);
        } catch (TransferFailedException | IOException | RuntimeException e) {
            if (connection != null) {
                closeQuietly(connection);
            }
            releaseQuietly(localSocket);
            throw e;
        }
    }

    private static FtpReply started(long dataSocket, TransferMode mode, String where) {
        String end = mode == TransferMode.BLOCK ? "end it with a block marked EOF" : "close the data connection to end it";
        return FtpReply.of(ReplyCode.TRANSFER_STARTED, "Mail file transfer started " + where + " (your socket "
                + dataSocket + ", MODE " + mode.code() + "); " + end + ".");
    }

    private NcpConnection open(int localSocket, long dataSocket) throws TransferFailedException {
        try {
            return client.open(localSocket, Integer.toString(icpHostNumber), (int) dataSocket,
                    TransferParameters.BYTE_SIZE, connectTimeout);
        } catch (IOException e) {
            LOG.warn("connecting socket {} to {} socket {} for MLFL failed: {}", localSocket, icpHostName, dataSocket,
                    e.toString());
            throw new TransferFailedException(FtpReply.of(ReplyCode.CANNOT_CONNECT_DATA_SOCKET,
                    "Cannot connect to your data socket " + dataSocket + ": " + e.getMessage()));
        }
    }

    private void close(DataConnection data) {
        closeQuietly(data.connection());
        releaseQuietly(data.localSocket());
    }

    private void closeQuietly(NcpConnection data) {
        try {
            data.close();
        } catch (IOException e) {
            LOG.warn("closing the MLFL data connection with {} failed: {}", icpHostName, e.toString());
        }
    }

    private void releaseQuietly(int localSocket) {
        try {
            client.release(localSocket);
        } catch (IOException e) {
            LOG.warn("releasing data socket {} failed: {}", localSocket, e.toString());
        }
    }
}
