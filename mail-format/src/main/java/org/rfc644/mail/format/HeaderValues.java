package org.rfc644.mail.format;

/** Checks on text that goes into header fields. */
public final class HeaderValues {

    private HeaderValues() {
    }

    /**
     * Returns {@code value} when it contains no CR and no LF. A line break inside a recipient,
     * subject or name would let the writer add header fields of their own.
     *
     * @param valueName the name of the value, for the error message, such as "subject"
     * @throws IllegalArgumentException when {@code value} contains CR or LF
     */
    public static String requireSingleLine(String valueName, String value) {
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("invalid " + valueName + ": it contains a line break (CR or LF)");
        }
        return value;
    }
}
