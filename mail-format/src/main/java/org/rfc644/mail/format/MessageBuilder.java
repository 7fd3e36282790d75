package org.rfc644.mail.format;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Builds a new message in RFC 822 form with CRLF line endings: From, To, Cc, Subject, Date and
 * Message-ID, an empty line and the body. Every header value is checked with
 * {@link HeaderValues#requireSingleLine}; address lists are folded after commas to keep lines
 * short.
 */
public final class MessageBuilder {

    /** RFC 822 section 5 date-time, with a four-digit year and a numeric zone as RFC 5322 prefers. */
    public static final DateTimeFormatter DATE_FORMAT =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT);

    private static final SecureRandom RANDOM = new SecureRandom();

    private String from;
    private final List<String> to = new ArrayList<>();
    private final List<String> cc = new ArrayList<>();
    private String subject;
    private ZonedDateTime date;
    private String messageId;
    private byte[] body = new byte[0];

    /** Sets the From value, for example {@code alice@HOST-A} or {@code Alice <alice@HOST-A>}. */
    public MessageBuilder from(String value) {
        this.from = HeaderValues.requireSingleLine("From", value);
        return this;
    }

    /** Adds a To recipient. */
    public MessageBuilder to(String recipient) {
        to.add(HeaderValues.requireSingleLine("recipient", recipient));
        return this;
    }

    /** Adds To recipients. */
    public MessageBuilder to(List<String> recipients) {
        recipients.forEach(this::to);
        return this;
    }

    /** Adds a Cc recipient. */
    public MessageBuilder cc(String recipient) {
        cc.add(HeaderValues.requireSingleLine("Cc recipient", recipient));
        return this;
    }

    /** Adds Cc recipients. */
    public MessageBuilder cc(List<String> recipients) {
        recipients.forEach(this::cc);
        return this;
    }

    /** Sets the Subject; an empty or null subject writes no Subject field. */
    public MessageBuilder subject(String value) {
        this.subject = value == null ? null : HeaderValues.requireSingleLine("subject", value);
        return this;
    }

    /** Sets the Date. */
    public MessageBuilder date(ZonedDateTime value) {
        this.date = value;
        return this;
    }

    /** Sets the Message-ID, angle brackets included, as {@link #newMessageId} returns it. */
    public MessageBuilder messageId(String value) {
        this.messageId = HeaderValues.requireSingleLine("Message-ID", value);
        return this;
    }

    /** Sets the body; bare CR and bare LF become CRLF. */
    public MessageBuilder body(byte[] value) {
        this.body = LineEndings.toCrlf(value);
        return this;
    }

    /** Sets the body from text, encoded as UTF-8; bare CR and bare LF become CRLF. */
    public MessageBuilder body(String value) {
        return body(value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Returns the message bytes.
     *
     * @throws IllegalStateException when From, Date, Message-ID or every recipient is missing
     */
    public byte[] build() {
        Objects.requireNonNull(from, "From is missing");
        Objects.requireNonNull(date, "Date is missing");
        Objects.requireNonNull(messageId, "Message-ID is missing");
        if (to.isEmpty() && cc.isEmpty()) {
            throw new IllegalStateException("no recipient: add at least one To or Cc");
        }

        StringBuilder header = new StringBuilder();
        header.append(field("From", from));
        if (!to.isEmpty()) {
            header.append(listField("To", to));
        }
        if (!cc.isEmpty()) {
            header.append(listField("Cc", cc));
        }
        if (subject != null && !subject.isEmpty()) {
            header.append(field("Subject", subject));
        }
        header.append(field("Date", DATE_FORMAT.format(date)));
        header.append(field("Message-ID", messageId));
        header.append("\r\n");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(body);
        return out.toByteArray();
    }

    /**
     * Returns a new Message-ID {@code <time.random@host>}: the time in milliseconds and 64 random
     * bits make it unique without any shared state.
     */
    public static String newMessageId(String host) {
        return "<" + System.currentTimeMillis() + "." + Long.toUnsignedString(RANDOM.nextLong(), 36)
                + "@" + HeaderValues.requireSingleLine("host", host) + ">";
    }

    static String field(String name, String value) {
        return name + ": " + value + "\r\n";
    }

    /** Writes {@code values} separated by commas, starting a continuation line where one would pass 77. */
    static String listField(String name, List<String> values) {
        StringBuilder out = new StringBuilder(name).append(':');
        int lineLength = out.length();
        for (int i = 0; i < values.size(); i++) {
            String item = values.get(i) + (i + 1 < values.size() ? "," : "");
            if (i > 0 && lineLength + 1 + item.length() > AuthenticationMark.MAX_LINE) {
                out.append("\r\n");
                lineLength = 0;
            }
            out.append(' ').append(item);
            lineLength += 1 + item.length();
        }
        return out.append("\r\n").toString();
    }
}
