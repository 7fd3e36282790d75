package org.rfc644.mail.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageBuilderTest {

    private static final ZonedDateTime DATE = ZonedDateTime.parse("1974-07-01T09:30:00-07:00");

    @Test
    void buildsRfc822MessageWithCrlf() {
        byte[] message = new MessageBuilder().from("alice@HOST-A").to("bob@HOST-B").to("carol at HOST-C")
                .cc("dave@HOST-A").subject("Lunch").date(DATE).messageId("<1@HOST-A>")
                .body("line one\nline two\r\n.\n").build();

        assertEquals("From: alice@HOST-A\r\nTo: bob@HOST-B, carol at HOST-C\r\nCc: dave@HOST-A\r\n"
                + "Subject: Lunch\r\nDate: Mon, 1 Jul 1974 09:30:00 -0700\r\nMessage-ID: <1@HOST-A>\r\n\r\n"
                + "line one\r\nline two\r\n.\r\n", new String(message, StandardCharsets.UTF_8));
    }

    @Test
    void parsedMessageHasBuiltSignature() {
        byte[] message = new MessageBuilder().from("alice@HOST-A").to("bob@HOST-B").date(DATE)
                .messageId(MessageBuilder.newMessageId("HOST-A")).build();

        Signature signature = Signature.of(MailMessage.parse(message)).orElseThrow();

        assertEquals(SignatureField.FROM, signature.field());
        assertEquals("alice@HOST-A", signature.mailbox());
    }

    @Test
    void longRecipientListIsFolded() {
        List<String> recipients = List.of("user-number-one@HOST-B", "user-number-two@HOST-B",
                "user-number-three@HOST-B", "user-number-four@HOST-B");
        String message = new String(new MessageBuilder().from("alice@HOST-A").to(recipients).date(DATE)
                .messageId("<1@HOST-A>").build(), StandardCharsets.UTF_8);

        for (String line : message.split("\r\n")) {
            assertTrue(line.length() < 78, line);
        }
        assertEquals(recipients, MailAddress.parseList(MailMessage.parse(message.getBytes(StandardCharsets.UTF_8))
                .firstValue("To").orElseThrow()).stream().map(MailAddress::mailbox).toList());
    }

    @Test
    void lineBreakInSubjectIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new MessageBuilder().subject("hi\r\nBcc: eve@HOST-A"));
        assertThrows(IllegalArgumentException.class, () -> new MessageBuilder().to("bob@HOST-B\nX: y"));
        assertThrows(IllegalArgumentException.class, () -> HeaderValues.requireSingleLine("name", "a\rb"));
        assertEquals("plain", HeaderValues.requireSingleLine("name", "plain"));
    }

    @Test
    void messageWithoutRecipientIsRejected() {
        MessageBuilder builder = new MessageBuilder().from("alice@HOST-A").date(DATE).messageId("<1@HOST-A>");

        assertThrows(IllegalStateException.class, builder::build);
    }

    @Test
    void messageIdNamesHost() {
        String id = MessageBuilder.newMessageId("HOST-A");

        assertTrue(id.matches("<[0-9]+\\.[0-9a-z]+@HOST-A>"), id);
    }

    @Test
    void resentBlockIsAddedOnTopUnchanged() {
        byte[] original = "From: carol@HOST-C\n\nbody\n".getBytes(StandardCharsets.ISO_8859_1);

        byte[] resent = ResentBlock.prepend(original, "bob@HOST-A", List.of("dave@HOST-B", "erin@HOST-B"), DATE,
                "<2@HOST-A>");

        assertEquals("Resent-From: bob@HOST-A\r\nResent-Date: Mon, 1 Jul 1974 09:30:00 -0700\r\n"
                + "Resent-To: dave@HOST-B, erin@HOST-B\r\nResent-Message-ID: <2@HOST-A>\r\n"
                + "From: carol@HOST-C\n\nbody\n", new String(resent, StandardCharsets.ISO_8859_1));
        assertThrows(IllegalArgumentException.class,
                () -> ResentBlock.prepend(original, "bob@HOST-A\r\nX: y", List.of("d@HOST-B"), DATE, "<3@HOST-A>"));
    }
}
