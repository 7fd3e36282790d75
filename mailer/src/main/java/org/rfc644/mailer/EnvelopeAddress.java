package org.rfc644.mailer;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A mailbox on a host of the network: {@code user@HOST}, or in RFC 733's older form
 * {@code USER at HOST}.
 *
 * <p>The user part is sent as the argument of RFC 454's {@code MAIL} or {@code MLFL} command, so
 * it may hold only printable ASCII without spaces or commas: a CR or LF in it would end the
 * command early and start another one, and a comma would name a second user.
 */
public record EnvelopeAddress(String user, String host) {

    private static final Pattern AT_FORM = Pattern.compile("^(\\S+)\\s+at\\s+(\\S+)$",
            Pattern.CASE_INSENSITIVE);

    public EnvelopeAddress {
        requireWord("user", user);
        requireWord("host", host);
        if (user.indexOf('@') >= 0 || user.indexOf(',') >= 0) {
            throw new IllegalArgumentException("invalid user \"" + printable(user)
                    + "\": it contains '@' or ','");
        }
    }

    /**
     * Parses {@code user@HOST} or {@code USER at HOST}.
     *
     * @throws IllegalArgumentException when the text is neither form, or contains a control
     *     character such as CR or LF
     */
    public static EnvelopeAddress parse(String text) {
        requireNoControls(text);
        String trimmed = text.strip();
        Matcher atForm = AT_FORM.matcher(trimmed);
        if (atForm.matches()) {
            return new EnvelopeAddress(atForm.group(1), atForm.group(2));
        }
        int at = trimmed.lastIndexOf('@');
        if (at <= 0 || at == trimmed.length() - 1) {
            throw new IllegalArgumentException("invalid address \"" + trimmed
                    + "\": write user@HOST or USER at HOST");
        }
        return new EnvelopeAddress(trimmed.substring(0, at), trimmed.substring(at + 1));
    }

    /** Tells whether this mailbox is on {@code hostName}; host names compare case-insensitively. */
    public boolean isOn(String hostName) {
        return host.equalsIgnoreCase(hostName);
    }

    /** Returns the host name in upper case, the key that groups recipients by destination. */
    public String hostKey() {
        return host.toUpperCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return user + "@" + host;
    }

    private static void requireWord(String part, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("missing " + part + " in address");
        }
        requireNoControls(value);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c >= 0x7F) {
                throw new IllegalArgumentException("invalid " + part + " \"" + printable(value)
                        + "\": only printable ASCII without spaces is allowed");
            }
        }
    }

    /** Rejects CR, LF and every other control character, the means of header and command injection. */
    private static void requireNoControls(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < ' ' || c == 0x7F) {
                throw new IllegalArgumentException("invalid address \"" + printable(text)
                        + "\": it contains the control character 0x"
                        + Integer.toHexString(c).toUpperCase(Locale.ROOT)
                        + (c == '\r' || c == '\n' ? " (CR or LF)" : ""));
            }
        }
    }

    /** Shows control characters as {@code \xNN}, so that an error message stays on one line. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < ' ' || c == 0x7F) {
                out.append(String.format("\\x%02X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
