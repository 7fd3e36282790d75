package org.rfc644.mail.format;

import java.io.ByteArrayOutputStream;

/**
 * The transparency rule for mail text sent on a command connection, taken from SMTP (RFC 5321
 * section 4.5.2). RFC 454's MAIL command ends the text at a line containing only "." and has no
 * way to send such a line. So the sender doubles the "." at the start of every line that begins
 * with one, and the receiver removes it again, and no body can end a message early.
 */
public final class DotStuffing {

    private static final byte[] END_OF_TEXT = {'.', '\r', '\n'};

    private DotStuffing() {
    }

    /**
     * Returns {@code crlfText} stuffed and terminated: every line starting with "." gets a second
     * ".", the last line gets a CRLF if it lacks one, and the line "." CRLF follows. Lines are taken
     * to end at LF; convert the text with {@link LineEndings#toCrlf} first.
     */
    public static byte[] stuff(byte[] crlfText) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(crlfText.length + 64);
        boolean lineStart = true;
        for (byte b : crlfText) {
            if (lineStart && b == '.') {
                out.write('.');
            }
            out.write(b);
            lineStart = b == '\n';
        }
        if (!lineStart) {
            out.write('\r');
            out.write('\n');
        }
        out.write(END_OF_TEXT, 0, END_OF_TEXT.length);
        return out.toByteArray();
    }

    /**
     * Returns the text of a complete stuffed message (ending with the "." line), unstuffed.
     *
     * @throws IllegalArgumentException when the terminating "." line is missing
     */
    public static byte[] unstuff(byte[] stuffed) {
        DotUnstuffer unstuffer = new DotUnstuffer(Long.MAX_VALUE);
        try {
            unstuffer.feed(stuffed, 0, stuffed.length);
        } catch (MessageTooLargeException impossible) {
            throw new IllegalStateException(impossible);
        }
        if (!unstuffer.isComplete()) {
            throw new IllegalArgumentException("stuffed text does not end with a line holding only \".\"");
        }
        return unstuffer.text();
    }
}
