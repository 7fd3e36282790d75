package org.rfc644.mail.format;

import java.util.Arrays;

/**
 * One header field of a message: its name, its unfolded value and the exact bytes it occupies in
 * the message, continuation lines and line endings included.
 */
public final class HeaderField {

    private final String name;
    private final byte[] message;
    private final int offset;
    private final int valueOffset;
    private final int length;

    /**
     * The decoded value, computed by the first call of {@link #value()}. Threads that race on the
     * first call each compute the same string, and a String is safe to publish without a lock.
     */
    private String value;

    /**
     * Creates the field that occupies {@code length} bytes of {@code message} from {@code offset},
     * with its value from {@code valueOffset} (after the colon) to its end. The message's array is
     * shared, not copied: the caller must never change it.
     */
    HeaderField(String name, byte[] message, int offset, int valueOffset, int length) {
        this.name = name;
        this.message = message;
        this.offset = offset;
        this.valueOffset = valueOffset;
        this.length = length;
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
        String decoded = value;
        if (decoded == null) {
            decoded = HeaderText.value(message, valueOffset, offset + length);
            value = decoded;
        }
        return decoded;
    }

    /** Returns a copy of the field's bytes exactly as they appear in the message. */
    public byte[] raw() {
        return Arrays.copyOfRange(message, offset, offset + length);
    }

    /** Returns the offset of the field's first byte in the message. */
    public int offset() {
        return offset;
    }

    /** Returns the number of bytes the field occupies, line endings included. */
    public int length() {
        return length;
    }

    /** Returns true when the name equals {@code otherName}, ignoring case as RFC 822 does. */
    public boolean hasName(String otherName) {
        return name.equalsIgnoreCase(otherName);
    }

    @Override
    public String toString() {
        return name + ": " + value();
    }
}
