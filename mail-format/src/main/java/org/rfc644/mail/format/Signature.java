package org.rfc644.mail.format;

import java.util.List;
import java.util.Optional;

/**
 * The signature of a message: the name that RFC 644's receiver checks against the sending host.
 *
 * @param field the field that carries it
 * @param address the signing mailbox; its host is empty for a local address
 * @param originalFrom the From of a resent message (the resender does not vouch for it), or empty
 *     when the message was not resent or has no From
 */
public record Signature(SignatureField field, MailAddress address, Optional<MailAddress> originalFrom) {

    /**
     * Finds the signature: the topmost Resent-From if any (a resender adds the Resent- block on top,
     * RFC 822 section 4.2), else Redistributed-By (RFC 733), else From. Only the first address of
     * the field counts. Returns empty when the message has none of these fields.
     */
    public static Optional<Signature> of(MailMessage message) {
        Optional<MailAddress> from = message.firstValue("From").map(Signature::parseLeniently);

        Optional<String> resentFrom = message.firstValue("Resent-From");
        if (resentFrom.isPresent()) {
            return Optional.of(new Signature(SignatureField.RESENT_FROM, parseLeniently(resentFrom.get()), from));
        }

        // RFC 733 resenders wrote the Redistributed- fields below the original header, so the
        // newest one is taken to be the bottom one.
        List<HeaderField> redistributedBy = message.fields("Redistributed-By");
        if (!redistributedBy.isEmpty()) {
            String value = redistributedBy.get(redistributedBy.size() - 1).value();
            return Optional.of(new Signature(SignatureField.REDISTRIBUTED_BY, parseLeniently(value), from));
        }

        return from.map(address -> new Signature(SignatureField.FROM, address, Optional.empty()));
    }

    /** Returns true when the message was resent or redistributed. */
    public boolean isResent() {
        return field != SignatureField.FROM;
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
