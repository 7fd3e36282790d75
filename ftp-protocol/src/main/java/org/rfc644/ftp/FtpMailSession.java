package org.rfc644.ftp;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.rfc644.ftp.block.BlockModeEncoder;
import org.rfc644.mail.format.DotStuffing;
import org.rfc644.ncp.client.NcpClient;
import org.rfc644.ncp.client.NcpConnection;
import org.rfc644.ncp.client.NcpListener;
import org.rfc644.ncp.icp.Icp;
import org.rfc644.ncp.icp.IcpConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user side of RFC 454 mail delivery: one FTP session with the server on a foreign host, over
 * which any number of messages go, each to one recipient.
 *
 * <p>After the greeting the session sends MODE B. When the server accepts it, every mail file goes
 * in RFC 454's block mode: the last block is marked EOF, so the server can store the file as soon as
 * it arrives. Otherwise the files go in stream mode, where the close of the data connection ends
 * the file.
 *
 * <p>Each message goes with MLFL first: this side listens on its default data socket U+5 (a send
 * socket) before sending the command, the server initiates the data connection to it and the
 * message is sent. In block mode the server may keep the data connection open after the file. It
 * closes every connection that it will not reuse before it replies. So a connection that is still
 * open after the reply carries the next MLFL, without a new listen. When the server does not
 * implement MLFL (reply 400, 500, 504 or 506) or cannot connect to the data socket (454), this and
 * every later message of the session go with MAIL, the text on the TELNET connection with the
 * dot-stuffing of {@link DotStuffing}.
 *
 * <p>RFC 454 allows several users in one MLFL or MAIL argument; this class sends one command per
 * recipient, so that every recipient gets its own reply. Not thread-safe: one message at a time.
 */
public final class FtpMailSession implements AutoCloseable {

    /** The socket on which RFC 454's server-FTP listens (section V.A). */
    public static final int FTP_SERVER_SOCKET = 3;

    /** The byte size of RFC 454's ASCII data connections, the default and the only one used here. */
    public static final int DATA_BYTE_SIZE = 8;

    private static final Logger LOG = LoggerFactory.getLogger(FtpMailSession.class);

    private final NcpClient client;
    private final IcpConnection icp;
    private final Duration timeout;
    private final FtpReplyReader replies;
    private final OutputStream commands;
    private final FtpReply greeting;
    private boolean blockMode;
    private NcpConnection openDataConnection;
    private boolean mlflUnavailable;
    private boolean closed;

    private FtpMailSession(NcpClient client, IcpConnection icp, Duration timeout) throws IOException {
        this.client = client;
        this.icp = icp;
        this.timeout = timeout;
        icp.receiveConnection().setTimeout(timeout);
        icp.sendConnection().setTimeout(timeout);
        this.replies = new FtpReplyReader(icp.inputStream());
        this.commands = icp.outputStream();
        this.greeting = readReply();
    }

    /**
     * Performs RFC 165's ICP from local socket {@code icpSocket} to socket 3 of {@code host}, reads
     * the server's greeting and requests block mode with MODE B.
     *
     * @param client the session with the local NCP daemon; the policy decides whether the caller
     *     may use {@code icpSocket}, and RFC 644's receivers mark mail authentic only when it is
     *     one of the host's reserved mail sockets
     * @param icpSocket U, an even socket; the session also uses U+2, U+3 and U+5
     * @param host the server host, by name or number
     * @param timeout the longest wait for the ICP, for each reply and for the data connection
     * @throws FtpRefusedException when the server's greeting is not 300 (for example 401, not
     *     accepting users now); the session is then closed
     * @throws IOException when the ICP fails or the greeting or the reply to MODE B does not arrive
     *     in time; the session is then closed
     */
    public static FtpMailSession open(NcpClient client, int icpSocket, String host, Duration timeout)
            throws IOException {
        IcpConnection icp = Icp.connect(client, icpSocket, host, FTP_SERVER_SOCKET, timeout);
        FtpMailSession session;
        try {
            session = new FtpMailSession(client, icp, timeout);
        } catch (IOException | RuntimeException e) {
            closeQuietly(icp);
            throw e;
        }
        if (!session.greeting.is(ReplyCode.GREETING)) {
            session.close();
            throw new FtpRefusedException(session.greeting);
        }
        LOG.info("FTP session with {} from socket {}: {}", session.host(), icpSocket, session.greeting);
        try {
            session.requestBlockMode();
        } catch (IOException | RuntimeException e) {
            session.close();
            throw e;
        }
        return session;
    }

