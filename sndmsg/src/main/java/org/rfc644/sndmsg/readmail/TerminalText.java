package org.rfc644.sndmsg.readmail;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

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
     * Decodes a whole message (UTF-8 when valid, else ISO-8859-1) with CRLF shown as a line break
     * and every other control character but tab shown as "?".
     */
    static String message(byte[] bytes) {
        String text = decode(bytes).replace("\r\n", "\n");
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
