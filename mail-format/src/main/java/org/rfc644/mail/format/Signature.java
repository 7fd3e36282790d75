package org.rfc644.mail.format;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The signature of a message: the name that RFC 644's receiver checks against the sending host.
 *
 * @param field the field that carries it
 * @param address the signing mailbox; its host is empty for a local address
 * @param originalFrom the From of a resent message (the resender does not vouch for it), or empty
 *     when the message was not resent or has no From
 * @param ambiguity why the signature names more than one mailbox, such as "2 From fields", or empty
 *     when it names exactly one
 */
public record Signature(SignatureField field, MailAddress address, Optional<MailAddress> originalFrom,
                        Optional<String> ambiguity) {

    private static final String RESENT_PREFIX = "resent-";

    /**
     * Finds the signature: the topmost Resent-From if any (a resender adds the Resent- block on top,
     * RFC 822 section 4.2), else Redistributed-By (RFC 733), else From. The address is the first
     * mailbox of the field, and {@link #ambiguity()} reports when the signature names more than
     * one. Returns empty when the message has none of these fields.
     */
    public static Optional<Signature> of(MailMessage message) {
        Optional<MailAddress> from = message.firstValue("From").map(Signature::parseLeniently);

        List<HeaderField> fields = message.fields();
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).hasName("Resent-From")) {
                return Optional.of(resentSignature(fields, i, from));
            }
        }

        // RFC 733 resenders wrote the Redistributed- fields below the original header, so the
        // newest one is taken to be the bottom one. Older Redistributed-By fields belong to
        // earlier redistributions, so only the mailboxes of the bottom one count.
        List<HeaderField> redistributedBy = message.fields("Redistributed-By");
        if (!redistributedBy.isEmpty()) {
            String value = redistributedBy.get(redistributedBy.size() - 1).value();
            MailAddress address = parseLeniently(value);
            return Optional.of(new Signature(SignatureField.REDISTRIBUTED_BY, address, from,
                    tooManyMailboxes("Redistributed-By", value)));
        }

        return from.map(address -> new Signature(SignatureField.FROM, address, Optional.empty(),
                fromAmbiguity(message, address)));
    }

    /** Returns true when the message was resent or redistributed. */
    public boolean isResent() {
        return field != SignatureField.FROM;
    }

    /** Returns true when the signature names more than one mailbox, so no host can vouch for it. */
    public boolean isAmbiguous() {
        return ambiguity.isPresent();
    }

    /** Returns the signing user (local part). */
    public String user() {
        return address.user();
    }

    /** Returns the signing host, empty for a local address. */
    public Optional<String> host() {
        return address.host();
    }

    /** Returns {@code user@host}, or {@code user} when the address has no host. */
    public String mailbox() {
        return address.mailbox();
    }

    /**
     * Checks the From signature. A signature must name exactly one mailbox: RFC 822 section 4.1
     * allows one From field, and a second one or a second mailbox would name an author that the
     * sending host did not check. RFC 822 section 4.4.2 makes Sender the agent who actually sent
     * the message, so a Sender naming another mailbox is a second signer.
     */
    private static Optional<String> fromAmbiguity(MailMessage message, MailAddress from) {
        List<HeaderField> fromFields = message.fields("From");
        if (fromFields.size() > 1) {
            return Optional.of(fromFields.size() + " From fields");
        }
        Optional<String> problem = tooManyMailboxes("From", fromFields.get(0).value());
        if (problem.isPresent()) {
            return problem;
        }
        return senderAmbiguity("Sender", message.fields("Sender"), "From", from);
    }

    /**
     * Builds the signature of a resent message from the Resent-From at {@code index} and the other
     * fields of its Resent- block. Only this topmost block counts: the blocks below it belong to
     * earlier resendings, which the sending host does not vouch for.
     */
    private static Signature resentSignature(List<HeaderField> fields, int index, Optional<MailAddress> from) {
        String value = fields.get(index).value();
        MailAddress address = parseLeniently(value);

        Optional<String> ambiguity = tooManyMailboxes("Resent-From", value);
        if (ambiguity.isEmpty()) {
            List<HeaderField> resentSenders = topmostBlock(fields, index).stream()
                    .filter(field -> field.hasName("Resent-Sender"))
                    .toList();
            ambiguity = senderAmbiguity("Resent-Sender", resentSenders, "Resent-From", address);
        }
        return new Signature(SignatureField.RESENT_FROM, address, from, ambiguity);
    }

    /**
     * Returns the Resent- block around the Resent-From at {@code index}: the adjacent Resent-
     * fields above and below it. RFC 822 does not mark where one block ends and the next begins.
     * So a block ends at a field that is not a Resent- field, or at the second field of one name,
     * such as the Resent-From of an older block.
     */
    private static List<HeaderField> topmostBlock(List<HeaderField> fields, int index) {
        Set<String> names = new HashSet<>();
        names.add(lowerName(fields.get(index)));

        int first = index;
        while (first > 0 && isResentField(fields.get(first - 1)) && names.add(lowerName(fields.get(first - 1)))) {
            first--;
        }
        int end = index + 1;
        while (end < fields.size() && isResentField(fields.get(end)) && names.add(lowerName(fields.get(end)))) {
            end++;
        }
        return new ArrayList<>(fields.subList(first, end));
    }

    /** Describes a Sender or Resent-Sender that names another mailbox than the signing field. */
    private static Optional<String> senderAmbiguity(String senderName, List<HeaderField> senders,
                                                    String signingName, MailAddress signer) {
        if (senders.size() > 1) {
            return Optional.of(senders.size() + " " + senderName + " fields");
        }
        if (senders.isEmpty()) {
            return Optional.empty();
        }
        String value = senders.get(0).value();
        Optional<String> problem = tooManyMailboxes(senderName, value);
        if (problem.isPresent() || value.isBlank()) {
            return problem;
        }
        MailAddress sender = parseLeniently(value);
        if (sender.equals(signer)) {
            return Optional.empty();
        }
        return Optional.of(senderName + " names " + sender.mailbox() + " but " + signingName + " names "
                + signer.mailbox());
    }

    /** Describes a field value that contains more than one mailbox, groups counted by their members. */
    private static Optional<String> tooManyMailboxes(String fieldName, String value) {
        long mailboxes = AddressSyntax.splitList(value).stream().filter(element -> !element.isBlank()).count();
        if (mailboxes > 1) {
            return Optional.of(fieldName + " holds " + mailboxes + " mailboxes");
        }
        return Optional.empty();
    }

    private static boolean isResentField(HeaderField field) {
        return lowerName(field).startsWith(RESENT_PREFIX);
    }

    private static String lowerName(HeaderField field) {
        return field.name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses the first address of a field value. A value that is not an address becomes a user
     * without a host, so it can never match the sending host.
     */
    private static MailAddress parseLeniently(String value) {
        for (String element : AddressSyntax.splitList(value)) {
            if (element.isBlank()) {
                continue;
            }
            try {
                return MailAddress.parse(element);
            } catch (IllegalArgumentException invalid) {
                break;
            }
        }
        return new MailAddress(value.strip(), null, null);
    }
}
