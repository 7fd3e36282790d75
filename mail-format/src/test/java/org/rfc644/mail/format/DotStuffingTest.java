package org.rfc644.mail.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class DotStuffingTest {

    private static final String TEXT = "Subject: dots\r\n\r\n.\r\n..\r\n.hidden\r\nFrom the start\r\nend.\r\n";

    @Test
    void stuffDoublesLeadingDotsAndTerminates() {
        assertEquals("Subject: dots\r\n\r\n..\r\n...\r\n..hidden\r\nFrom the start\r\nend.\r\n.\r\n",
                string(DotStuffing.stuff(bytes(TEXT))));
    }

    @Test
    void roundTripKeepsText() {
        assertArrayEquals(bytes(TEXT), DotStuffing.unstuff(DotStuffing.stuff(bytes(TEXT))));
    }

    @Test
    void stuffAddsMissingFinalCrlf() {
        assertEquals("..last\r\n.\r\n", string(DotStuffing.stuff(bytes(".last"))));
    }

    @Test
    void emptyTextIsOnlyTheTerminator() {
        assertEquals(".\r\n", string(DotStuffing.stuff(new byte[0])));
        assertArrayEquals(new byte[0], DotStuffing.unstuff(bytes(".\r\n")));
    }

    @Test
    void unstufferReadsByteByByte() throws IOException {
        byte[] stuffed = DotStuffing.stuff(bytes(TEXT));
        DotUnstuffer unstuffer = new DotUnstuffer(1 << 20);

        for (int i = 0; i < stuffed.length - 1; i++) {
            assertFalse(unstuffer.feed(stuffed, i, 1), "complete too early at byte " + i);
        }
        assertTrue(unstuffer.feed(stuffed, stuffed.length - 1, 1));
        assertArrayEquals(bytes(TEXT), unstuffer.text());
    }

    @Test
    void unstufferKeepsBytesAfterTerminator() throws IOException {
        DotUnstuffer unstuffer = new DotUnstuffer(1 << 20);

        assertTrue(unstuffer.feed(bytes("hi\r\n.\r\nQUIT\r\n"), 0, 13));
        assertEquals("hi\r\n", string(unstuffer.text()));
        assertEquals("QUIT\r\n", string(unstuffer.remainder()));
        assertThrows(IllegalStateException.class, () -> unstuffer.feed(new byte[1], 0, 1));
    }

    @Test
    void unstufferAcceptsBareLfTerminator() throws IOException {
        DotUnstuffer unstuffer = new DotUnstuffer(1 << 20);

        assertTrue(unstuffer.feed(bytes("a\n..b\n.\n"), 0, 8));
        assertEquals("a\n.b\n", string(unstuffer.text()));
    }

    @Test
    void dotWithTrailingSpaceIsText() throws IOException {
        DotUnstuffer unstuffer = new DotUnstuffer(1 << 20);

        assertFalse(unstuffer.feed(bytes(". \r\n.x\r\n"), 0, 8));
        assertEquals(" \r\nx\r\n", string(unstuffer.text()));
    }

    @Test
    void unstufferRejectsTextOverLimit() {
        DotUnstuffer unstuffer = new DotUnstuffer(10);
        byte[] line = bytes("0123456789ABC\r\n");

        assertThrows(MessageTooLargeException.class, () -> unstuffer.feed(line, 0, line.length));
    }

    @Test
    void unstufferRejectsLongLineWithoutEnd() {
        DotUnstuffer unstuffer = new DotUnstuffer(10);
        byte[] line = bytes("0123456789ABC");

        assertThrows(MessageTooLargeException.class, () -> unstuffer.feed(line, 0, line.length));
    }

    @Test
    void unstuffRejectsMissingTerminator() {
        assertThrows(IllegalArgumentException.class, () -> DotStuffing.unstuff(bytes("text\r\n")));
    }

    @Test
    void everyCorpusMessageRoundTrips() throws IOException {
        for (Path file : CorpusSignatureTest.corpusFiles()) {
            byte[] crlf = LineEndings.toCrlf(Files.readAllBytes(file));
            byte[] withFinalCrlf = endsWithCrlf(crlf) ? crlf : concat(crlf, bytes("\r\n"));

            assertArrayEquals(withFinalCrlf, DotStuffing.unstuff(DotStuffing.stuff(crlf)), file.toString());
        }
    }

    @Test
    void loneDotLinesOfCorpusAreStuffed() throws IOException {
        byte[] crlf = LineEndings.toCrlf(Files.readAllBytes(
                CorpusSignatureTest.CORPUS.resolve("13-lone-dot-lines-1985.eml")));
        List<String> lines = List.of(string(DotStuffing.stuff(crlf)).split("\r\n", -1));

        assertEquals(3, lines.stream().filter(".."::equals).count());
        assertEquals(1, lines.stream().filter("."::equals).count());
        assertEquals(".", lines.get(lines.size() - 2));
    }

    private static boolean endsWithCrlf(byte[] text) {
        return text.length >= 2 && text[text.length - 2] == '\r' && text[text.length - 1] == '\n';
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] result = new byte[a.length + b.length];
        System.arraycopy(a, 0, result, 0, a.length);
        System.arraycopy(b, 0, result, a.length, b.length);
        return result;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String string(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
