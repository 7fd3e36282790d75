package org.rfc644.mail.format;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Optional;

/** Removes forged Authentication-Results fields and adds the receiver's own. */
public final class AuthenticationResults {

    private AuthenticationResults() {
    }

    /**
     * Removes every Authentication-Results header field whose authserv-id equals {@code authservId}
     * (case-insensitive). RFC 8601 section 5 has the receiver remove such fields, because only the
     * receiver itself can have written them and any copy in arriving mail is forged. Every
     * other byte, fields below the header and line endings included, is returned unchanged.
     */
    public static byte[] removeClaimsOf(byte[] message, String authservId) {
        MailMessage parsed = MailMessage.parse(message);
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length);
        int copied = 0;
        for (HeaderField field : parsed.fields(AuthenticationMark.FIELD_NAME)) {
            boolean claimsThisHost = authservIdOf(field.value())
                    .map(id -> id.equalsIgnoreCase(authservId))
                    .orElse(false);
            if (claimsThisHost) {
                out.write(message, copied, field.offset() - copied);
                copied = field.offset() + field.length();
            }
        }
        out.write(message, copied, message.length - copied);
        return out.toByteArray();
    }

    /** Returns {@code mark}'s field followed by {@code message}, which is not changed. */
    public static byte[] prepend(byte[] message, AuthenticationMark mark) {
        byte[] field = mark.toHeaderBytes();
        byte[] result = new byte[field.length + message.length];
        System.arraycopy(field, 0, result, 0, field.length);
        System.arraycopy(message, 0, result, field.length, message.length);
        return result;
    }

    /** Returns the authserv-id of an Authentication-Results value: its first item, comments skipped. */
    public static Optional<String> authservIdOf(String value) {
        List<List<String>> segments = ResultsSyntax.segments(value);
        if (segments.isEmpty() || segments.get(0).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(segments.get(0).get(0));
    }
}
