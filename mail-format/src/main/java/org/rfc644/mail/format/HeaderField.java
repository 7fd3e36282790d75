package org.rfc644.mail.format;

import java.util.Arrays;

/**
 * One header field of a message: its name, its unfolded value and the exact bytes it occupies in
 * the message, continuation lines and line endings included.
 */
public final class HeaderField {

    private final String name;
    private final String value;
    private final byte[] raw;
    private final int offset;

    HeaderField(String name, String value, byte[] raw, int offset) {
        this.name = name;
        this.value = value;
        this.raw = raw;
        this.offset = offset;
    }

    /** Returns the field name as written, without the colon. */
    public String name() {
        return name;
    }

    /**
     * Returns the value after the colon, unfolded (each line ending before a continuation line is
     * removed, as RFC 822 section 3.1.1 says) and with leading and trailing white space trimmed.
     * Bytes are decoded as UTF-8 when they form valid UTF-8 (RFC 6532), otherwise as ISO-8859-1.
     */
    public String value() {
        return value;
    }

    /** Returns a copy of the field's bytes exactly as they appear in the message. */
    public byte[] raw() {
        return Arrays.copyOf(raw, raw.length);
    }

    /** Returns the offset of the field's first byte in the message. */
    public int offset() {
        return offset;
    }

    /** Returns the number of bytes the field occupies, line endings included. */
    public int length() {
        return raw.length;
    }

    /** Returns true when the name equals {@code otherName}, ignoring case as RFC 822 does. */
    public boolean hasName(String otherName) {
        return name.equalsIgnoreCase(otherName);
    }

    @Override
    public String toString() {
        return name + ": " + value;
    }
}
