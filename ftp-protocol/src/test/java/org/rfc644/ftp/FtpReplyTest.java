package org.rfc644.ftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class FtpReplyTest {

    private static String encoded(FtpReply reply) {
        return new String(reply.encode(), StandardCharsets.US_ASCII);
    }

    private static FtpReplyReader reader(String text) {
        return new FtpReplyReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void singleLineEncoding() {
        assertEquals("256 Mail completed.\r\n", encoded(FtpReply.of(ReplyCode.MAIL_COMPLETED)));
        assertEquals("000 hello\r\n", encoded(FtpReply.of(ReplyCode.GENERAL_INFORMATION, "hello")));
    }

    @Test
    void multiLineEncodingFollowsRfc454() {
        FtpReply reply = FtpReply.multiLine(ReplyCode.SYSTEM_STATUS,
                List.of("First Line", "Continuation Line", "123 starts with digits", "Last Line"));

        assertEquals("100-First Line\r\nContinuation Line\r\n 123 starts with digits\r\n100 Last Line\r\n",
                encoded(reply));
    }

    @Test
    void textIsMadePrintableAscii() {
        assertEquals("451 a??b?c?\r\n", encoded(FtpReply.of(ReplyCode.ACCESS_DENIED, "a\r\nb\u00e9c\u0001")));
    }

    @Test
    void readerReadsWhatEncodeWrites() throws Exception {
        FtpReply multi = FtpReply.multiLine(ReplyCode.GENERAL_INFORMATION, List.of("one", "two", "three"));
        FtpReply single = FtpReply.of(ReplyCode.GREETING, "HOST-B FTP server ready");
        FtpReplyReader reader = reader(encoded(multi) + encoded(single));

        assertEquals(multi, reader.read());
        assertEquals(single, reader.read());
        assertThrows(EOFException.class, reader::read);
    }

    @Test
    void readerAcceptsBareLineFeedAndCodeAlone() throws Exception {
        FtpReplyReader reader = reader("200\n252 done\n");

        assertEquals(new FtpReply(200, List.of("")), reader.read());
        assertEquals(new FtpReply(252, List.of("done")), reader.read());
    }

    @Test
    void readerRejectsLineWithoutCode() {
        assertThrows(FtpProtocolException.class, () -> reader("hello\r\n").read());
        assertThrows(FtpProtocolException.class, () -> reader("250x\r\n").read());
    }

    @Test
    void classification() {
        FtpReply completed = FtpReply.of(ReplyCode.TRANSFER_COMPLETED);

        assertEquals(2, completed.kind());
        assertEquals(true, completed.isPositive());
        assertEquals(true, completed.is(ReplyCode.TRANSFER_COMPLETED));
        assertEquals(false, FtpReply.of(ReplyCode.ACCESS_DENIED).isPositive());
        assertEquals(ReplyCode.MAIL_COMPLETED, ReplyCode.of(256).orElseThrow());
        assertEquals(true, ReplyCode.of(257).isEmpty());
    }
}
