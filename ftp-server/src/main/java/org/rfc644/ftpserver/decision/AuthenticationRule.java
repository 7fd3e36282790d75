package org.rfc644.ftpserver.decision;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.rfc644.mail.format.MarkResult;
import org.rfc644.mail.format.Signature;
import org.rfc644.ncp.client.HostEntry;

/**
 * RFC 644's rule for one received message, as a pure function of where the message came from and
 * the signature it carries.
 *
 * <p>A message is AUTHENTIC only when all four conditions hold, checked in this order; the first
 * one that fails is the reason given:
 * <ol>
 *   <li>the ICP came from a socket U in the set of authorized mail sockets, which only the sending
 *       host's authorized mail sending process can use;
 *   <li>the TELNET connections came from U+3 and U+2 of that same host (RFC 165), and for MLFL the
 *       data connection from U+5 of that host (RFC 454's default data socket), so that no other
 *       process supplied the commands or the text;
 *   <li>the signature (From, or the newest Resent-From or Redistributed-By) names exactly one
 *       mailbox: one From field holding one mailbox, and no Sender naming another (RFC 822 section
 *       4.4.2 makes Sender the agent who actually sent the message). A second mailbox would be an
 *       author that the sending host never checked;
 *   <li>the host in the signature is the host the ICP came from, given as a name of the host table
 *       (case-insensitive) or as its number.
 * </ol>
 */
public final class AuthenticationRule {

    private final Set<Long> authorizedSockets;
    private final List<HostEntry> hostTable;

    /**
     * @param authorizedSockets the foreign ICP sockets that RFC 644 reserves for authorized mail
     *     sending processes (232 in RFC 644's TENEX experiment)
     * @param hostTable the NCP daemon's host table, for resolving the host named in a signature
     */
    public AuthenticationRule(Set<Long> authorizedSockets, List<HostEntry> hostTable) {
        this.authorizedSockets = Set.copyOf(authorizedSockets);
        this.hostTable = List.copyOf(hostTable);
    }

    /** Decides whether the message that came from {@code origin} with {@code signature} is authentic. */
    public Decision decide(TransferOrigin origin, Optional<Signature> signature) {
        String icpHost = origin.icpHostName();

        if (!authorizedSockets.contains(origin.icpSocket())) {
            return notAuthenticated(signature, "sent from unprivileged socket " + origin.icpSocket() + " of " + icpHost);
        }

        Optional<String> connectionProblem = connectionProblem(origin);
        if (connectionProblem.isPresent()) {
            return notAuthenticated(signature, connectionProblem.get());
        }

        if (signature.isEmpty()) {
            return notAuthenticated(signature, "no From field");
        }
        if (signature.get().isAmbiguous()) {
            return notAuthenticated(signature, "the signature is ambiguous: " + signature.get().ambiguity().get());
        }

        String fieldName = signature.get().field().fieldName();
        Optional<String> signatureHost = signature.get().host();
        if (signatureHost.isEmpty()) {
            return notAuthenticated(signature, fieldName + " " + signature.get().mailbox()
                    + " names no host but the mail came from " + icpHost);
        }
        if (!namesHost(signatureHost.get(), origin)) {
            return notAuthenticated(signature, fieldName + " names " + signatureHost.get()
                    + " but the mail came from " + icpHost);
        }

        return new Decision(Verdict.AUTHENTIC, MarkResult.PASS,
                "ICP from mail socket " + origin.icpSocket() + " of " + icpHost);
    }

    /** Describes the first connection that did not come from the socket RFC 165 or RFC 454 assigns. */
    private Optional<String> connectionProblem(TransferOrigin origin) {
        long u = origin.icpSocket();
        Optional<String> problem = misplaced("TELNET command connection", origin.commandSender(), u + 3, origin);
        if (problem.isEmpty()) {
            problem = misplaced("TELNET reply connection", origin.replyReceiver(), u + 2, origin);
        }
        if (problem.isEmpty() && origin.dataSender().isPresent()) {
            problem = misplaced("data connection", origin.dataSender().get(), u + 5, origin);
        }
        return problem;
    }

    private Optional<String> misplaced(String connection, Endpoint actual, long expectedSocket, TransferOrigin origin) {
        if (actual.hostNumber() == origin.icpHostNumber() && actual.socket() == expectedSocket) {
            return Optional.empty();
        }
        return Optional.of(connection + " from socket " + actual.socket() + " of " + hostName(actual.hostNumber())
                + ", not from socket " + expectedSocket + " of " + origin.icpHostName());
    }

    /** Returns whether {@code host} names the ICP's host: its number, or its name ignoring case. */
    private boolean namesHost(String host, TransferOrigin origin) {
        if (host.strip().equalsIgnoreCase(origin.icpHostName())) {
            return true;
        }
        OptionalInt number = resolve(host);
        return number.isPresent() && number.getAsInt() == origin.icpHostNumber();
    }

    /** Resolves a host named by its decimal number or by a name of the host table, ignoring case. */
    private OptionalInt resolve(String host) {
        String trimmed = host.strip();
        if (!trimmed.isEmpty() && trimmed.chars().allMatch(c -> c >= '0' && c <= '9') && trimmed.length() <= 3) {
            return OptionalInt.of(Integer.parseInt(trimmed));
        }
        String lowerCase = trimmed.toLowerCase(Locale.ROOT);
        return hostTable.stream()
                .filter(entry -> entry.name().toLowerCase(Locale.ROOT).equals(lowerCase))
                .mapToInt(HostEntry::number)
                .findFirst();
    }

    private String hostName(int number) {
        return hostTable.stream()
                .filter(entry -> entry.number() == number)
                .map(HostEntry::name)
                .findFirst()
                .orElse("host " + number);
    }

    private static Decision notAuthenticated(Optional<Signature> signature, String reason) {
        MarkResult result = signature.isEmpty() ? MarkResult.NONE : MarkResult.FAIL;
        return new Decision(Verdict.NOT_AUTHENTICATED, result, reason);
    }
}
