package org.rfc644.mail.format;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Unfolding and decoding of header bytes. */
final class HeaderText {

    private HeaderText() {
    }

    /**
     * Returns the value held in bytes {@code start} to {@code end} of a field: unfolded, decoded
     * and stripped of leading and trailing white space ({@link String#strip()}).
     *
     * <p>Most fields are one line of US-ASCII. Such a field is stripped on its bytes and becomes a
     * string with a single copy, because US-ASCII bytes decode to the same characters under UTF-8
     * and ISO-8859-1. Other fields take the general path of {@link #decode}.
     */
    static String value(byte[] bytes, int start, int end) {
        byte[] text = bytes;
        int from = start;
        int to = end;
        if (containsLineFeed(bytes, start, end)) {
            text = new byte[end - start];
            from = 0;
            to = unfold(bytes, start, end, text);
        }

        if (!isAscii(text, from, to)) {
            return decode(text, from, to).strip();
        }

        while (from < to && Character.isWhitespace(text[from])) {
            from++;
        }
        while (to > from && Character.isWhitespace(text[to - 1])) {
            to--;
        }
        return new String(text, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /**
     * Copies bytes {@code start} to {@code end} into {@code out} with every line ending removed
     * (RFC 822 section 3.1.1: unfolding removes the CRLF before the white space that continues a
     * field) and returns the number of bytes copied. A CR that no LF follows is kept.
     */
    private static int unfold(byte[] bytes, int start, int end, byte[] out) {
        int length = 0;
        for (int i = start; i < end; i++) {
            boolean lineEnding = bytes[i] == '\n' || (bytes[i] == '\r' && i + 1 < end && bytes[i + 1] == '\n');
            if (!lineEnding) {
                out[length++] = bytes[i];
            }
        }
        return length;
    }

    /** Decodes as UTF-8 when the bytes are valid UTF-8 (RFC 6532), otherwise as ISO-8859-1. */
    private static String decode(byte[] bytes, int from, int to) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, from, to - from))
                    .toString();
        } catch (CharacterCodingException notUtf8) {
            return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
        }
    }

    private static boolean containsLineFeed(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == '\n') {
                return true;
            }
        }
        return false;
    }

    private static boolean isAscii(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] < 0) {
                return false;
            }
        }
        return true;
    }
}
