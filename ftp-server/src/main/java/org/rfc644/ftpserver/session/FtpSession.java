package org.rfc644.ftpserver.session;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import org.rfc644.ftp.CommandSyntaxException;
import org.rfc644.ftp.FtpCommand;
import org.rfc644.ftp.FtpReply;
import org.rfc644.ftp.LineReader;
import org.rfc644.ftp.LineTooLongException;
import org.rfc644.ftp.ReplyCode;
import org.rfc644.ftpserver.ServerSettings;
import org.rfc644.ftpserver.decision.AuthenticationRule;
import org.rfc644.ftpserver.decision.Endpoint;
import org.rfc644.ftpserver.decision.TransferOrigin;
import org.rfc644.ftpserver.delivery.DeliveryResult;
import org.rfc644.ftpserver.delivery.MailDelivery;
import org.rfc644.ncp.client.NcpClient;
import org.rfc644.ncp.client.NcpConnection;
import org.rfc644.ncp.icp.IcpConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RFC 454's command dialogue with one user over the TELNET connections of one ICP. The server
 * replies to each command before it reads the next. An invalid command gets a 500-series reply,
 * and the session goes on.
 */
public final class FtpSession {

    private static final Logger LOG = LoggerFactory.getLogger(FtpSession.class);

    /**
     * How long the server looks for the close of the TELNET connection after a stream-mode MLFL
     * data connection closed.
     */
    private static final Duration END_CHECK = Duration.ofMillis(300);

    /** RFC 454 commands that this mail-only server does not implement: 506 instead of 500. */
    private static final Set<String> NOT_IMPLEMENTED = Set.of("RETR", "STOR", "APPE", "REST", "RNFR", "RNTO",
            "DELE", "LIST", "NLST", "LSTN", "QUOT", "NQUO");

    private final IcpConnection icp;
    private final ServerSettings settings;
    private final MailDelivery delivery;
    private final AuthenticationRule rule;
    private final String localHostName;
    private final ReplyWriter replies;
    private final LineReader lines;
    private final LineDeadline timedLines;
    private final TransferOrigin origin;
    private final MailFileReceiver fileReceiver;
    private final String peer;
    private TransferParameters parameters;
    private String previousCommand = "";
    private int messages;

    /**
     * @param icp the TELNET connections, from the server side of the ICP
     * @param client the session with the NCP daemon that owns the ICP's sockets; MLFL's data
     *     connections are opened in it
     * @param rule RFC 644's rule, with the daemon's host table
     * @param localHostName this host's name, for the greeting
     * @param timer runs the deadline of each line read from the user
     */
    public FtpSession(IcpConnection icp, NcpClient client, ServerSettings settings, MailDelivery delivery,
                      AuthenticationRule rule, String localHostName, ScheduledExecutorService timer) {
        this.icp = icp;
        this.settings = settings;
        this.delivery = delivery;
        this.rule = rule;
        this.localHostName = localHostName;
        long u = Integer.toUnsignedLong(icp.userSocket());
        this.peer = icp.foreignHostName() + " socket " + u;
        this.replies = new ReplyWriter(icp.outputStream(), peer);
        this.lines = new LineReader(icp.inputStream());
        this.timedLines = new LineDeadline(lines, timer, settings.idleTimeout(), this::closeCommandConnection);
        this.origin = new TransferOrigin(icp.foreignHostNumber(), icp.foreignHostName(), u,
                endpoint(icp.receiveConnection()), endpoint(icp.sendConnection()), Optional.empty());
        this.parameters = new TransferParameters(icp.foreignHostNumber(), u);
        this.fileReceiver = new MailFileReceiver(client, replies, icp.foreignHostNumber(), icp.foreignHostName(), u,
                settings.connectTimeout(), settings.dataTimeout(), settings.maxMessageSize());
    }

    /** Runs the dialogue until the user logs out, closes the connection or stays idle too long. */
    public void run() {
        LOG.info("session from {} started: commands from socket {}, replies to socket {}", peer,
                origin.commandSender().socket(), origin.replyReceiver().socket());
        String end;
        try {
            icp.receiveConnection().setTimeout(settings.idleTimeout());
            replies.send(FtpReply.of(ReplyCode.GREETING, localHostName
                    + " FTP server ready for mail (MAIL, MLFL); HELP lists the commands."));
            end = dialogue();
        } catch (SocketTimeoutException idle) {
            end = "no complete line for more than " + settings.idleTimeout().toSeconds() + " s";
            sendQuietly(FtpReply.of(ReplyCode.LOGON_TIME_OR_TRIES_EXCEEDED, "No complete line for "
                    + settings.idleTimeout().toSeconds() + " seconds, goodbye."));
        } catch (EOFException closed) {
            end = "the user closed the TELNET connection: " + closed.getMessage();
        } catch (IOException e) {
            end = "the TELNET connection failed: " + e;
        }
        // RFC 454: the server closes the data connection when the TELNET connections close.
        fileReceiver.closeOpenConnection("the session ended");
        LOG.info("session from {} ended after {} messages: {}", peer, messages, end);
    }

