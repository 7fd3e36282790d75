package org.rfc644.mail.format;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Unfolding and decoding of header bytes. */
final class HeaderText {

    private HeaderText() {
    }

    /**
     * Returns bytes {@code start} to {@code end} with every line ending removed (RFC 822 section
     * 3.1.1: unfolding removes the CRLF before the white space that continues a field).
     */
    static byte[] unfold(byte[] bytes, int start, int end) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(end - start);
        for (int i = start; i < end; i++) {
            boolean lineEnding = bytes[i] == '\n' || (bytes[i] == '\r' && i + 1 < end && bytes[i + 1] == '\n');
            if (!lineEnding) {
                out.write(bytes[i]);
            }
        }
        return out.toByteArray();
    }

    /** Decodes as UTF-8 when the bytes are valid UTF-8 (RFC 6532), otherwise as ISO-8859-1. */
    static String decode(byte[] bytes) {
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