    /** Returns the server's greeting, a 300 reply. */
    public FtpReply greeting() {
        return greeting;
    }

    /** Returns the server host's name, as the daemon reported it. */
    public String host() {
        return icp.foreignHostName();
    }

    /** Returns U, the local socket of the ICP. */
    public int icpSocket() {
        return icp.userSocket();
    }

    /**
     * Delivers one message to one user at the server host, with MLFL or, if the server refuses
     * MLFL, with MAIL.
     *
     * @param recipient the user name at the server host, ASCII, without spaces or commas
     * @param crlfMessage the whole message, header and body, with CR LF line ends
     * @return the outcome with the server's reply
     * @throws IOException when the TELNET connections fail or a reply does not arrive in time. The
     *     session is then closed, and whether the server stored the message is unknown.
     */
    public DeliveryOutcome deliver(String recipient, byte[] crlfMessage) throws IOException {
        requireRecipient(recipient);
        if (closed) {
            throw new IOException("the FTP session with " + host() + " is closed");
        }
        try {
            if (!mlflUnavailable) {
                Optional<DeliveryOutcome> outcome = deliverWithMlfl(recipient, crlfMessage);
                if (outcome.isPresent()) {
                    return outcome.get();
                }
                mlflUnavailable = true;
            }
            return deliverWithMail(recipient, crlfMessage);
        } catch (IOException | RuntimeException e) {
            LOG.warn("FTP session with {} failed while delivering to {}: {}", host(), recipient, e.toString());
            close();
            throw e;
        }
    }

    /**
     * Ends the session: sends BYE (RFC 454's logout), reads the reply and closes the TELNET
     * connections, as RFC 454 requires of the user site.
     */
    public void quit() throws IOException {
        if (closed) {
            return;
        }
        try {
            send(FtpCommand.of("BYE"));
            FtpReply reply = readReply();
            LOG.info("FTP session with {} ended: {}", host(), reply);
        } finally {
            close();
        }
    }

    /**
     * Closes the TELNET connections without BYE and releases U, U+2, U+3 and U+5 in the client's
     * session, so that another session can use them.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (openDataConnection != null) {
            closeQuietly(openDataConnection);
            openDataConnection = null;
        }
        closeQuietly(icp);

        int u = icp.userSocket();
        for (int socket : new int[] {u, u + 2, u + 3, u + 5}) {
            try {
                client.release(socket);
            } catch (IOException e) {
                LOG.debug("releasing socket {} after the FTP session with {} failed: {}", socket, host(), e.toString());
            }
        }
    }

    /** Sends MODE B. A 2xx reply switches the mail files to block mode, and any other reply keeps stream mode. */
    private void requestBlockMode() throws IOException {
        send(FtpCommand.of("MODE", "B"));
        FtpReply reply = readReply();
        blockMode = reply.isPositive();
        if (blockMode) {
            LOG.info("FTP session with {} from socket {}: MODE B accepted, mail files go in block mode", host(),
                    icpSocket());
        } else {
            LOG.info("FTP session with {} from socket {}: MODE B refused ({}), mail files go in stream mode", host(),
                    icpSocket(), reply);
        }
    }

    /**
     * Sends the message with MLFL over the data connection that the previous file left open, or
     * over a new one from U+5.
     *
     * @return the outcome, or empty when the server refused MLFL in a way that MAIL may avoid
     */
    private Optional<DeliveryOutcome> deliverWithMlfl(String recipient, byte[] message) throws IOException {
        NcpConnection open = openDataConnection;
        openDataConnection = null;
        if (open != null) {
            return deliverOnOpenConnection(open, recipient, message);
        }

        int dataSocket = icp.userSocket() + 5;
        // RFC 454 section III.A: the user listens on the data socket before sending the command.
        try (NcpListener listener = client.listen(dataSocket, DATA_BYTE_SIZE)) {
            CompletableFuture<NcpConnection> dataConnection = acceptInBackground(listener);
            send(FtpCommand.of("MLFL", recipient));

            TransferStart start = readTransferStart();
            if (!start.reply().is(ReplyCode.TRANSFER_STARTED)) {
                listener.close();
                dataConnection.cancel(true);
                return failureOrFallback(recipient, start.reply());
            }
            return Optional.of(transfer(awaitDataConnection(dataConnection), start, recipient, message));
        }
    }

