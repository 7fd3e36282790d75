package org.rfc644.mail.format;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Reads mail text sent with the transparency rule of {@link DotStuffing} as it arrives in chunks of
 * any size, up to the line holding only ".", and removes the doubled dots.
 *
 * <p>A line is everything up to and including LF. The text keeps its line endings as sent, except
 * that one leading "." is removed from every line that starts with "." (RFC 5321 section 4.5.2).
 * The terminating line is "." followed by CRLF or, from lax senders, a bare LF. Bytes after it
 * belong to the next command and are kept for {@link #remainder()}. Not thread-safe.
 */
public final class DotUnstuffer {

    private final long maxTextBytes;
    private final ByteArrayOutputStream text = new ByteArrayOutputStream();
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private byte[] remainder = new byte[0];
    private boolean complete;

    /** @param maxTextBytes the most bytes of text accepted; more raises {@link MessageTooLargeException} */
    public DotUnstuffer(long maxTextBytes) {
        this.maxTextBytes = maxTextBytes;
    }

    /**
     * Consumes {@code length} bytes. Returns true once the terminating line has been seen; bytes
     * after it are kept for {@link #remainder()}, and further calls are not allowed.
     *
     * @throws MessageTooLargeException when the text exceeds the limit
     */
    public boolean feed(byte[] bytes, int offset, int length) throws MessageTooLargeException {
        if (complete) {
            throw new IllegalStateException("the text is already complete");
        }
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            line.write(bytes[i]);
            if (bytes[i] == '\n' && endLine()) {
                remainder = Arrays.copyOfRange(bytes, i + 1, end);
                return true;
            }
        }
        if ((long) text.size() + line.size() > maxTextBytes) {
            throw new MessageTooLargeException(maxTextBytes);
        }
        return false;
    }

    /** Returns true once the terminating "." line has been read. */
    public boolean isComplete() {
        return complete;
    }

    /** Returns the unstuffed text read so far (the whole message once complete). */
    public byte[] text() {
        return text.toByteArray();
    }

    /** Returns the bytes that followed the terminating line in the last chunk. */
    public byte[] remainder() {
        return Arrays.copyOf(remainder, remainder.length);
    }

    /** Returns the number of text bytes kept so far. */
    public long size() {
        return text.size();
    }

    private boolean endLine() throws MessageTooLargeException {
        byte[] bytes = line.toByteArray();
        line.reset();

        boolean terminator = bytes.length >= 2 && bytes[0] == '.'
                && (bytes.length == 2 || (bytes.length == 3 && bytes[1] == '\r'));
        if (terminator) {
            complete = true;
            return true;
        }

        int start = bytes.length > 0 && bytes[0] == '.' ? 1 : 0;
        if ((long) text.size() + bytes.length - start > maxTextBytes) {
            throw new MessageTooLargeException(maxTextBytes);
        }
        text.write(bytes, start, bytes.length - start);
        return false;
    }
}
