package org.rfc644.mail.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LineEndingsTest {

    @Test
    void bareCrAndBareLfBecomeCrlf() {
        assertArrayEquals(bytes("a\r\nb\r\nc\r\nd"), LineEndings.toCrlf(bytes("a\rb\nc\r\nd")));
    }

    @Test
    void crBeforeCrlfIsItsOwnLineEnding() {
        assertArrayEquals(bytes("x\r\n\r\ny"), LineEndings.toCrlf(bytes("x\r\r\ny")));
    }

    @Test
    void lfCrBecomesTwoLineEndings() {
        assertArrayEquals(bytes("x\r\n\r\n"), LineEndings.toCrlf(bytes("x\n\r")));
    }

    @Test
    void crlfTextIsUnchanged() {
        byte[] text = bytes("one\r\n\r\ntwo\r\n");

        assertArrayEquals(text, LineEndings.toCrlf(text));
    }

    @Test
    void eightBitBytesSurvive() {
        byte[] text = {(byte) 0xE4, '\n', (byte) 0xFF, 0, '\r'};

        assertArrayEquals(new byte[] {(byte) 0xE4, '\r', '\n', (byte) 0xFF, 0, '\r', '\n'}, LineEndings.toCrlf(text));
    }

    @Test
    void mixedCorpusMessageBecomesCrlf() throws IOException {
        byte[] mixed = Files.readAllBytes(CorpusSignatureTest.CORPUS.resolve("24-mixed-crlf-lf-folding.eml"));
        byte[] converted = LineEndings.toCrlf(mixed);

        assertFalse(LineEndings.isCrlf(mixed));
        assertTrue(LineEndings.isCrlf(converted));
        assertArrayEquals(converted, LineEndings.toCrlf(converted));
        assertTrue(converted.length > mixed.length);
    }

    @Test
    void everyCorpusMessageBecomesCrlf() throws IOException {
        for (Path file : CorpusSignatureTest.corpusFiles()) {
            byte[] original = Files.readAllBytes(file);
            byte[] converted = LineEndings.toCrlf(original);

            assertTrue(LineEndings.isCrlf(converted), file.toString());
            assertArrayEquals(withoutCr(original), withoutCr(converted), file.toString());
        }
    }

    private static byte[] withoutCr(byte[] text) {
        return new String(text, StandardCharsets.ISO_8859_1).replace("\r", "").getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
