package org.rfc644.ftpserver.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.rfc644.ftp.LineReader;

class MailTextReaderTest {

    private static LineReader lines(String text) {
        return new LineReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void leadingDotRemovedOnce() throws Exception {
        Optional<byte[]> text = new MailTextReader(lines("a\r\n..\r\n...x\r\n.y\r\n.\r\n")::readLine, 1000).read();

        assertArrayEquals(bytes("a\r\n.\r\n..x\r\ny\r\n"), text.orElseThrow());
    }

    @Test
    void bareLineFeedStoredAsCrLf() throws Exception {
        Optional<byte[]> text = new MailTextReader(lines("a\nb\r\n.\n")::readLine, 1000).read();

        assertArrayEquals(bytes("a\r\nb\r\n"), text.orElseThrow());
    }

    @Test
    void eightBitOctetsKept() throws Exception {
        Optional<byte[]> text = new MailTextReader(lines("caf\u00e9 \u00ff\r\n.\r\n")::readLine, 1000).read();

        assertArrayEquals(bytes("caf\u00e9 \u00ff\r\n"), text.orElseThrow());
    }

    @Test
    void emptyTextIsEmpty() throws Exception {
        assertEquals(0, new MailTextReader(lines(".\r\n")::readLine, 1000).read().orElseThrow().length);
    }

    @Test
    void tooLargeTextSkippedToItsEnd() throws Exception {
        LineReader reader = lines("0123456789\r\n0123456789\r\n" + "z".repeat(50) + "\r\n.\r\nNOOP\r\n");

        assertTrue(new MailTextReader(reader::readLine, 15).read().isEmpty());
        assertArrayEquals(bytes("NOOP"), reader.readLine(100));
    }

    @Test
    void singleLineOverLimitSkippedToItsEnd() throws Exception {
        LineReader reader = lines("z".repeat(50) + "\r\n..\r\n.\r\nNOOP\r\n");

        assertTrue(new MailTextReader(reader::readLine, 15).read().isEmpty());
        assertArrayEquals(bytes("NOOP"), reader.readLine(100));
    }

    @Test
    void endOfStreamBeforeDotLine() {
        assertThrows(EOFException.class, () -> new MailTextReader(lines("a\r\nb\r\n")::readLine, 1000).read());
    }
}
