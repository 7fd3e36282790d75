package org.rfc644.ftp;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads lines from a TELNET connection. A line ends with LF; a CR just before that LF is part of
 * the line end, so both CR LF (the NVT line end) and a bare LF end a line. The returned line
 * contains neither.
 */
public final class LineReader {

    private final InputStream in;

    public LineReader(InputStream in) {
        this.in = in instanceof BufferedInputStream ? in : new BufferedInputStream(in);
    }

    /**
     * Reads the next line, with every octet as received (8-bit octets included).
     *
     * @param maxLength the maximum length of the line, not counting its end
     * @return the line without its end, or null when the stream ends before the first octet
     * @throws LineTooLongException when the line is longer than {@code maxLength}; the rest of the
     *     line up to its end has then been read and dropped, so the next call reads the next line
     * @throws EOFException when the stream ends in the middle of a line
     */
    public byte[] readLine(int maxLength) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(Math.min(maxLength + 1, 256));
        long length = 0;
        int previous = -1;

        int octet = in.read();
        if (octet < 0) {
            return null;
        }
        while (octet != '\n') {
            if (octet < 0) {
                throw new EOFException("the connection closed in the middle of a line");
            }
            // Keep one octet more than the limit: it may be the CR of the line end.
            if (length <= maxLength) {
                line.write(octet);
            }
            length++;
            previous = octet;
            octet = in.read();
        }

        boolean endsWithCarriageReturn = previous == '\r';
        long contentLength = endsWithCarriageReturn ? length - 1 : length;
        if (contentLength > maxLength) {
            throw new LineTooLongException(maxLength);
        }
        return Arrays.copyOf(line.toByteArray(), (int) contentLength);
    }

    /**
     * Returns whether the stream has ended. It reads ahead at most one octet, which the next
     * {@link #readLine} still returns; it blocks until an octet or the end arrives, or the
     * stream's read timeout expires.
     */
    public boolean isAtEnd() throws IOException {
        in.mark(1);
        int octet = in.read();
        if (octet < 0) {
            return true;
        }
        in.reset();
        return false;
    }
}
