package org.rfc644.sndmsg.readmail;

import java.util.List;
import java.util.stream.Collectors;
import org.rfc644.mail.format.EncodedWords;
import org.rfc644.mail.format.MailAddress;

/**
 * The From column of readmail's list. A display name is chosen by the sender and can imitate an
 * address ({@code "alice@HOST-A" <mallory@HOST-A>}), so the column shows each mailbox itself, as
 * {@code user@host}, before any name. Only the name is cut to fit: a mailbox wider than the column
 * is shown whole and pushes the Subject to the right, because a cut mailbox could hide its host.
 */
final class FromColumn {

    private static final String ELLIPSIS = "...";

    private FromColumn() {
    }

    /**
     * Returns the mailboxes of a From value, with the display name of a single mailbox after it in
     * parentheses, cut to {@code width} characters when the name makes it longer. A value that is not
     * an address list is shown as written, cut to {@code width}.
     */
    static String format(String fromValue, int width) {
        List<MailAddress> addresses;
        try {
            addresses = MailAddress.parseList(fromValue);
        } catch (IllegalArgumentException notAnAddressList) {
            addresses = List.of();
        }
        if (addresses.isEmpty()) {
            return cut(TerminalText.singleLine(EncodedWords.decode(fromValue)), width);
        }

        String mailboxes = addresses.stream()
                .map(address -> TerminalText.singleLine(address.mailbox()))
                .collect(Collectors.joining(", "));
        if (addresses.size() > 1 || addresses.get(0).displayName().isEmpty()) {
            return mailboxes;
        }

        String name = TerminalText.singleLine(EncodedWords.decode(addresses.get(0).displayName().get())).strip();
        String withName = mailboxes + " (" + name + ")";
        if (name.isEmpty() || withName.length() <= width) {
            return name.isEmpty() ? mailboxes : withName;
        }
        int room = width - mailboxes.length() - " ()".length() - ELLIPSIS.length();
        if (room < 1) {
            return mailboxes;
        }
        return mailboxes + " (" + name.substring(0, room).strip() + ELLIPSIS + ")";
    }

    private static String cut(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - ELLIPSIS.length()) + ELLIPSIS;
    }
}
