package org.rfc644.ftpserver.session;

import java.util.Locale;
import org.rfc644.ftp.CommandSyntaxException;
import org.rfc644.ftp.FtpReply;
import org.rfc644.ftp.ReplyCode;

/**
 * The data transfer parameters of one session (RFC 454 section IV.A.2) and the commands that set
 * them. The server stores mail as the octets it receives, so it takes only the parameters under
 * which the data connection carries 8-bit bytes unchanged.
 */
final class TransferParameters {

    /** RFC 454: the byte size of ASCII type, the default, and the one every server must implement. */
    static final int BYTE_SIZE = 8;

    private static final long MAX_SOCKET = 0xFFFF_FFFFL;

    private int dataHostNumber;
    private long dataSocket;
    private TransferMode mode = TransferMode.STREAM;

    /**
     * @param icpHostNumber the user's host, the default host of the data socket
     * @param icpSocket U; RFC 454's default data socket for user-to-server data is U+5
     */
    TransferParameters(int icpHostNumber, long icpSocket) {
        this.dataHostNumber = icpHostNumber;
        this.dataSocket = icpSocket + 5;
    }

    /** Returns the host of the user's send data socket, as SOCK set it or the ICP's host. */
    int dataHostNumber() {
        return dataHostNumber;
    }

    /** Returns the user's send data socket, from which MLFL's data comes: U+5 unless SOCK changed it. */
    long dataSocket() {
        return dataSocket;
    }

    /** Returns the transfer mode that MODE set: stream unless MODE B came. */
    TransferMode mode() {
        return mode;
    }

    /** TYPE: A (ASCII), I (Image) and L (Local Byte) at byte size 8 all carry octets unchanged. */
    FtpReply type(String argument) throws CommandSyntaxException {
        switch (singleLetter("TYPE", argument)) {
            case "A":
            case "I":
            case "L":
                return FtpReply.of(ReplyCode.COMMAND_OK, "TYPE " + argument.strip().toUpperCase(Locale.ROOT) + " set.");
            case "E":
                return FtpReply.of(ReplyCode.NOT_IMPLEMENTED, "TYPE E (EBCDIC) is not implemented; use TYPE A.");
            default:
                throw syntax("TYPE takes A, E, I or L.");
        }
    }

    /** BYTE: only byte size 8, which RFC 454 requires of every server. */
    FtpReply byteSize(String argument) throws CommandSyntaxException {
        int size = (int) decimal("BYTE", argument, 255);
        if (size < 1) {
            throw syntax("BYTE takes a byte size from 1 to 255.");
        }
        if (size != BYTE_SIZE) {
            return FtpReply.of(ReplyCode.NOT_IMPLEMENTED, "Byte size " + size + " is not implemented; only BYTE 8.");
        }
        return FtpReply.of(ReplyCode.COMMAND_OK, "BYTE 8 set.");
    }

    /**
     * MODE: S (stream, closing the data connection is the end of file) and B (block, the end of
     * file is a block marked EOF). T (text) and H (Hasp) are not implemented.
     */
    FtpReply mode(String argument) throws CommandSyntaxException {
        String code = singleLetter("MODE", argument);
        switch (code) {
            case "S":
                mode = TransferMode.STREAM;
                return FtpReply.of(ReplyCode.COMMAND_OK, "MODE S set: stream, close the data connection to end the file.");
            case "B":
                mode = TransferMode.BLOCK;
                return FtpReply.of(ReplyCode.COMMAND_OK, "MODE B set: block, end the file with a block marked EOF.");
            case "T":
            case "H":
                return FtpReply.of(ReplyCode.NOT_IMPLEMENTED, "MODE " + code + " is not implemented; use MODE S"
                        + " (stream) or MODE B (block).");
            default:
                throw syntax("MODE takes S, B, T or H.");
        }
    }

    /** STRU: F (file) and R (record, CR LF ending a record in ASCII) carry the same octets. */
    FtpReply structure(String argument) throws CommandSyntaxException {
        String code = singleLetter("STRU", argument);
        if (!code.equals("F") && !code.equals("R")) {
            throw syntax("STRU takes F or R.");
        }
        return FtpReply.of(ReplyCode.COMMAND_OK, "STRU " + code + " set.");
    }

    /** FORM: only U (unformatted). */
    FtpReply form(String argument) throws CommandSyntaxException {
        return onlyDefault("FORM", argument, "UP", "U", "unformatted");
    }

    /**
     * SOCK {@code [HOST number,]socket}: sets the user's data socket. An odd socket is a send
     * socket, the source of MLFL's data. An even one would receive data from the server, and this
     * mail-only server sends none, so an even socket is accepted and not used.
     */
    FtpReply socket(String argument) throws CommandSyntaxException {
        String value = argument.strip();
        if (value.isEmpty()) {
            throw new CommandSyntaxException(ReplyCode.PARAMETERS_MISSING, "SOCK needs [HOST number,]socket.");
        }
        int comma = value.indexOf(',');
        int host = comma < 0 ? dataHostNumber : (int) decimal("SOCK", value.substring(0, comma), 255);
        long socket = decimal("SOCK", value.substring(comma + 1), MAX_SOCKET);

        if (socket % 2 == 0) {
            return FtpReply.of(ReplyCode.COMMAND_OK, "Receive data socket " + socket + " noted; this server sends no files.");
        }
        dataHostNumber = host;
        dataSocket = socket;
        return FtpReply.of(ReplyCode.COMMAND_OK, "Send data socket set to " + socket + " of host " + host + ".");
    }

    /** Returns the parameters for STAT. */
    String describe() {
        return "TYPE A, BYTE 8, MODE " + mode.code() + ", STRU F, FORM U; data socket " + dataSocket + " of host "
                + dataHostNumber;
    }

    private static FtpReply onlyDefault(String command, String argument, String validCodes, String supported,
                                        String name) throws CommandSyntaxException {
        String code = singleLetter(command, argument);
        if (!validCodes.contains(code)) {
            throw syntax(command + " takes one of " + String.join(", ", validCodes.split("")) + ".");
        }
        if (!code.equals(supported)) {
            return FtpReply.of(ReplyCode.NOT_IMPLEMENTED, command + " " + code + " is not implemented; only "
                    + command + " " + supported + " (" + name + ").");
        }
        return FtpReply.of(ReplyCode.COMMAND_OK, command + " " + supported + " set.");
    }

    private static String singleLetter(String command, String argument) throws CommandSyntaxException {
        String value = argument.strip().toUpperCase(Locale.ROOT);
        if (value.isEmpty()) {
            throw new CommandSyntaxException(ReplyCode.PARAMETERS_MISSING, command + " needs a code.");
        }
        if (value.length() != 1) {
            throw syntax(command + " takes a single letter, not '" + value + "'.");
        }
        return value;
    }

    private static long decimal(String command, String text, long max) throws CommandSyntaxException {
        String value = text.strip();
        if (value.isEmpty()) {
            throw new CommandSyntaxException(ReplyCode.PARAMETERS_MISSING, command + " needs a decimal number.");
        }
        if (value.length() > 10 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw syntax(command + ": '" + value + "' is not a decimal number from 0 to " + max + ".");
        }
        long number = Long.parseLong(value);
        if (number > max) {
            throw syntax(command + ": " + number + " is larger than " + max + ".");
        }
        return number;
    }

    private static CommandSyntaxException syntax(String text) {
        return new CommandSyntaxException(ReplyCode.SYNTAX_ERROR, text);
    }
}
