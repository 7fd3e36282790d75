package org.rfc644.mail.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MailMessageTest {

    private static HeaderField onlyField(byte[] message) {
        List<HeaderField> fields = MailMessage.parse(message).fields();
        assertEquals(1, fields.size());
        return fields.get(0);
    }

    private static byte[] latin1(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void foldedFieldUnfoldsAndKeepsBytes() {
        byte[] message = latin1("Received: from HOST-A\r\n\tby HOST-B;\r\n Mon, 1 Dec 1975\r\nSubject: hi\r\n\r\nbody\r\n");

        MailMessage parsed = MailMessage.parse(message);
        HeaderField received = parsed.fields().get(0);
        HeaderField subject = parsed.fields().get(1);

        assertEquals("Received", received.name());
        assertEquals("from HOST-A\tby HOST-B; Mon, 1 Dec 1975", received.value());
        assertArrayEquals(latin1("Received: from HOST-A\r\n\tby HOST-B;\r\n Mon, 1 Dec 1975\r\n"), received.raw());
        assertEquals(0, received.offset());
        assertEquals(received.raw().length, received.length());
        assertEquals("hi", subject.value());
        assertEquals(received.length(), subject.offset());
    }

    @Test
    void nameDropsWhiteSpaceBeforeColon() {
        HeaderField field = onlyField(latin1("FROM \t: alice@HOST-A\n\nbody\n"));

        assertEquals("FROM", field.name());
        assertEquals("alice@HOST-A", field.value());
    }

    @Test
    void loneCarriageReturnStaysInValue() {
        HeaderField field = onlyField(latin1("Subject: a\rb\n\n"));

        assertEquals("a\rb", field.value());
    }

    @Test
    void valueStripsControlWhiteSpace() {
        HeaderField field = onlyField(latin1("Subject:\u000b\f one two \u001f\n\n"));

        assertEquals("one two", field.value());
    }

    @Test
    void utf8ValueDecodesAndStrips() {
        HeaderField field = onlyField("Subject: \u3000caf\u00e9 \u3000\n\n".getBytes(StandardCharsets.UTF_8));

        assertEquals("caf\u00e9", field.value());
    }

    @Test
    void invalidUtf8FallsBackToLatin1() {
        HeaderField field = onlyField(latin1("Subject: caf\u00e9\u00a0\n\n"));

        assertEquals("caf\u00e9\u00a0", field.value());
    }

    @Test
    void foldedUtf8ValueDecodesAcrossLines() {
        HeaderField field = onlyField("Subject: \u00fcber\r\n \u00e9t\u00e9\r\n\r\n".getBytes(StandardCharsets.UTF_8));

        assertEquals("\u00fcber \u00e9t\u00e9", field.value());
    }

    @Test
    void valueIsSameOnEveryCall() {
        HeaderField field = onlyField(latin1("Subject:  x \n\n"));

        assertEquals("x", field.value());
        assertEquals("x", field.value());
        assertEquals("Subject: x", field.toString());
    }
}
