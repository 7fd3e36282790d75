package org.rfc644.ftpserver.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rfc644.mail.format.MailMessage;
import org.rfc644.mail.format.MarkResult;
import org.rfc644.mail.format.Signature;
import org.rfc644.ncp.client.HostEntry;

/**
 * Every combination of the inputs of the RFC 644 rule: ICP socket, the two TELNET connections, the
 * data connection and the signature, including signatures that name more than one mailbox. The expected verdict and reason are written out per
 * dimension below, independently of the rule's code.
 */
class AuthenticationRuleTest {

    private static final List<HostEntry> HOSTS = List.of(
            new HostEntry(1, "HOST-A"), new HostEntry(2, "HOST-B"), new HostEntry(3, "HOST-C"));

    private static final AuthenticationRule RULE = new AuthenticationRule(Set.of(232L, 233L), HOSTS);

    /** One value of one input, with the reason it causes if it is the first to fail (null: no failure). */
    private record Case<T>(String label, T value, String reason) {
    }

    private static <T> Case<T> ok(String label, T value) {
        return new Case<>(label, value, null);
    }

    private static <T> Case<T> bad(String label, T value, String reason) {
        return new Case<>(label, value, reason);
    }

    private static Optional<Signature> signature(String header) {
        MailMessage message = MailMessage.parse((header + "\r\nSubject: t\r\n\r\nbody\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        return Signature.of(message);
    }

    @Test
    void everyCombination() {
        List<Case<Long>> icpSockets = List.of(
                ok("authorized 232", 232L),
                ok("authorized 233 of the pool", 233L),
                bad("unprivileged 1000", 1000L, "sent from unprivileged socket 1000 of HOST-A"));

        // Socket offsets relative to U, and host numbers; HOST-A (1) sent the ICP.
        List<Case<int[]>> commandSenders = List.of(
                ok("U+3", new int[] {1, 3}),
                bad("U+5", new int[] {1, 5}, "TELNET command connection from socket U+5 of HOST-A, not from socket U+3 of HOST-A"),
                bad("U+3 of HOST-C", new int[] {3, 3}, "TELNET command connection from socket U+3 of HOST-C, not from socket U+3 of HOST-A"));
        List<Case<int[]>> replyReceivers = List.of(
                ok("U+2", new int[] {1, 2}),
                bad("U+4", new int[] {1, 4}, "TELNET reply connection from socket U+4 of HOST-A, not from socket U+2 of HOST-A"),
                bad("U+2 of host 9", new int[] {9, 2}, "TELNET reply connection from socket U+2 of host 9, not from socket U+2 of HOST-A"));
        List<Case<int[]>> dataSenders = List.of(
                ok("MAIL, no data connection", null),
                ok("U+5", new int[] {1, 5}),
                bad("U+7", new int[] {1, 7}, "data connection from socket U+7 of HOST-A, not from socket U+5 of HOST-A"),
                bad("U+5 of HOST-B", new int[] {2, 5}, "data connection from socket U+5 of HOST-B, not from socket U+5 of HOST-A"));
        List<Case<String>> signatures = List.of(
                ok("From user@HOST-A", "From: alice@HOST-A"),
                ok("From in other case", "From: Alice <alice@host-a>"),
                ok("RFC 733 at", "From: ALICE at Host-A"),
                ok("host number", "From: alice@1"),
                ok("Resent-From", "From: bob@HOST-C\r\nResent-From: alice@HOST-A"),
                bad("none", "Sender: alice@HOST-A", "no From field"),
                bad("local address", "From: alice", "From alice names no host but the mail came from HOST-A"),
                bad("other host", "From: alice@HOST-C", "From names HOST-C but the mail came from HOST-A"),
                bad("other host number", "From: alice@3", "From names 3 but the mail came from HOST-A"),
                bad("unknown host", "From: alice@MIT-MC", "From names MIT-MC but the mail came from HOST-A"),
                bad("resent by other host", "From: alice@HOST-A\r\nResent-From: carol@HOST-C",
                        "Resent-From names HOST-C but the mail came from HOST-A"),
                ok("Sender same as From", "From: alice@HOST-A\r\nSender: Alice <alice@host-a>"),
                ok("original Sender of a resent message", "Resent-From: alice@HOST-A\r\nFrom: bob@HOST-C\r\nSender: carol@HOST-C"),
                bad("two mailboxes in From", "From: mallory@HOST-A, alice@HOST-A",
                        "the signature is ambiguous: From holds 2 mailboxes"),
                bad("forged mailbox second, other host", "From: mallory@HOST-C, alice@HOST-A",
                        "the signature is ambiguous: From holds 2 mailboxes"),
                bad("two From fields", "From: mallory@HOST-A\r\nFrom: alice@HOST-A",
                        "the signature is ambiguous: 2 From fields"),
                bad("Sender names another", "From: alice@HOST-A\r\nSender: mallory@HOST-A",
                        "the signature is ambiguous: Sender names mallory@HOST-A but From names alice@HOST-A"),
                bad("two mailboxes in Resent-From", "From: bob@HOST-C\r\nResent-From: mallory@HOST-A, alice@HOST-A",
                        "the signature is ambiguous: Resent-From holds 2 mailboxes"),
                bad("Resent-Sender names another", "Resent-From: alice@HOST-A\r\nResent-Sender: mallory@HOST-A\r\nFrom: bob@HOST-C",
                        "the signature is ambiguous: Resent-Sender names mallory@HOST-A but Resent-From names alice@HOST-A"));

        int combinations = 0;
        List<String> failures = new ArrayList<>();
        for (Case<Long> icp : icpSockets) {
            for (Case<int[]> command : commandSenders) {
                for (Case<int[]> reply : replyReceivers) {
                    for (Case<int[]> data : dataSenders) {
                        for (Case<String> header : signatures) {
                            combinations++;
                            long u = icp.value();
                            TransferOrigin origin = new TransferOrigin(1, "HOST-A", u,
                                    endpoint(command.value(), u), endpoint(reply.value(), u),
                                    Optional.ofNullable(data.value()).map(d -> endpoint(d, u)));
                            Optional<Signature> signature = signature(header.value());

                            Decision decision = RULE.decide(origin, signature);

                            String expectedReason = firstReason(u, icp, command, reply, data, header);
                            Verdict expectedVerdict = expectedReason == null ? Verdict.AUTHENTIC : Verdict.NOT_AUTHENTICATED;
                            MarkResult expectedMark = expectedReason == null ? MarkResult.PASS
                                    : signature.isEmpty() ? MarkResult.NONE : MarkResult.FAIL;
                            String expectedText = expectedReason == null ? "ICP from mail socket " + u + " of HOST-A" : expectedReason;

                            Decision expected = new Decision(expectedVerdict, expectedMark, expectedText);
                            if (!expected.equals(decision)) {
                                failures.add(String.join(", ", icp.label(), command.label(), reply.label(),
                                        data.label(), header.label()) + ": expected " + expected + " but was " + decision);
                            }
                        }
                    }
                }
            }
        }

        assertEquals(3 * 3 * 3 * 4 * 19, combinations);
        assertEquals(List.of(), failures);
    }

    private static Endpoint endpoint(int[] hostAndOffset, long u) {
        return new Endpoint(hostAndOffset[0], u + hostAndOffset[1]);
    }

    /** Returns the reason of the first failing input, in the rule's order, with U+n written as numbers. */
    private static String firstReason(long u, Case<?>... inputs) {
        for (Case<?> input : inputs) {
            if (input.reason() != null) {
                return withSocketNumbers(input.reason(), u);
            }
        }
        return null;
    }

    private static String withSocketNumbers(String reason, long u) {
        String result = reason;
        for (int offset = 0; offset <= 7; offset++) {
            result = result.replace("U+" + offset, Long.toString(u + offset));
        }
        return result;
    }

    @Test
    void emptyAuthorizedSetAuthenticatesNothing() {
        AuthenticationRule rule = new AuthenticationRule(Set.of(), HOSTS);
        TransferOrigin origin = new TransferOrigin(1, "HOST-A", 232, new Endpoint(1, 235), new Endpoint(1, 234),
                Optional.empty());

        Decision decision = rule.decide(origin, signature("From: alice@HOST-A"));

        assertEquals(Verdict.NOT_AUTHENTICATED, decision.verdict());
        assertEquals("sent from unprivileged socket 232 of HOST-A", decision.reason());
    }
}
