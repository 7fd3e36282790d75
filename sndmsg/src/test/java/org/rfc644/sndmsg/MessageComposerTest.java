package org.rfc644.sndmsg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.rfc644.mail.format.HeaderField;
import org.rfc644.mail.format.MailMessage;

class MessageComposerTest {

    private static final ZonedDateTime NOW = ZonedDateTime.of(2026, 12, 4, 12, 0, 0, 0, ZoneOffset.UTC);

    private final MessageComposer composer = new MessageComposer("alice", "HOST-A");

    @Test
    void composesSignedMessage() {
        Draft draft = new Draft(List.of("bob@HOST-B"), List.of("CAROL at HOST-C"), "Hello",
                "one\ntwo\n".getBytes(StandardCharsets.US_ASCII));

        MailMessage message = MailMessage.parse(composer.compose(draft, NOW));

        assertEquals(Optional.of("alice@HOST-A"), message.firstValue("From"));
        assertEquals(Optional.of("bob@HOST-B"), message.firstValue("To"));
        assertEquals(Optional.of("CAROL at HOST-C"), message.firstValue("Cc"));
        assertEquals(Optional.of("Hello"), message.firstValue("Subject"));
        assertEquals(Optional.of("Fri, 4 Dec 2026 12:00:00 +0000"), message.firstValue("Date"));
        assertTrue(message.firstValue("Message-ID").orElseThrow().endsWith("@HOST-A>"));
        assertEquals("one\r\ntwo\r\n", new String(message.body(), StandardCharsets.US_ASCII));
    }

    @Test
    void rejectsLineBreakInSubject() {
        Draft draft = new Draft(List.of("bob@HOST-B"), List.of(), "Hi\r\nBcc: eve@HOST-E",
                new byte[0]);

        assertThrows(IllegalArgumentException.class, () -> composer.compose(draft, NOW));
    }

    @Test
    void rejectsLineBreakInRecipient() {
        Draft draft = new Draft(List.of("bob@HOST-B\nBcc: eve@HOST-E"), List.of(), "Hi",
                new byte[0]);

        assertThrows(IllegalArgumentException.class, () -> composer.compose(draft, NOW));
    }

    @Test
    void resendAddsBlockOnTop() {
        byte[] original = "From: bob@HOST-B\nSubject: old\n\nbody\n".getBytes(StandardCharsets.US_ASCII);

        byte[] resent = composer.resend(original, List.of("carol@HOST-C"), NOW);

        List<HeaderField> fields = MailMessage.parse(resent).fields();
        assertEquals("Resent-From", fields.get(0).name());
        assertEquals("alice@HOST-A", fields.get(0).value());
        assertEquals("Resent-Date", fields.get(1).name());
        assertEquals("Resent-To", fields.get(2).name());
        assertEquals("carol@HOST-C", fields.get(2).value());
        assertEquals("Resent-Message-ID", fields.get(3).name());
        int end = fields.get(3).offset() + fields.get(3).length();
        assertArrayEquals(original, Arrays.copyOfRange(resent, end, resent.length));
    }
}
