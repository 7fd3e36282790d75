package org.rfc644.sndmsg.readmail;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Makes message text safe to print. A sender controls every byte of a message, and escape
 * sequences could move the cursor or rewrite the line that shows the authentication mark, so every
 * control character other than tab and line feed is shown as "?".
 */
final class TerminalText {

    private TerminalText() {
    }

    /** Returns {@code text} on one line: every control character, tab and line breaks included, becomes "?". */
    static String singleLine(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (c == '\t') {
                out.append(' ');
            } else if (Character.isISOControl(c)) {
                out.append('?');
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    /**
     * Decodes a message line by line with CRLF shown as a line break and every other control
     * character but tab shown as "?". Each line is decoded as UTF-8 when valid, else as ISO-8859-1,
     * as the header parser decodes each field. Decoding the whole message at once would let one
     * 8-bit line written by the sender turn the receiver's UTF-8 Authentication-Results field into
     * mojibake that no longer matches the verdict line.
     */
    static String message(byte[] bytes) {
        StringBuilder decoded = new StringBuilder(bytes.length);
        int lineStart = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                int lineEnd = Math.min(i + 1, bytes.length);
                decoded.append(decode(Arrays.copyOfRange(bytes, lineStart, lineEnd)));
                lineStart = lineEnd;
            }
        }
        String text = decoded.toString().replace("\r\n", "\n");
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (c == '\n' || c == '\t' || !Character.isISOControl(c)) {
                out.appendCodePoint(c);
            } else {
                out.append('?');
            }
        });
        return out.toString();
    }

    private static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException notUtf8) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }
}