    /** Reads and executes commands; returns why the dialogue ended. */
    private String dialogue() throws IOException {
        while (true) {
            byte[] line;
            try {
                line = timedLines.readLine(settings.maxCommandLine());
            } catch (LineTooLongException tooLong) {
                LOG.warn("session from {}: command line longer than {} octets ignored", peer, tooLong.maxLength());
                replies.send(FtpReply.of(ReplyCode.COMMAND_UNRECOGNIZED,
                        "Command line longer than " + tooLong.maxLength() + " octets; ignored."));
                continue;
            }
            if (line == null) {
                return "the user closed the TELNET connection";
            }

            FtpCommand command;
            try {
                command = FtpCommand.parse(line);
            } catch (CommandSyntaxException invalid) {
                LOG.warn("session from {}: invalid command line: {}", peer, invalid.getMessage());
                replies.send(invalid.reply());
                continue;
            }

            if (!execute(command)) {
                return "logged out with " + command.code();
            }
            previousCommand = command.code();
        }
    }

    /** Executes one command; returns false when the session ends. */
    private boolean execute(FtpCommand command) throws IOException {
        LOG.debug("from {}: {}", peer, command.code().equals("PASS") ? "PASS (not logged)" : command);
        try {
            switch (command.code()) {
                case "MAIL" -> mail(command.argument());
                case "MLFL" -> mailFile(command.argument());
                case "USER" -> replies.send(FtpReply.of(ReplyCode.LOGGED_IN,
                        "User noted; mail needs no log-on and no password is checked."));
                case "PASS" -> password();
                case "ACCT" -> replies.send(FtpReply.of(ReplyCode.LOGGED_IN, "No account is needed for mail."));
                case "TYPE" -> replies.send(parameters.type(command.argument()));
                // BYTE takes only byte size 8, so it never changes the byte size of an open data connection.
                case "BYTE" -> replies.send(parameters.byteSize(command.argument()));
                case "MODE" -> mode(command.argument());
                case "STRU" -> replies.send(parameters.structure(command.argument()));
                case "FORM" -> replies.send(parameters.form(command.argument()));
                case "SOCK" -> socket(command.argument());
                case "ALLO" -> replies.send(FtpReply.of(ReplyCode.COMMAND_OK, "ALLO needs no action here."));
                case "NOOP" -> replies.send(FtpReply.of(ReplyCode.COMMAND_OK, "OK."));
                case "ABOR" -> abort();
                case "REIN" -> reinitialize();
                case "HELP" -> replies.send(help());
                case "STAT" -> replies.send(status());
                case "QUIT", "BYE" -> {
                    replies.send(FtpReply.of(ReplyCode.LOGGED_OUT, "Logged out, goodbye."));
                    return false;
                }
                default -> unknown(command.code());
            }
        } catch (CommandSyntaxException invalid) {
            LOG.warn("session from {}: invalid {} command: {}", peer, command.code(), invalid.getMessage());
            replies.send(invalid.reply());
        }
        return true;
    }

    /** MAIL: the text follows on the TELNET connection, up to a line holding only ".". */
    private void mail(String argument) throws CommandSyntaxException, IOException {
        List<String> recipients = Recipients.parse("MAIL", argument);
        if (rejectUnknown("MAIL", recipients)) {
            return;
        }
        replies.send(FtpReply.of(ReplyCode.ENTER_MAIL, "Enter mail, end with a line holding only \".\";"
                + " double the \".\" that starts any other line."));

        Optional<byte[]> text = new MailTextReader(timedLines, settings.maxMessageSize()).read();
        if (text.isEmpty()) {
            LOG.warn("MAIL from {} for {}: text larger than {} octets, nothing stored", peer, recipients,
                    settings.maxMessageSize());
            replies.send(FtpReply.of(ReplyCode.CATCHALL_ERROR, "Mail larger than the limit of "
                    + settings.maxMessageSize() + " octets; nothing stored."));
            return;
        }
        messages++;
        DeliveryResult result = delivery.deliver(text.get(), recipients, origin, rule);
        replies.send(reply(result, ReplyCode.MAIL_COMPLETED));
    }

