package org.rfc644.mail.format;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The receiving host's RFC 644 decision about one message, written into the message as an RFC 8601
 * {@code Authentication-Results} field with the method {@value #METHOD}.
 *
 * <p>Example, folded as written:
 * <pre>
 * Authentication-Results: HOST-B; x-rfc644=pass
 *  reason="ICP from mail socket 232 of HOST-A" policy.foreign-host=HOST-A
 *  policy.foreign-socket=232 header.from=alice@HOST-A
 * </pre>
 * A resent message carries {@code header.resent-from} in place of {@code header.from}, followed by
 * a comment naming the original From, which the sending host does not vouch for.
 *
 * @param result pass, fail or none
 * @param authservId the receiving host's name (RFC 8601's authserv-id)
 * @param foreignHost the host the connection came from
 * @param foreignSocket the foreign socket U of the ICP
 * @param signature the vouched mailbox, {@code user@host} (or {@code user} without a host), or ""
 *     when the message has no signature
 * @param resent true when the signature is a Resent-From or Redistributed-By
 * @param resender the resender's mailbox when resent, else ""
 * @param originalFrom the From of a resent message, else ""
 * @param reason why the result was reached, in words, for example "sent from unprivileged socket
 *     1234 of HOST-A"
 */
public record AuthenticationMark(MarkResult result, String authservId, String foreignHost, long foreignSocket,
                                 String signature, boolean resent, String resender, String originalFrom,
                                 String reason) {

    /** The RFC 8601 method name of this check. The "x-" prefix marks it as not registered with IANA. */
    public static final String METHOD = "x-rfc644";

    /** The field name, as RFC 8601 spells it. */
    public static final String FIELD_NAME = "Authentication-Results";

    /** Longest line written, without CRLF, below RFC 5322's recommended maximum of 78 (section 2.1.1). */
    static final int MAX_LINE = 77;

    public AuthenticationMark {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(authservId, "authservId");
        foreignHost = orEmpty(foreignHost);
        signature = orEmpty(signature);
        resender = orEmpty(resender);
        originalFrom = orEmpty(originalFrom);
        reason = orEmpty(reason);
    }

    /**
     * Creates a mark for a message whose signature is {@code signature}, filling in the signature,
     * resent flag, resender and original From from it.
     */
    public static AuthenticationMark of(MarkResult result, String authservId, String foreignHost,
                                        long foreignSocket, Optional<Signature> signature, String reason) {
        String vouched = signature.map(Signature::mailbox).orElse("");
        boolean resent = signature.map(Signature::isResent).orElse(false);
        String resender = resent ? vouched : "";
        String originalFrom = resent
                ? signature.flatMap(Signature::originalFrom).map(MailAddress::mailbox).orElse("")
                : "";
        return new AuthenticationMark(result, authservId, foreignHost, foreignSocket, vouched, resent,
                resender, originalFrom, reason);
    }

    /**
     * Returns the complete field, name to final CRLF, folded into lines of at most
     * {@value #MAX_LINE} characters (a single word longer than that keeps its own line).
     */
    public String toHeaderField() {
        List<String> units = new ArrayList<>();
        units.add(FIELD_NAME + ": " + authservId + ";");
        units.add(METHOD + "=" + result.keyword());
        if (!reason.isEmpty()) {
            units.add("reason=" + ResultsSyntax.quote(reason));
        }
        if (!foreignHost.isEmpty()) {
            units.add("policy.foreign-host=" + ResultsSyntax.value(foreignHost));
        }
        units.add("policy.foreign-socket=" + foreignSocket);
        if (!signature.isEmpty()) {
            units.add((resent ? "header.resent-from=" : "header.from=") + ResultsSyntax.value(signature));
        }
        if (resent && !originalFrom.isEmpty()) {
            units.add("(original From " + ResultsSyntax.commentText(originalFrom) + " is not vouched for)");
        }
        return ResultsSyntax.fold(units, MAX_LINE) + "\r\n";
    }

    /** Returns {@link #toHeaderField()} encoded as UTF-8. */
    public byte[] toHeaderBytes() {
        return toHeaderField().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads back the mark that the host {@code authservId} wrote: the topmost Authentication-Results
     * field with that authserv-id (case-insensitive) and an {@value #METHOD} result. The original
     * From of a resent message is taken from the message's From field.
     */
    public static Optional<AuthenticationMark> parse(MailMessage message, String authservId) {
        for (HeaderField field : message.fields(FIELD_NAME)) {
            Optional<AuthenticationMark> mark = parseField(field.value(), message);
            if (mark.isPresent() && mark.get().authservId().equalsIgnoreCase(authservId)) {
                return mark;
            }
        }
        return Optional.empty();
    }

    /**
     * Reads the mark in the message's first header field, whatever its authserv-id. The receiving
     * server puts its mark above every other field, where no sender can write, so this reads the
     * mark of the host that stored the message without knowing that host's name.
     */
    public static Optional<AuthenticationMark> parseTopmost(MailMessage message) {
        List<HeaderField> fields = message.fields();
        if (fields.isEmpty() || fields.get(0).offset() != 0 || !fields.get(0).hasName(FIELD_NAME)) {
            return Optional.empty();
        }
        return parseField(fields.get(0).value(), message);
    }

    private static Optional<AuthenticationMark> parseField(String value, MailMessage message) {
        List<List<String>> segments = ResultsSyntax.segments(value);
        if (segments.isEmpty() || segments.get(0).isEmpty()) {
            return Optional.empty();
        }
        String authservId = segments.get(0).get(0);

        for (List<String> resinfo : segments.subList(1, segments.size())) {
            Map<String, String> properties = ResultsSyntax.properties(resinfo);
            String keyword = properties.get(METHOD);
            if (keyword == null) {
                continue;
            }
            return Optional.of(fromProperties(authservId, keyword, properties, message));
        }
        return Optional.empty();
    }

    private static AuthenticationMark fromProperties(String authservId, String keyword,
                                                     Map<String, String> properties, MailMessage message) {
        MarkResult result;
        try {
            result = MarkResult.fromKeyword(keyword);
        } catch (IllegalArgumentException unknownKeyword) {
            result = MarkResult.NONE;
        }

        long socket = -1;
        try {
            socket = Long.parseLong(properties.getOrDefault("policy.foreign-socket", "-1"));
        } catch (NumberFormatException invalidSocket) {
            // Stays -1: the socket is unknown.
        }

        String resender = properties.get("header.resent-from");
        boolean resent = resender != null;
        String signature = resent ? resender : properties.getOrDefault("header.from", "");
        String originalFrom = resent
                ? Signature.of(message).flatMap(Signature::originalFrom).map(MailAddress::mailbox).orElse("")
                : "";

        return new AuthenticationMark(result, authservId, properties.get("policy.foreign-host"), socket,
                signature, resent, resent ? resender : "", originalFrom, properties.get("reason"));
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