    /** Sends MLFL for a file on the block-mode data connection that the server kept open. */
    private Optional<DeliveryOutcome> deliverOnOpenConnection(NcpConnection data, String recipient, byte[] message)
            throws IOException {
        LOG.debug("MLFL to {} on the open data connection {}", host(), data);
        TransferStart start;
        try {
            send(FtpCommand.of("MLFL", recipient));
            start = readTransferStart();
        } catch (IOException | RuntimeException e) {
            closeQuietly(data);
            throw e;
        }
        if (!start.reply().is(ReplyCode.TRANSFER_STARTED)) {
            keepIfOpen(data);
            return failureOrFallback(recipient, start.reply());
        }
        return Optional.of(transfer(data, start, recipient, message));
    }

    /** The server's data socket from its 255 replies, if it sent one, and the reply that followed. */
    private record TransferStart(OptionalLong serverDataSocket, FtpReply reply) {
    }

    private TransferStart readTransferStart() throws IOException {
        OptionalLong serverDataSocket = OptionalLong.empty();
        FtpReply reply = readReply();
        while (reply.is(ReplyCode.SERVER_DATA_SOCKET)) {
            serverDataSocket = parseDataSocket(reply);
            reply = readReply();
        }
        return new TransferStart(serverDataSocket, reply);
    }

    /** Returns empty when MAIL may succeed where MLFL was rejected, and the failure outcome otherwise. */
    private Optional<DeliveryOutcome> failureOrFallback(String recipient, FtpReply reply) {
        if (isMlflUnavailable(reply)) {
            LOG.info("{} does not take MLFL ({}), using MAIL", host(), reply);
            return Optional.empty();
        }
        return Optional.of(DeliveryOutcome.failure(recipient, "MLFL", reply));
    }

    /** Sends the file after the server's 250 and reads the reply that ends MLFL. */
    private DeliveryOutcome transfer(NcpConnection data, TransferStart start, String recipient, byte[] message)
            throws IOException {
        checkDataConnection(data, start.serverDataSocket());
        sendData(data, message);

        FtpReply completion;
        try {
            completion = readReply();
        } catch (IOException | RuntimeException e) {
            closeQuietly(data);
            throw e;
        }
        if (blockMode) {
            keepIfOpen(data);
        }

        if (completion.is(ReplyCode.TRANSFER_COMPLETED)) {
            return new DeliveryOutcome(recipient, DeliveryOutcome.Status.DELIVERED, "MLFL", completion);
        }
        return DeliveryOutcome.failure(recipient, "MLFL", completion);
    }

    /**
     * RFC 454's data-socket security check: the connection must come from the ICP's host and, when
     * the server named its data socket in a 255 reply, from that socket.
     */
    private void checkDataConnection(NcpConnection data, OptionalLong serverDataSocket) throws FtpProtocolException {
        boolean fromServerHost = data.foreignHostNumber() == icp.foreignHostNumber();
        boolean fromNamedSocket = serverDataSocket.isEmpty() || serverDataSocket.getAsLong() == data.foreignSocket();
        if (!fromServerHost || !fromNamedSocket) {
            closeQuietly(data);
            throw new FtpProtocolException("data connection from socket " + data.foreignSocket() + " of "
                    + data.foreignHostName() + " is not from the server's data socket "
                    + serverDataSocket + " of " + host());
        }
    }

    /**
     * Sends the message on the data connection. In stream mode the close of the connection is the
     * end of file. In block mode the last block is marked EOF and the connection stays open.
     */
    private void sendData(NcpConnection data, byte[] message) throws IOException {
        data.setTimeout(timeout);
        try {
            if (blockMode) {
                new BlockModeEncoder(data.outputStream()).writeFile(message);
            } else {
                try (data) {
                    data.outputStream().write(message);
                    data.outputStream().flush();
                }
            }
        } catch (IOException e) {
            // The server may close the data connection early (message too large); its reply gives the reason.
            LOG.warn("sending the data to {} socket {} failed: {}", host(), data.foreignSocket(), e.toString());
        }
    }