    /** MLFL: the mail file comes on a data connection that this server initiates to the user's U+5. */
    private void mailFile(String argument) throws CommandSyntaxException, IOException {
        List<String> recipients = Recipients.parse("MLFL", argument);
        if (rejectUnknown("MLFL", recipients)) {
            return;
        }

        TransferMode mode = parameters.mode();
        MailFileReceiver.ReceivedFile file;
        try {
            file = fileReceiver.receive(parameters.dataHostNumber(), parameters.dataSocket(), mode);
        } catch (TransferFailedException failed) {
            replies.send(failed.reply());
            return;
        }

        // RFC 454 names stream mode's disadvantage: a data connection closed under error looks
        // like the end of file. A user that dies ends its TELNET connections at the same moment,
        // so the server waits up to END_CHECK for that before it stores. Block mode needs no wait
        // because its end of file is an explicit block, and a close before it is an error.
        if (mode == TransferMode.STREAM && userClosedTelnet()) {
            LOG.warn("MLFL from {} for {}: the TELNET connection closed with the data connection;"
                    + " the file may be incomplete, nothing stored", peer, recipients);
            throw new EOFException("closed during MLFL; the mail file was not stored");
        }

        messages++;
        DeliveryResult result = delivery.deliver(file.message(), recipients, origin.withDataSender(file.sender()), rule);
        replies.send(reply(result, ReplyCode.TRANSFER_COMPLETED));
    }

    /** Replies 450 and returns true when a recipient has no mailbox here; nothing is stored then. */
    private boolean rejectUnknown(String command, List<String> recipients) throws IOException {
        List<String> unknown = recipients.stream().filter(user -> !delivery.isKnownUser(user)).toList();
        if (unknown.isEmpty()) {
            return false;
        }
        LOG.info("{} from {} refused: no such user {}", command, peer, unknown);
        replies.send(FtpReply.of(ReplyCode.FILE_NOT_FOUND, "No such user here: " + String.join(", ", unknown)
                + "; nothing stored."));
        return true;
    }

    private boolean userClosedTelnet() throws IOException {
        NcpConnection commands = icp.receiveConnection();
        commands.setTimeout(END_CHECK);
        try {
            return lines.isAtEnd();
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } finally {
            commands.setTimeout(settings.idleTimeout());
        }
    }

    private FtpReply reply(DeliveryResult result, ReplyCode success) {
        String verdict = result.decision().isAuthentic() ? "AUTHENTIC" : "NOT AUTHENTICATED";
        String decision = verdict + " (" + result.decision().reason() + ")";
        return switch (result.status()) {
            case STORED -> FtpReply.of(success, "Mail stored for " + String.join(", ", all(result)) + ", " + decision + ".");
            case REJECTED -> FtpReply.of(ReplyCode.ACCESS_DENIED, "Mail refused, " + decision + "; nothing stored.");
            case UNKNOWN_USER -> FtpReply.of(ReplyCode.FILE_NOT_FOUND, capitalized(result.detail()) + "; "
                    + storedBefore(result));
            case INSUFFICIENT_STORAGE -> FtpReply.of(ReplyCode.INSUFFICIENT_STORAGE, "Disk full, try again later; "
                    + storedBefore(result));
            case FILE_SYSTEM_ERROR -> FtpReply.of(ReplyCode.FILE_SYSTEM_ERROR, "File system error, try again later; "
                    + storedBefore(result));
        };
    }

    private static List<String> all(DeliveryResult result) {
        return java.util.stream.Stream.concat(result.stored().stream(), result.duplicates().stream()).toList();
    }

    private static String storedBefore(DeliveryResult result) {
        return result.stored().isEmpty() ? "nothing stored." : "stored only for " + String.join(", ", result.stored()) + ".";
    }

    private static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    /** PASS must immediately follow USER (RFC 454 section IV.A.1). */
    private void password() throws IOException {
        if (!previousCommand.equals("USER")) {
            replies.send(FtpReply.of(ReplyCode.ILLEGAL_PARAMETER_COMBINATION, "PASS must immediately follow USER."));
            return;
        }
        replies.send(FtpReply.of(ReplyCode.LOGGED_IN, "Password ignored: this server offers mail only."));
    }

