package org.rfc644.mail.format;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A message as received: its exact bytes and a tolerant view of its header.
 *
 * <p>The parser accepts what four decades of mailers wrote: LF, CRLF or mixed line endings, RFC
 * 733 and RFC 822 fields, folded lines (a line starting with space or tab continues the field
 * above), repeated fields and 8-bit bytes. The header ends at the first empty line, at the first
 * line holding only white space (some mailers wrote a lone space there), or, when no separator was
 * written, at the first line that is neither a field nor a continuation; that line then starts the
 * body. A first line that is not a field but is followed by a field (the native header line of an
 * ITS COMSAT message, or an mbox "From " line) is skipped as a preamble and kept in the bytes.
 */
public final class MailMessage {

    private final byte[] raw;
    private final List<HeaderField> fields;
    private final int headerEnd;
    private final int bodyOffset;

    private MailMessage(byte[] raw, List<HeaderField> fields, int headerEnd, int bodyOffset) {
        this.raw = raw;
        this.fields = List.copyOf(fields);
        this.headerEnd = headerEnd;
        this.bodyOffset = bodyOffset;
    }

    /** Parses {@code raw}, which is copied; no input is rejected. */
    public static MailMessage parse(byte[] raw) {
        byte[] bytes = Arrays.copyOf(raw, raw.length);
        List<HeaderField> fields = new ArrayList<>();
        int fieldStart = -1;
        int position = 0;

        while (position < bytes.length) {
            int next = nextLineStart(bytes, position);
            int contentEnd = contentEnd(bytes, position, next);

            if (isBlank(bytes, position, contentEnd)) {
                addField(bytes, fieldStart, position, fields);
                return new MailMessage(bytes, fields, position, next);
            }

            boolean continuation = isWhiteSpace(bytes[position]);
            if (continuation && fieldStart >= 0) {
                position = next;
                continue;
            }

            if (!continuation && isFieldLine(bytes, position, contentEnd)) {
                addField(bytes, fieldStart, position, fields);
                fieldStart = position;
                position = next;
                continue;
            }

            if (position == 0 && next < bytes.length
                    && isFieldLine(bytes, next, contentEnd(bytes, next, nextLineStart(bytes, next)))) {
                position = next;
                continue;
            }

            addField(bytes, fieldStart, position, fields);
            return new MailMessage(bytes, fields, position, position);
        }

        addField(bytes, fieldStart, bytes.length, fields);
        return new MailMessage(bytes, fields, bytes.length, bytes.length);
    }

    /** Returns a copy of the message's bytes, exactly as given to {@link #parse}. */
    public byte[] raw() {
        return Arrays.copyOf(raw, raw.length);
    }

    /** Returns the message's length in bytes. */
    public int length() {
        return raw.length;
    }

    /** Returns the header fields in the order they appear. */
    public List<HeaderField> fields() {
        return fields;
    }

    /** Returns the fields named {@code name} (case-insensitive), top to bottom. */
    public List<HeaderField> fields(String name) {
        List<HeaderField> matching = new ArrayList<>();
        for (HeaderField field : fields) {
            if (field.hasName(name)) {
                matching.add(field);
            }
        }
        return matching;
    }

    /** Returns the unfolded value of the topmost field named {@code name} (case-insensitive). */
    public Optional<String> firstValue(String name) {
        for (HeaderField field : fields) {
            if (field.hasName(name)) {
                return Optional.of(field.value());
            }
        }
        return Optional.empty();
    }

    /** Returns the offset where the header ends: the separator line, or the body when none. */
    public int headerEnd() {
        return headerEnd;
    }

    /** Returns the offset of the body's first byte (the message's length when it has no body). */
    public int bodyOffset() {
        return bodyOffset;
    }

    /** Returns a copy of the body's bytes. */
    public byte[] body() {
        return Arrays.copyOfRange(raw, bodyOffset, raw.length);
    }

    private static void addField(byte[] bytes, int start, int end, List<HeaderField> fields) {
        if (start < 0) {
            return;
        }
        int colon = start;
        while (bytes[colon] != ':') {
            colon++;
        }

        // A field line starts with the name, so only the space or tab before the colon is trimmed.
        int nameEnd = colon;
        while (nameEnd > start && isWhiteSpace(bytes[nameEnd - 1])) {
            nameEnd--;
        }
        String name = new String(bytes, start, nameEnd - start, StandardCharsets.US_ASCII);
        fields.add(new HeaderField(name, bytes, start, colon + 1, end - start));
    }

    static int nextLineStart(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                return i + 1;
            }
        }
        return bytes.length;
    }

    private static int contentEnd(byte[] bytes, int start, int next) {
        int end = next;
        if (end > start && bytes[end - 1] == '\n') {
            end--;
        }
        if (end > start && bytes[end - 1] == '\r') {
            end--;
        }
        return end;
    }

    private static boolean isBlank(byte[] bytes, int start, int end) {
        for (int i = start; i < end; i++) {
            if (!isWhiteSpace(bytes[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean isWhiteSpace(byte b) {
        return b == ' ' || b == '\t';
    }

    /**
     * Returns true for "name:" where the name is one or more printable US-ASCII characters other
     * than colon and space (RFC 822 section 3.2), allowing white space before the colon as RFC 822's
     * obsolete syntax did.
     */
    private static boolean isFieldLine(byte[] bytes, int start, int end) {
        int i = start;
        while (i < end && bytes[i] > 32 && bytes[i] < 127 && bytes[i] != ':') {
            i++;
        }
        if (i == start) {
            return false;
        }
        while (i < end && isWhiteSpace(bytes[i])) {
            i++;
        }
        return i < end && bytes[i] == ':';
    }
}
