package org.rfc644.ftp;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads FTP replies, single-line or multi-line (RFC 454 section IV.B), from a TELNET connection. */
public final class FtpReplyReader {

    /** The maximum length of one reply line, in octets, not counting its CR LF. */
    public static final int MAX_LINE_LENGTH = 4096;

    /** The maximum number of lines in one multi-line reply. */
    public static final int MAX_LINES = 1000;

    private final LineReader lines;

    public FtpReplyReader(InputStream in) {
        this.lines = new LineReader(in);
    }

    /**
     * Reads the next reply.
     *
     * @throws EOFException when the connection closes before a whole reply arrived
     * @throws FtpProtocolException when a line is not a reply
     */
    public FtpReply read() throws IOException {
        String first = nextLine();
        int code = parseCode(first);
        char separator = first.length() > 3 ? first.charAt(3) : ' ';
        if (separator != ' ' && separator != '-') {
            throw new FtpProtocolException("reply line '" + first + "' has neither a space nor a '-' after its code");
        }

        List<String> text = new ArrayList<>();
        text.add(first.length() > 4 ? first.substring(4) : "");
        if (separator == ' ') {
            return new FtpReply(code, text);
        }

        // A multi-line reply ends with a line that repeats the code followed by a space.
        String last = String.format("%03d", code);
        while (true) {
            String line = nextLine();
            if (line.equals(last) || line.startsWith(last + " ")) {
                text.add(line.length() > 4 ? line.substring(4) : "");
                return new FtpReply(code, text);
            }
            if (text.size() >= MAX_LINES) {
                throw new FtpProtocolException("multi-line reply " + last + " has more than " + MAX_LINES + " lines");
            }
            text.add(line);
        }
    }

    private String nextLine() throws IOException {
        byte[] line = lines.readLine(MAX_LINE_LENGTH);
        if (line == null) {
            throw new EOFException("the server closed the TELNET connection before its reply");
        }
        return new String(line, StandardCharsets.ISO_8859_1);
    }

    private static int parseCode(String line) throws FtpProtocolException {
        if (line.length() < 3 || !line.substring(0, 3).chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new FtpProtocolException("reply line '" + line + "' does not start with a three-digit code");
        }
        return Integer.parseInt(line.substring(0, 3));
    }
}
