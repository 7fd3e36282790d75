package org.rfc644.ftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FtpCommandTest {

    private static FtpCommand parse(String line) throws CommandSyntaxException {
        return FtpCommand.parse(line.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static CommandSyntaxException rejection(String line) {
        return assertThrows(CommandSyntaxException.class, () -> parse(line));
    }

    @Test
    void codeIsCaseInsensitive() throws Exception {
        for (String code : new String[] {"MLFL", "Mlfl", "mlfl", "mLfL"}) {
            assertEquals("MLFL", parse(code + " smith").code());
        }
    }

    @Test
    void argumentAfterSeveralSpaces() throws Exception {
        FtpCommand command = parse("MAIL    smith,jones");

        assertEquals("MAIL", command.code());
        assertEquals("smith,jones", command.argument());
    }

    @Test
    void commandWithoutArgument() throws Exception {
        FtpCommand command = parse("noop");

        assertEquals("NOOP", command.code());
        assertEquals("", command.argument());
    }

    @Test
    void argumentKeepsInnerAndTrailingSpaces() throws Exception {
        assertEquals("a b  ", parse("PASS a b  ").argument());
    }

    @Test
    void emptyLineIsUnrecognized() {
        assertEquals(500, rejection("").reply().code());
        assertEquals(500, rejection("   ").reply().code());
    }

    @Test
    void longOrNonLetterCodeIsUnrecognized() {
        assertEquals(500, rejection("MAILX smith").reply().code());
        assertEquals(500, rejection("M4IL smith").reply().code());
        assertEquals(500, rejection("HELO.").reply().code());
    }

    @Test
    void nonAsciiOctetIsRejected() {
        CommandSyntaxException rejected = rejection("MAIL sm\u00e9th");

        assertEquals(501, rejected.reply().code());
        assertTrue(rejected.reply().text().contains("0xE9"), rejected.reply().text());
        assertTrue(rejected.reply().text().contains("column 8"), rejected.reply().text());
    }

    @Test
    void innerCarriageReturnIsRejected() {
        assertEquals(501, rejection("MAIL a\rb").reply().code());
    }

    @Test
    void encodeEndsWithCrLf() {
        assertArrayEquals("MLFL smith\r\n".getBytes(StandardCharsets.US_ASCII),
                FtpCommand.of("mlfl", "smith").encode());
        assertArrayEquals("QUIT\r\n".getBytes(StandardCharsets.US_ASCII), FtpCommand.of("QUIT").encode());
    }

    @Test
    void constructorRejectsLineBreakInArgument() {
        assertThrows(IllegalArgumentException.class, () -> FtpCommand.of("MAIL", "a\r\nQUIT"));
        assertThrows(IllegalArgumentException.class, () -> FtpCommand.of("MAILS", "a"));
    }
}
