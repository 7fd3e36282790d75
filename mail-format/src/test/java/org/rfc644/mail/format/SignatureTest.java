package org.rfc644.mail.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SignatureTest {

    private static Signature signatureOf(String header) {
        byte[] raw = (header.replace("|", "\r\n") + "\r\nSubject: t\r\n\r\nbody\r\n").getBytes(StandardCharsets.ISO_8859_1);
        return Signature.of(MailMessage.parse(raw)).orElseThrow();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "From: mallory@HOST-A, alice@HOST-A; From holds 2 mailboxes",
        "From: mallory@HOST-A|From: alice@HOST-A; 2 From fields",
        "From: mallory@HOST-A|Subject: x|FROM : alice@HOST-A; 2 From fields",
        "'From: Team: mallory@HOST-A, alice@HOST-A;'; From holds 2 mailboxes",
        "From: alice@HOST-A|Sender: mallory@HOST-A; Sender names mallory@HOST-A but From names alice@HOST-A",
        "From: mallory@HOST-A|Sender: alice@HOST-A; Sender names alice@HOST-A but From names mallory@HOST-A",
        "From: alice@HOST-A|Sender: alice@HOST-A, bob@HOST-A; Sender holds 2 mailboxes",
        "From: alice@HOST-A|Sender: alice@HOST-A|Sender: bob@HOST-A; 2 Sender fields",
        "Resent-From: mallory@HOST-A, alice@HOST-A|From: carol@HOST-C; Resent-From holds 2 mailboxes",
        "Resent-From: mallory@HOST-A|Resent-Sender: alice@HOST-A|From: carol@HOST-C;"
                + " Resent-Sender names alice@HOST-A but Resent-From names mallory@HOST-A",
        "Resent-Sender: alice@HOST-A|Resent-From: mallory@HOST-A|From: carol@HOST-C;"
                + " Resent-Sender names alice@HOST-A but Resent-From names mallory@HOST-A",
        "From: carol@HOST-C|Redistributed-By: mallory@HOST-A, alice@HOST-A; Redistributed-By holds 2 mailboxes",
    })
    void ambiguousSignature(String header, String reason) {
        Signature signature = signatureOf(header);

        assertTrue(signature.isAmbiguous());
        assertEquals(Optional.of(reason), signature.ambiguity());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "From: alice@HOST-A; alice@HOST-A",
        "From: Alice <alice@HOST-A>|Sender: alice at host-a; alice@HOST-A",
        "From: alice@HOST-A (Smith, Alice); alice@HOST-A",
        "From: alice@HOST-A,; alice@HOST-A",
        "From: alice@HOST-A|Sender:; alice@HOST-A",
        // The Sender of the original message is not part of the resender's signature.
        "Resent-From: mallory@HOST-A|From: alice@HOST-A|Sender: carol@HOST-C; mallory@HOST-A",
        // Two resendings: the older block's Resent-From and Resent-Sender do not count.
        "Resent-From: mallory@HOST-A|Resent-Date: Fri, 4 Dec 2026 21:00:00 +0000|Resent-From: carol@HOST-C"
                + "|Resent-Sender: dave@HOST-C|From: alice@HOST-A; mallory@HOST-A",
        "Resent-From: mallory@HOST-A|Resent-Sender: mallory@HOST-A|From: alice@HOST-A; mallory@HOST-A",
        "From: alice@HOST-A|Redistributed-By: carol@HOST-C|Redistributed-By: mallory@HOST-A; mallory@HOST-A",
    })
    void singleMailboxSignature(String header, String mailbox) {
        Signature signature = signatureOf(header);

        assertFalse(signature.isAmbiguous(), () -> "ambiguity: " + signature.ambiguity());
        assertEquals(mailbox, signature.mailbox());
    }
}