    /**
     * Keeps a block-mode data connection for the next MLFL when the server left it open, and
     * closes it otherwise. The server closes every connection that it will not reuse before its
     * reply, and its close waits for this side's responding CLS. This side's daemon reports the
     * close to us when it sends that CLS, so the report comes before the reply.
     * NOTE: a block-mode server that leaves the connection open without reusing it would reply 454
     * to the next MLFL, and the session then goes on with MAIL.
     */
    private void keepIfOpen(NcpConnection data) {
        if (data.isOpen()) {
            openDataConnection = data;
        } else {
            closeQuietly(data);
        }
    }

    private DeliveryOutcome deliverWithMail(String recipient, byte[] message) throws IOException {
        send(FtpCommand.of("MAIL", recipient));
        FtpReply reply = readReply();
        if (!reply.is(ReplyCode.ENTER_MAIL)) {
            return DeliveryOutcome.failure(recipient, "MAIL", reply);
        }

        // The text ends at a line holding only "."; DotStuffing doubles every leading "." before.
        commands.write(DotStuffing.stuff(message));
        commands.flush();

        FtpReply completion = readReply();
        if (completion.is(ReplyCode.MAIL_COMPLETED)) {
            return new DeliveryOutcome(recipient, DeliveryOutcome.Status.DELIVERED, "MAIL", completion);
        }
        return DeliveryOutcome.failure(recipient, "MAIL", completion);
    }

    private CompletableFuture<NcpConnection> acceptInBackground(NcpListener listener) {
        CompletableFuture<NcpConnection> accepted = new CompletableFuture<>();
        Thread acceptor = new Thread(() -> {
            try {
                NcpConnection connection = listener.accept(timeout);
                // A connection that arrives after the transfer was abandoned is closed at once.
                if (!accepted.complete(connection)) {
                    closeQuietly(connection);
                }
            } catch (IOException e) {
                accepted.completeExceptionally(e);
            }
        }, "mlfl-accept-" + listener.localSocket());
        acceptor.setDaemon(true);
        acceptor.start();
        return accepted;
    }

    private NcpConnection awaitDataConnection(CompletableFuture<NcpConnection> accepted) throws IOException {
        try {
            return accepted.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new UncheckedIOException(new IOException(e.getCause()));
        } catch (TimeoutException e) {
            throw new IOException("the data connection from " + host() + " did not arrive within " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the data connection from " + host());
        }
    }

    /** Reads the next reply to a command, skipping RFC 454's purely informative 0xx replies. */
    private FtpReply readReply() throws IOException {
        FtpReply reply = replies.read();
        while (reply.kind() == 0) {
            LOG.debug("{}: {}", icp.foreignHostName(), reply);
            reply = replies.read();
        }
        return reply;
    }

    private void send(FtpCommand command) throws IOException {
        commands.write(command.encode());
        commands.flush();
    }

    /** RFC 454's 255 reply: "SOCK nnnn", nnnn being the server's data socket in decimal. */
    private static OptionalLong parseDataSocket(FtpReply reply) {
        String text = reply.lines().get(0).strip();
        if (text.regionMatches(true, 0, "SOCK ", 0, 5)) {
            try {
                return OptionalLong.of(Long.parseLong(text.substring(5).strip()));
            } catch (NumberFormatException invalid) {
                LOG.warn("ignoring 255 reply without a socket number: {}", reply);
            }
        }
        return OptionalLong.empty();
    }

    private static boolean isMlflUnavailable(FtpReply reply) {
        return reply.is(ReplyCode.SERVICE_NOT_IMPLEMENTED) || reply.is(ReplyCode.COMMAND_UNRECOGNIZED)
                || reply.is(ReplyCode.NOT_POSSIBLE_NOW) || reply.is(ReplyCode.NOT_IMPLEMENTED)
                || reply.is(ReplyCode.CANNOT_CONNECT_DATA_SOCKET);
    }

    private static void requireRecipient(String recipient) {
        boolean valid = !recipient.isEmpty()
                && recipient.chars().allMatch(c -> c > ' ' && c < 0x7f && c != ',');
        if (!valid) {
            throw new IllegalArgumentException("invalid recipient '" + recipient
                    + "': expected one user name of printable ASCII without spaces or commas");
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.debug("closing {} failed: {}", closeable, e.toString());
        }
    }
}
