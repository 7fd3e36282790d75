package org.rfc644.ftp;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One FTP command line: a command code and its argument field (RFC 454 section V.B).
 *
 * <p>The code is one to four ASCII letters, case-insensitive and kept here in upper case. One or
 * more spaces separate it from the argument, which runs to the end of the line. Commands are
 * ASCII: a line holding any octet of 128 or more is rejected.
 *
 * @param code the command code in upper case, such as {@code MLFL}
 * @param argument the argument field without the separating spaces, empty when there is none
 */
public record FtpCommand(String code, String argument) {

    /**
     * The maximum length of a command line that a server accepts by default, in octets, not
     * counting the CR LF. RFC 454 sets no limit; the longest command argument in mail use is a
     * list of user names, far shorter than this.
     */
    public static final int DEFAULT_MAX_LINE_LENGTH = 1000;

    /** The maximum length of a command code (RFC 454: "four or less ASCII alphabetic characters"). */
    public static final int MAX_CODE_LENGTH = 4;

    public FtpCommand {
        if (!isCode(code)) {
            throw new IllegalArgumentException("invalid command code '" + code + "': expected 1 to 4 letters");
        }
        code = code.toUpperCase(Locale.ROOT);
        for (int i = 0; i < argument.length(); i++) {
            char c = argument.charAt(i);
            if (c >= 0x80 || c == '\r' || c == '\n') {
                throw new IllegalArgumentException("invalid character U+" + Integer.toHexString(c)
                        + " in the argument of " + code + ": expected ASCII without CR or LF");
            }
        }
    }

    /** Creates a command without an argument. */
    public static FtpCommand of(String code) {
        return new FtpCommand(code, "");
    }

    /** Creates a command with an argument. */
    public static FtpCommand of(String code, String argument) {
        return new FtpCommand(code, argument);
    }

    /**
     * Parses one command line, its CR LF already removed.
     *
     * @throws CommandSyntaxException with the reply to send: 500 for an empty line or a code that
     *     is not one to four letters, 501 for a non-ASCII octet or a CR inside the line
     */
    public static FtpCommand parse(byte[] line) throws CommandSyntaxException {
        for (int i = 0; i < line.length; i++) {
            int octet = line[i] & 0xff;
            if (octet >= 0x80) {
                // NOTE: RFC 454 asks servers to ignore TELNET control characters; this server
                // instead rejects every non-ASCII octet, so that a command is exactly what it shows.
                throw new CommandSyntaxException(ReplyCode.SYNTAX_ERROR, String.format(
                        "Command contains the non-ASCII octet 0x%02X at column %d; commands are ASCII.",
                        octet, i + 1));
            }
            if (octet == '\r') {
                throw new CommandSyntaxException(ReplyCode.SYNTAX_ERROR,
                        "Command contains a CR at column " + (i + 1) + " that does not end the line.");
            }
        }

        String text = new String(line, StandardCharsets.US_ASCII);
        int space = text.indexOf(' ');
        String code = space < 0 ? text : text.substring(0, space);
        String argument = space < 0 ? "" : text.substring(space).stripLeading();

        if (code.isEmpty()) {
            throw new CommandSyntaxException(ReplyCode.COMMAND_UNRECOGNIZED,
                    "Empty command line; a command starts with its code, such as MAIL or HELP.");
        }
        if (!isCode(code)) {
            throw new CommandSyntaxException(ReplyCode.COMMAND_UNRECOGNIZED,
                    "'" + shorten(code) + "' is not a command code: expected 1 to 4 letters.");
        }
        return new FtpCommand(code, argument);
    }

    /** Encodes the command line as sent on the TELNET connection, ending in CR LF. */
    public byte[] encode() {
        String line = argument.isEmpty() ? code : code + " " + argument;
        return (line + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        return argument.isEmpty() ? code : code + " " + argument;
    }

    private static boolean isCode(String code) {
        if (code.isEmpty() || code.length() > MAX_CODE_LENGTH) {
            return false;
        }
        return code.chars().allMatch(c -> (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'));
    }

    private static String shorten(String text) {
        return text.length() <= 20 ? text : text.substring(0, 20) + "...";
    }
}
