package org.rfc644.ftpserver.session;

import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;
import org.rfc644.ftp.LineTooLongException;
import org.rfc644.mail.format.DotUnstuffer;
import org.rfc644.mail.format.MessageTooLargeException;

/**
 * Reads the text that follows MAIL on the TELNET connection, up to a line holding only ".".
 *
 * <p>Transparency rule, taken from SMTP (RFC 5321 section 4.5.2) because RFC 454 has none: the
 * sender doubles a "." at the start of a line and this reader removes one, so that no line of a
 * body can end the text early. Every line is stored with CR LF as its end, whether it came with
 * CR LF (the NVT line end) or a bare LF; all other octets, 8-bit ones included, are kept.
 */
final class MailTextReader {

    private static final byte[] DOT = {'.'};

    private final LineSource lines;
    private final int maxMessageSize;

    MailTextReader(LineSource lines, int maxMessageSize) {
        this.lines = lines;
        this.maxMessageSize = maxMessageSize;
    }

    /**
     * Reads the text up to and including the "." line.
     *
     * @return the unstuffed text, or empty when it was larger than the maximum message size; the
     *     rest of the text up to the "." line has then been read and dropped
     * @throws EOFException when the connection closes before the "." line
     */
    Optional<byte[]> read() throws IOException {
        DotUnstuffer unstuffer = new DotUnstuffer(maxMessageSize);
        while (true) {
            byte[] line;
            try {
                line = lines.readLine(maxMessageSize);
            } catch (LineTooLongException tooLong) {
                skipToEnd();
                return Optional.empty();
            }
            if (line == null) {
                throw new EOFException("the TELNET connection closed before the line \".\" that ends the mail text");
            }

            byte[] withEnd = Arrays.copyOf(line, line.length + 2);
            withEnd[line.length] = '\r';
            withEnd[line.length + 1] = '\n';
            try {
                if (unstuffer.feed(withEnd, 0, withEnd.length)) {
                    return Optional.of(unstuffer.text());
                }
            } catch (MessageTooLargeException tooLarge) {
                skipToEnd();
                return Optional.empty();
            }
        }
    }

    /** Reads and drops lines up to the line holding only ".". */
    private void skipToEnd() throws IOException {
        while (true) {
            byte[] line;
            try {
                line = lines.readLine(1);
            } catch (LineTooLongException dropped) {
                continue;
            }
            if (line == null) {
                throw new EOFException("the TELNET connection closed before the line \".\" that ends the mail text");
            }
            if (Arrays.equals(line, DOT)) {
                return;
            }
        }
    }
}
