package org.rfc644.mail.format;

import java.util.Locale;

/** Result of the RFC 644 check, written as an RFC 8601 result keyword. */
public enum MarkResult {

    /** The sending host's authorized mailer sent the message and vouches for its signature. */
    PASS,

    /** The message did not come from an authorized mail socket, or its signature names another host. */
    FAIL,

    /** The message has no signature to vouch for. */
    NONE;

    /** Returns the RFC 8601 keyword: {@code pass}, {@code fail} or {@code none}. */
    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Returns the result for an RFC 8601 keyword, ignoring case. */
    public static MarkResult fromKeyword(String keyword) {
        return valueOf(keyword.toUpperCase(Locale.ROOT));
    }
}
