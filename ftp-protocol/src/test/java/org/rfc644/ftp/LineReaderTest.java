package org.rfc644.ftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineReaderTest {

    private static LineReader reader(String text) {
        return new LineReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void crLfAndBareLfBothEndALine() throws Exception {
        LineReader reader = reader("one\r\ntwo\nthree\r\n");

        assertArrayEquals(bytes("one"), reader.readLine(10));
        assertArrayEquals(bytes("two"), reader.readLine(10));
        assertArrayEquals(bytes("three"), reader.readLine(10));
        assertNull(reader.readLine(10));
    }

    @Test
    void eightBitOctetsAndInnerCrSurvive() throws Exception {
        assertArrayEquals(bytes("\u00e9\u00ff\ra"), reader("\u00e9\u00ff\ra\r\n").readLine(10));
    }

    @Test
    void lineOfExactlyTheLimitIsAccepted() throws Exception {
        assertArrayEquals(bytes("12345"), reader("12345\r\n").readLine(5));
        assertArrayEquals(bytes("12345"), reader("12345\n").readLine(5));
    }

    @Test
    void longerLineIsSkippedAndReaderResynchronizes() throws Exception {
        LineReader reader = reader("123456\r\nNOOP\r\n");

        LineTooLongException tooLong = assertThrows(LineTooLongException.class, () -> reader.readLine(5));
        assertEquals(5, tooLong.maxLength());
        assertArrayEquals(bytes("NOOP"), reader.readLine(5));
    }

    @Test
    void endInTheMiddleOfALine() {
        assertThrows(EOFException.class, () -> reader("QUIT").readLine(10));
    }

    @Test
    void isAtEndKeepsTheOctetItReads() throws Exception {
        LineReader reader = reader("NOOP\r\n");

        assertEquals(false, reader.isAtEnd());
        assertArrayEquals(bytes("NOOP"), reader.readLine(10));
        assertEquals(true, reader.isAtEnd());
    }
}
