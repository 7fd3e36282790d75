package org.rfc644.mail.format;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One mailbox: a user (local part) and, unless the address is local, a host.
 *
 * <p>Accepts RFC 822's {@code user@host}, {@code Name <user@host>}, {@code user@host (Full Name)},
 * source routes {@code <@A,@B:user@C>} (the route is dropped) and RFC 733's {@code USER at HOST}.
 * When an address names several hosts, as relays wrote ({@code USER1@HP-HULK at HP-VENUS},
 * {@code utah-cs!USER1@UTAH-20}), the rightmost {@code @} or {@code at} separates user and host.
 */
public final class MailAddress {

    private final String user;
    private final String host;
    private final String displayName;

    /** Creates an address; {@code host} and {@code displayName} may be null. */
    public MailAddress(String user, String host, String displayName) {
        this.user = Objects.requireNonNull(user, "user");
        this.host = host == null || host.isEmpty() ? null : host;
        this.displayName = displayName == null || displayName.isEmpty() ? null : displayName;
    }

    /**
     * Parses one address.
     *
     * @throws IllegalArgumentException when the text contains no user part
     */
    public static MailAddress parse(String text) {
        String comment = AddressSyntax.firstComment(text);
        String withoutComments = AddressSyntax.removeComments(text).strip();

        String phrase = null;
        String spec = withoutComments;
        int open = AddressSyntax.indexOutsideQuotes(withoutComments, '<', 0);
        if (open >= 0) {
            int close = withoutComments.indexOf('>', open);
            if (close < 0) {
                close = withoutComments.length();
            }
            phrase = AddressSyntax.unquote(withoutComments.substring(0, open).strip());
            spec = stripSourceRoute(withoutComments.substring(open + 1, close).strip());
        }

        MailAddress address = parseSpec(spec, phrase != null && !phrase.isEmpty() ? phrase : comment);
        if (address.user.isEmpty()) {
            throw new IllegalArgumentException("invalid address, no user part: " + text.strip());
        }
        return address;
    }

    /**
     * Parses a list such as a To or Cc value: addresses separated by commas, with RFC 822 groups
     * ({@code Friends: a@x, b@y;}) flattened into their members and empty elements skipped.
     *
     * @throws IllegalArgumentException when an element contains no user part
     */
    public static List<MailAddress> parseList(String text) {
        List<MailAddress> addresses = new ArrayList<>();
        for (String element : AddressSyntax.splitList(text)) {
            if (!element.isBlank()) {
                addresses.add(parse(element));
            }
        }
        return addresses;
    }

    /** Returns the local part as written (quotes kept). */
    public String user() {
        return user;
    }

    /** Returns the host, or empty for a local address. */
    public Optional<String> host() {
        return Optional.ofNullable(host);
    }

    /** Returns the phrase before {@code <...>}, or the comment after the address, if any. */
    public Optional<String> displayName() {
        return Optional.ofNullable(displayName);
    }

    /** Returns true when this address's host equals {@code otherHost}, ignoring case. */
    public boolean isAtHost(String otherHost) {
        return host != null && host.equalsIgnoreCase(otherHost);
    }

    /** Returns {@code user@host}, or {@code user} for a local address. */
    public String mailbox() {
        return host == null ? user : user + "@" + host;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof MailAddress)) {
            return false;
        }
        MailAddress that = (MailAddress) other;
        return user.equals(that.user) && Objects.equals(lower(host), lower(that.host));
    }

    @Override
    public int hashCode() {
        return Objects.hash(user, lower(host));
    }

    @Override
    public String toString() {
        return mailbox();
    }

    private static String lower(String value) {
        return value == null ? null : value.toLowerCase(Locale.ROOT);
    }

    /** Drops an RFC 822 source route: {@code @A,@B:user@C} becomes {@code user@C}. */
    private static String stripSourceRoute(String spec) {
        if (spec.startsWith("@")) {
            int colon = spec.indexOf(':');
            if (colon >= 0) {
                return spec.substring(colon + 1).strip();
            }
        }
        return spec;
    }

    private static MailAddress parseSpec(String spec, String displayName) {
        int at = AddressSyntax.lastIndexOutsideQuotes(spec, '@');
        int atWord = AddressSyntax.lastAtWord(spec);

        // RFC 733 wrote "USER at HOST"; the rightmost separator of either kind names the host.
        if (atWord > at) {
            return new MailAddress(spec.substring(0, atWord).strip(), spec.substring(atWord + 4).strip(), displayName);
        }
        if (at >= 0) {
            return new MailAddress(spec.substring(0, at).strip(), spec.substring(at + 1).strip(), displayName);
        }
        return new MailAddress(spec.strip(), null, displayName);
    }
}
