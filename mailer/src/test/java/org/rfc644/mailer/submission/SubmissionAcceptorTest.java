package org.rfc644.mailer.submission;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rfc644.mailer.EnvelopeAddress;
import org.rfc644.mailer.spool.Spool;
import org.rfc644.mailer.spool.SpoolEntry;

class SubmissionAcceptorTest {

    private static final int ALICE = 1003;
    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

    @TempDir
    Path temp;

    private Spool spool;
    private SubmissionAcceptor acceptor;
    private final List<SpoolEntry> queued = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        Path passwd = Files.writeString(temp.resolve("passwd"),
                "root:x:0:0:root:/root:/bin/sh\nalice:x:1003:1003::/home/alice:/bin/sh\n"
                        + "bob:x:1004:1004::/home/bob:/bin/sh\n");
        spool = Spool.open(temp.resolve("spool"));
        acceptor = new SubmissionAcceptor(spool, new LocalUsers(passwd), "HOST-A",
                Clock.fixed(NOW, ZoneOffset.UTC), queued::add);
    }

    @Test
    void acceptsOwnFrom() throws Exception {
        AcceptedReply reply = acceptor.accept(ALICE, request(List.of("bob@HOST-B"),
                "From: alice@HOST-A\r\nTo: bob@HOST-B\r\nMessage-ID: <1@HOST-A>\r\n\r\nHi\r\n"));

        SpoolEntry entry = spool.recover().get(0);
        assertEquals(reply.queueId(), entry.queueId());
        assertEquals("<1@HOST-A>", reply.messageId());
        assertEquals(Optional.of(EnvelopeAddress.parse("alice@HOST-A")), entry.sender());
        assertEquals(ALICE, entry.senderUid());
        assertEquals(NOW, entry.submitted());
        assertEquals(List.of(EnvelopeAddress.parse("bob@HOST-B")),
                entry.recipients().stream().map(r -> r.address()).toList());
        assertEquals(List.of(entry), queued);
    }

    @Test
    void acceptsRfc733FromWithHostInOtherCase() throws Exception {
        acceptor.accept(ALICE, request(List.of("BOB at HOST-B"),
                "From: alice at host-a\r\n\r\nHi\r\n"));

        assertEquals(1, spool.recover().size());
    }

    @Test
    void rejectsForeignFrom() {
        SubmissionRejectedException e = assertThrows(SubmissionRejectedException.class,
                () -> acceptor.accept(ALICE, request(List.of("carol@HOST-B"),
                        "From: bob@HOST-A\r\nTo: carol@HOST-B\r\n\r\nI am bob\r\n")));

        assertEquals(RejectReason.SENDER_MISMATCH, e.reason());
        assertTrue(e.getMessage().contains("From names bob@HOST-A"), e.getMessage());
        assertTrue(e.getMessage().contains("you are alice (uid 1003)"), e.getMessage());
        assertTrue(e.getMessage().contains("sndmsg --resend"), e.getMessage());
        assertNothingQueued();
    }

    @Test
    void rejectsOwnUserAtOtherHost() {
        SubmissionRejectedException e = assertThrows(SubmissionRejectedException.class,
                () -> acceptor.accept(ALICE, request(List.of("carol@HOST-B"),
                        "From: alice@HOST-C\r\n\r\nHi\r\n")));

        assertEquals(RejectReason.SENDER_MISMATCH, e.reason());
        assertNothingQueued();
    }

    @Test
    void rejectsMessageWithoutFrom() {
        SubmissionRejectedException e = assertThrows(SubmissionRejectedException.class,
                () -> acceptor.accept(ALICE, request(List.of("carol@HOST-B"),
                        "Subject: no signature\r\n\r\nHi\r\n")));

        assertEquals(RejectReason.SENDER_MISMATCH, e.reason());
        assertTrue(e.getMessage().contains("no From field"), e.getMessage());
    }

    @Test
    void acceptsResentFromOfSubmitter() throws Exception {
        AcceptedReply reply = acceptor.accept(ALICE, request(List.of("carol@HOST-B"),
                "Resent-From: alice@HOST-A\r\nResent-Message-ID: <r1@HOST-A>\r\n"
                        + "From: bob@HOST-C\r\nMessage-ID: <orig@HOST-C>\r\n\r\nHi\r\n"));

        assertEquals("<r1@HOST-A>", reply.messageId());
    }

    @Test
    void rejectsNewestResentFromOfOther() {
        SubmissionRejectedException e = assertThrows(SubmissionRejectedException.class,
                () -> acceptor.accept(ALICE, request(List.of("carol@HOST-B"),
                        "Resent-From: bob@HOST-A\r\nResent-From: alice@HOST-A\r\n"
                                + "From: alice@HOST-A\r\n\r\nHi\r\n")));

        assertEquals(RejectReason.SENDER_MISMATCH, e.reason());
        assertTrue(e.getMessage().contains("Resent-From names bob@HOST-A"), e.getMessage());
    }

    @Test
    void rejectsSecondMailboxInFrom() {
        SubmissionRejectedException e = assertThrows(SubmissionRejectedException.class,
                () -> acceptor.accept(ALICE, request(List.of("carol@HOST-B"),
                        "From: alice@HOST-A, bob@HOST-A\r\n\r\nHi\r\n")));

        assertEquals(RejectReason.SENDER_MISMATCH, e.reason());
        assertTrue(e.getMessage().contains("the signature is ambiguous: From holds 2 mailboxes"), e.getMessage());
        assertTrue(e.getMessage().contains("yours (alice@HOST-A)"), e.getMessage());
        assertNothingQueued();
    }

    @Test
    void rejectsSecondFromField() {
        SubmissionRejectedException e = assertThrows(SubmissionRejectedException.class,
                () -> acceptor.accept(ALICE, request(List.of("carol@HOST-B"),
                        "From: alice@HOST-A\r\nSubject: x\r\nFrom: bob@HOST-A\r\n\r\nHi\r\n")));

        assertEquals(RejectReason.SENDER_MISMATCH, e.reason());
        assertTrue(e.getMessage().contains("the signature is ambiguous: 2 From fields"), e.getMessage());
        assertNothingQueued();
    }

    @Test
    void rejectsSenderNamingOther() {
        SubmissionRejectedException e = assertThrows(SubmissionRejectedException.class,
                () -> acceptor.accept(ALICE, request(List.of("carol@HOST-B"),
                        "From: alice@HOST-A\r\nSubject: hi\r\n From: bob@HOST-A\r\nSender: bob@HOST-A\r\n\r\nHi\r\n")));

        assertEquals(RejectReason.SENDER_MISMATCH, e.reason());
        assertTrue(e.getMessage().contains("Sender names bob@HOST-A but From names alice@HOST-A"), e.getMessage());
        assertNothingQueued();
    }

    @Test
    void rejectsResentSenderNamingOther() {
        SubmissionRejectedException e = assertThrows(SubmissionRejectedException.class,
                () -> acceptor.accept(ALICE, request(List.of("carol@HOST-B"),
                        "Resent-From: alice@HOST-A\r\nResent-Sender: bob@HOST-A\r\nFrom: carol@HOST-C\r\n\r\nHi\r\n")));

        assertEquals(RejectReason.SENDER_MISMATCH, e.reason());
        assertTrue(e.getMessage().contains("Resent-Sender names bob@HOST-A but Resent-From names alice@HOST-A"),
                e.getMessage());
        assertNothingQueued();
    }

    @Test
    void acceptsSenderNamingSubmitter() throws Exception {
        acceptor.accept(ALICE, request(List.of("carol@HOST-B"),
                "From: Alice <alice@HOST-A>\r\nSender: alice at host-a\r\n\r\nHi\r\n"));

        assertEquals(1, spool.recover().size());
    }

    @Test
    void rejectsLineBreakInRecipient() {
        for (String recipient : List.of("bob@HOST-B\r\nMAIL root", "bob\n@HOST-B", "bob@HOST-B\r")) {
            SubmissionRejectedException e = assertThrows(SubmissionRejectedException.class,
                    () -> acceptor.accept(ALICE, request(List.of(recipient),
                            "From: alice@HOST-A\r\n\r\nHi\r\n")));

            assertEquals(RejectReason.INVALID_RECIPIENT, e.reason(), recipient);
        }
        assertNothingQueued();
    }

    @Test
    void rejectsNoRecipient() {
        SubmissionRejectedException e = assertThrows(SubmissionRejectedException.class,
                () -> acceptor.accept(ALICE, request(List.of(), "From: alice@HOST-A\r\n\r\nHi\r\n")));

        assertEquals(RejectReason.INVALID_RECIPIENT, e.reason());
    }

    @Test
    void rejectsUidWithoutName() {
        SubmissionRejectedException e = assertThrows(SubmissionRejectedException.class,
                () -> acceptor.accept(4242, request(List.of("bob@HOST-B"),
                        "From: alice@HOST-A\r\n\r\nHi\r\n")));

        assertEquals(RejectReason.SENDER_MISMATCH, e.reason());
        assertTrue(e.getMessage().contains("uid 4242"), e.getMessage());
    }

    @Test
    void normalizesBareLineEndings() throws Exception {
        AcceptedReply reply = acceptor.accept(ALICE, request(List.of("bob@HOST-B"),
                "From: alice@HOST-A\nTo: bob@HOST-B\r\n\nline one\nline two\rline three\r\n"));

        assertArrayEquals(("From: alice@HOST-A\r\nTo: bob@HOST-B\r\n\r\nline one\r\nline two\r\n"
                        + "line three\r\n").getBytes(StandardCharsets.US_ASCII),
                spool.readMessage(reply.queueId()));
    }

    @Test
    void bareCarriageReturnCannotHideForeignFrom() {
        // After normalization the bare CR starts a new line, so the From below is the signature.
        SubmissionRejectedException e = assertThrows(SubmissionRejectedException.class,
                () -> acceptor.accept(ALICE, request(List.of("carol@HOST-B"),
                        "Subject: x\rFrom: bob@HOST-A\r\n\r\nHi\r\n")));

        assertEquals(RejectReason.SENDER_MISMATCH, e.reason());
    }

    @Test
    void keepsEightBitBytes() throws Exception {
        byte[] message = "From: alice@HOST-A\r\n\r\nGr\u00fc\u00dfe \u00e9t\u00e9\r\n"
                .getBytes(StandardCharsets.ISO_8859_1);

        AcceptedReply reply = acceptor.accept(ALICE, new SubmitRequest(List.of("bob@HOST-B"), message));

        assertArrayEquals(message, spool.readMessage(reply.queueId()));
    }

    private void assertNothingQueued() {
        assertTrue(queued.isEmpty());
        try {
            assertTrue(spool.recover().isEmpty());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static SubmitRequest request(List<String> recipients, String message) {
        return new SubmitRequest(recipients, message.getBytes(StandardCharsets.UTF_8));
    }
}
