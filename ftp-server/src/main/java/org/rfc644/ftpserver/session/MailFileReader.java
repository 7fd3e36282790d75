package org.rfc644.ftpserver.session;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.rfc644.ftp.FtpReply;
import org.rfc644.ftp.ReplyCode;
import org.rfc644.ftp.block.BlockModeDecoder;
import org.rfc644.ftp.block.BlockModeException;
import org.rfc644.ncp.client.NcpConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one mail file from MLFL's data connection in the session's transfer mode. Every failure
 * becomes a {@link TransferFailedException} whose reply states that nothing was stored.
 */
final class MailFileReader {

    private static final Logger LOG = LoggerFactory.getLogger(MailFileReader.class);

    private final String icpHostName;
    private final long icpSocket;
    private final Duration dataTimeout;
    private final int maxMessageSize;

    MailFileReader(String icpHostName, long icpSocket, Duration dataTimeout, int maxMessageSize) {
        this.icpHostName = icpHostName;
        this.icpSocket = icpSocket;
        this.dataTimeout = dataTimeout;
        this.maxMessageSize = maxMessageSize;
    }

    /** Reads the file in {@code mode}: up to the close in stream mode, up to the EOF block in block mode. */
    byte[] read(NcpConnection data, TransferMode mode) throws TransferFailedException {
        data.setTimeout(dataTimeout);
        try {
            return mode == TransferMode.BLOCK ? readBlocks(data.inputStream()) : readUntilClosed(data.inputStream());
        } catch (SocketTimeoutException timeout) {
            LOG.warn("MLFL from {} socket {}: no data for {} s in mode {} before the end of file, closing the data"
                    + " connection", icpHostName, icpSocket, dataTimeout.toSeconds(), mode.code());
            throw new TransferFailedException(FtpReply.of(ReplyCode.TRANSFER_INCOMPLETE, "No data for "
                    + dataTimeout.toSeconds() + " seconds before the end of file; nothing stored."));
        } catch (IOException e) {
            LOG.warn("MLFL from {} socket {}: reading the data connection failed: {}", icpHostName, icpSocket, e.toString());
            throw new TransferFailedException(FtpReply.of(ReplyCode.TRANSFER_INCOMPLETE,
                    "Data connection failed: " + e.getMessage() + "; nothing stored."));
        }
    }

    /** Stream mode: the file ends when the user closes the data connection. */
    private byte[] readUntilClosed(InputStream in) throws IOException, TransferFailedException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        int count;
        while ((count = in.read(chunk)) >= 0) {
            if ((long) file.size() + count > maxMessageSize) {
                LOG.warn("MLFL from {} socket {}: mail file larger than {} octets, closing the data connection",
                        icpHostName, icpSocket, maxMessageSize);
                throw tooLarge();
            }
            file.write(chunk, 0, count);
        }
        return file.toByteArray();
    }

    /** Block mode: the file ends with the block marked EOF; the connection may stay open. */
    private byte[] readBlocks(InputStream in) throws IOException, TransferFailedException {
        try {
            return new BlockModeDecoder(in, maxMessageSize).readFile();
        } catch (BlockModeException refused) {
            LOG.warn("MLFL from {} socket {} in block mode refused, closing the data connection: {}", icpHostName,
                    icpSocket, refused.getMessage());
            throw new TransferFailedException(reply(refused));
        }
    }

    /** RFC 454 allows 252, 452 and 453 after MLFL's 250; 507 for a file over the limit is as in MAIL. */
    private FtpReply reply(BlockModeException refused) {
        return switch (refused.reason()) {
            case INCOMPLETE_FILE -> FtpReply.of(ReplyCode.TRANSFER_INCOMPLETE, "Data connection closed before the"
                    + " block marked EOF; the file is incomplete, nothing stored.");
            case SUSPECT_DATA -> FtpReply.of(ReplyCode.TRANSFER_INCOMPLETE, "A block is marked as suspect data"
                    + " (descriptor 3); nothing stored, send the file again.");
            case RESTART_MARKER -> FtpReply.of(ReplyCode.TRANSFER_INCOMPLETE, "Restart markers (descriptor 4) are"
                    + " not implemented; nothing stored, send the file without them.");
            case UNKNOWN_DESCRIPTOR -> FtpReply.of(ReplyCode.TRANSFER_INCOMPLETE, "Invalid block header: "
                    + refused.getMessage() + "; nothing stored.");
            case FILE_TOO_LARGE -> tooLarge().reply();
        };
    }

    private TransferFailedException tooLarge() {
        return new TransferFailedException(FtpReply.of(ReplyCode.CATCHALL_ERROR,
                "Mail file larger than the limit of " + maxMessageSize + " octets; nothing stored."));
    }
}
