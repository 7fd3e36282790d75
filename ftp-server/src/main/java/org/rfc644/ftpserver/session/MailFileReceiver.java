package org.rfc644.ftpserver.session;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
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
 * 250. Then it reads the mail file until the user closes the connection, the end of file in stream
 * mode.
 */
final class MailFileReceiver {

    private static final Logger LOG = LoggerFactory.getLogger(MailFileReceiver.class);

    /** The received file and the foreign end of the data connection that carried it. */
    record ReceivedFile(byte[] message, Endpoint sender) {
    }

    private final NcpClient client;
    private final ReplyWriter replies;
    private final int icpHostNumber;
    private final String icpHostName;
    private final long icpSocket;
    private final Duration connectTimeout;
    private final Duration dataTimeout;
    private final int maxMessageSize;

    MailFileReceiver(NcpClient client, ReplyWriter replies, int icpHostNumber, String icpHostName, long icpSocket,
                     Duration connectTimeout, Duration dataTimeout, int maxMessageSize) {
        this.client = client;
        this.replies = replies;
        this.icpHostNumber = icpHostNumber;
        this.icpHostName = icpHostName;
        this.icpSocket = icpSocket;
        this.connectTimeout = connectTimeout;
        this.dataTimeout = dataTimeout;
        this.maxMessageSize = maxMessageSize;
    }

    /**
     * Receives one mail file from the user's data socket.
     *
     * @throws TransferFailedException with a 454, 452 or 507 reply when no complete file arrived
     * @throws IOException when a reply cannot be sent on the TELNET connection
     */
    ReceivedFile receive(int dataHostNumber, long dataSocket) throws TransferFailedException, IOException {
        // RFC 454's data-socket security check, made by this server for RFC 644. The mail file must
        // come from the user's default data socket U+5 on the ICP's host, because the sending host
        // reserves U+5 together with U. Data from any other socket could come from another process.
        long expectedSocket = icpSocket + 5;
        if (dataHostNumber != icpHostNumber || dataSocket != expectedSocket) {
            LOG.warn("refused MLFL data socket {} of host {} in the session with {} socket {}: expected socket {}",
                    dataSocket, dataHostNumber, icpHostName, icpSocket, expectedSocket);
            throw new TransferFailedException(FtpReply.of(ReplyCode.CANNOT_CONNECT_DATA_SOCKET,
                    "Data socket " + dataSocket + " of host " + dataHostNumber + " refused: mail files come only from"
                            + " socket " + expectedSocket + " (U+5) of " + icpHostName + "."));
        }

        int localSocket = client.allocate(1);
        try {
            replies.send(FtpReply.of(ReplyCode.SERVER_DATA_SOCKET, "SOCK " + localSocket));
            NcpConnection data = connect(localSocket, expectedSocket);
            try {
                Endpoint sender = new Endpoint(data.foreignHostNumber(), Integer.toUnsignedLong(data.foreignSocket()));
                if (sender.hostNumber() != icpHostNumber || sender.socket() != expectedSocket) {
                    throw new TransferFailedException(FtpReply.of(ReplyCode.CANNOT_CONNECT_DATA_SOCKET,
                            "Data connection came from socket " + sender.socket() + " of host " + sender.hostNumber()
                                    + ", not from socket " + expectedSocket + " of " + icpHostName + "."));
                }
                replies.send(FtpReply.of(ReplyCode.TRANSFER_STARTED, "Mail file transfer started from socket "
                        + expectedSocket + "; close the data connection to end it."));
                return new ReceivedFile(readUntilClosed(data), sender);
            } finally {
                closeQuietly(data);
            }
        } finally {
            releaseQuietly(localSocket);
        }
    }

    private NcpConnection connect(int localSocket, long dataSocket) throws TransferFailedException {
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

    private byte[] readUntilClosed(NcpConnection data) throws TransferFailedException {
        data.setTimeout(dataTimeout);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        try {
            InputStream in = data.inputStream();
            int count;
            while ((count = in.read(chunk)) >= 0) {
                if ((long) file.size() + count > maxMessageSize) {
                    LOG.warn("MLFL from {} socket {}: mail file larger than {} octets, closing the data connection",
                            icpHostName, icpSocket, maxMessageSize);
                    throw new TransferFailedException(FtpReply.of(ReplyCode.CATCHALL_ERROR,
                            "Mail file larger than the limit of " + maxMessageSize + " octets; nothing stored."));
                }
                file.write(chunk, 0, count);
            }
        } catch (SocketTimeoutException timeout) {
            LOG.warn("MLFL from {} socket {}: no data for {} s and the data connection still open, closing it",
                    icpHostName, icpSocket, dataTimeout.toSeconds());
            throw new TransferFailedException(FtpReply.of(ReplyCode.TRANSFER_INCOMPLETE, "No data for "
                    + dataTimeout.toSeconds() + " seconds and the data connection not closed; nothing stored."));
        } catch (IOException e) {
            LOG.warn("MLFL from {} socket {}: reading the data connection failed: {}", icpHostName, icpSocket, e.toString());
            throw new TransferFailedException(FtpReply.of(ReplyCode.TRANSFER_INCOMPLETE,
                    "Data connection failed: " + e.getMessage() + "; nothing stored."));
        }
        return file.toByteArray();
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