    /** MODE: a change of mode closes a data connection that block mode left open. */
    private void mode(String argument) throws CommandSyntaxException, IOException {
        TransferMode before = parameters.mode();
        FtpReply reply = parameters.mode(argument);
        if (parameters.mode() != before) {
            LOG.info("session from {}: MODE {} set, was MODE {}", peer, parameters.mode().code(), before.code());
            fileReceiver.closeOpenConnection("MODE " + parameters.mode().code() + " set");
        } else if (!reply.is(ReplyCode.COMMAND_OK)) {
            LOG.info("session from {}: MODE {} refused, MODE {} stays", peer, argument.strip(), before.code());
        }
        replies.send(reply);
    }

    /** SOCK: RFC 454 requires the server to close the data connection when the socket changes. */
    private void socket(String argument) throws CommandSyntaxException, IOException {
        int hostBefore = parameters.dataHostNumber();
        long socketBefore = parameters.dataSocket();
        FtpReply reply = parameters.socket(argument);
        if (parameters.dataHostNumber() != hostBefore || parameters.dataSocket() != socketBefore) {
            fileReceiver.closeOpenConnection("SOCK set the data socket to " + parameters.dataSocket() + " of host "
                    + parameters.dataHostNumber());
        }
        replies.send(reply);
    }

    /**
     * ABOR: no transfer is ever in progress when a command is read, so the reply is 202. RFC 454
     * still requires the server to close the data connection.
     */
    private void abort() throws IOException {
        fileReceiver.closeOpenConnection("ABOR");
        replies.send(FtpReply.of(ReplyCode.ABORT_IGNORED));
    }

    private void reinitialize() throws IOException {
        fileReceiver.closeOpenConnection("REIN");
        if (parameters.mode() != TransferMode.STREAM) {
            LOG.info("session from {}: REIN set MODE S, was MODE {}", peer, parameters.mode().code());
        }
        parameters = new TransferParameters(origin.icpHostNumber(), origin.icpSocket());
        replies.send(FtpReply.of(ReplyCode.LOGGED_OUT_REINITIALIZED, "Parameters reinitialized."));
    }

    private void unknown(String code) throws IOException {
        if (NOT_IMPLEMENTED.contains(code)) {
            replies.send(FtpReply.of(ReplyCode.NOT_IMPLEMENTED, code + " is not implemented: this server receives mail only."));
            return;
        }
        LOG.warn("session from {}: unknown command {}", peer, code);
        replies.send(FtpReply.of(ReplyCode.COMMAND_UNRECOGNIZED, "Unknown command " + code + "; HELP lists the commands."));
    }

    private FtpReply help() {
        return FtpReply.multiLine(ReplyCode.FTP_COMMENTARY, List.of(
                localHostName + " FTP server (RFC 454), mail only. Commands:",
                "MAIL user[,user...]  mail text follows, ended by a line holding only \".\"",
                "   (a line that starts with \".\" is sent with one more \".\", as in SMTP)",
                "MLFL user[,user...]  mail file follows on the data connection from your socket U+5",
                "   (MODE S: close the data connection to end the file; MODE B: blocks, the last",
                "   marked EOF, and the data connection stays open for the next MLFL)",
                "USER, PASS, ACCT     accepted; mail needs no log-on",
                "TYPE A|I|L, BYTE 8, MODE S|B, STRU F|R, FORM U, SOCK [host,]socket, ALLO",
                "NOOP, STAT, HELP, ABOR, REIN, BYE or QUIT",
                "Mail is marked AUTHENTIC only when the ICP came from an authorized mail socket",
                "of the host that the From field names (RFC 644)."));
    }

    private FtpReply status() {
        return FtpReply.multiLine(ReplyCode.SYSTEM_STATUS, List.of(
                "Session with " + peer + ", " + messages + " messages received.",
                parameters.describe() + ".",
                capitalized(fileReceiver.describeOpenConnection()) + "."));
    }

    /** Ends a blocked read of the command connection; the reply connection stays open for 430. */
    private void closeCommandConnection() {
        try {
            icp.receiveConnection().close();
        } catch (IOException e) {
            LOG.debug("closing the command connection from {} failed: {}", peer, e.toString());
        }
    }

    private void sendQuietly(FtpReply reply) {
        try {
            replies.send(reply);
        } catch (IOException e) {
            LOG.debug("sending {} to {} failed: {}", reply, peer, e.toString());
        }
    }

    private static Endpoint endpoint(NcpConnection connection) {
        return new Endpoint(connection.foreignHostNumber(), Integer.toUnsignedLong(connection.foreignSocket()));
    }
}
