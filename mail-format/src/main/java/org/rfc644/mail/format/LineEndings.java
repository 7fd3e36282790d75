package org.rfc644.mail.format;

import java.io.ByteArrayOutputStream;

/** Line ending normalization. */
public final class LineEndings {

    private LineEndings() {
    }

    /** Returns {@code text} with every bare CR and every bare LF replaced by CRLF; CRLF stays. */
    public static byte[] toCrlf(byte[] text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length + text.length / 32 + 2);
        for (int i = 0; i < text.length; i++) {
            byte b = text[i];
            if (b == '\r') {
                out.write('\r');
                out.write('\n');
                if (i + 1 < text.length && text[i + 1] == '\n') {
                    i++;
                }
            } else if (b == '\n') {
                out.write('\r');
                out.write('\n');
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    /** Returns true when every CR in {@code text} is followed by LF and every LF follows a CR. */
    public static boolean isCrlf(byte[] text) {
        for (int i = 0; i < text.length; i++) {
            boolean bareCr = text[i] == '\r' && (i + 1 == text.length || text[i + 1] != '\n');
            boolean bareLf = text[i] == '\n' && (i == 0 || text[i - 1] != '\r');
            if (bareCr || bareLf) {
                return false;
            }
        }
        return true;
    }
}
