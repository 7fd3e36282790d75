package org.rfc644.mailer.spool;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.rfc644.mailer.EnvelopeAddress;

/**
 * The text form of an envelope file: one field a line, a keyword, a tab and the value. Each
 * recipient line contains four tab-separated values: the address, the failed attempts, the next
 * attempt (ISO-8601 instant) and the last error.
 *
 * <pre>
 * spool-version	1
 * queue-id	mfz0k2ab-3f9a1c
 * message-id	&lt;12@HOST-A&gt;
 * sender	alice@HOST-A
 * sender-uid	1003
 * submitted	2026-12-04T20:21:00Z
 * recipient	bob@HOST-B	2	2026-12-04T20:31:00Z	451 mailbox busy
 * </pre>
 */
final class EnvelopeFormat {

    static final int VERSION = 1;

    /** The value of {@code sender} for a failure notice, which has no sender to notify. */
    private static final String NO_SENDER = "<>";

    private EnvelopeFormat() {
    }

    static byte[] encode(SpoolEntry entry) {
        StringBuilder out = new StringBuilder();
        line(out, "spool-version", Integer.toString(VERSION));
        line(out, "queue-id", entry.queueId());
        line(out, "message-id", entry.messageId());
        line(out, "sender", entry.sender().map(EnvelopeAddress::toString).orElse(NO_SENDER));
        line(out, "sender-uid", Integer.toString(entry.senderUid()));
        line(out, "submitted", entry.submitted().toString());
        for (RecipientState recipient : entry.recipients()) {
            out.append("recipient\t").append(recipient.address())
                    .append('\t').append(recipient.attempts())
                    .append('\t').append(recipient.nextAttempt())
                    .append('\t').append(sanitize(recipient.lastError())).append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Parses an envelope file; {@code source} names it in error messages. */
    static SpoolEntry decode(byte[] bytes, String source) throws SpoolException {
        String queueId = null;
        String messageId = "";
        Optional<EnvelopeAddress> sender = Optional.empty();
        int senderUid = -1;
        Instant submitted = null;
        List<RecipientState> recipients = new ArrayList<>();
        boolean versionSeen = false;

        String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isEmpty()) {
                continue;
            }
            String where = source + " line " + (i + 1);
            int tab = lines[i].indexOf('\t');
            if (tab < 0) {
                throw new SpoolException(where + ": expected KEYWORD<tab>VALUE");
            }
            String value = lines[i].substring(tab + 1);
            try {
                switch (lines[i].substring(0, tab)) {
                    case "spool-version" -> {
                        if (!value.equals(Integer.toString(VERSION))) {
                            throw new SpoolException(where + ": spool version " + value
                                    + " is not the supported version " + VERSION);
                        }
                        versionSeen = true;
                    }
                    case "queue-id" -> queueId = value;
                    case "message-id" -> messageId = value;
                    case "sender" -> sender = value.equals(NO_SENDER)
                            ? Optional.empty() : Optional.of(EnvelopeAddress.parse(value));
                    case "sender-uid" -> senderUid = Integer.parseInt(value);
                    case "submitted" -> submitted = Instant.parse(value);
                    case "recipient" -> recipients.add(decodeRecipient(value, where));
                    default -> throw new SpoolException(where + ": unknown keyword \""
                            + lines[i].substring(0, tab) + "\"");
                }
            } catch (IllegalArgumentException | DateTimeParseException e) {
                throw new SpoolException(where + ": " + e.getMessage());
            }
        }

        if (!versionSeen || queueId == null || submitted == null) {
            throw new SpoolException(source + ": missing spool-version, queue-id or submitted");
        }
        return new SpoolEntry(queueId, messageId, sender, senderUid, submitted, recipients);
    }

    /** Removes the line breaks and tabs that would break the line format from an error text. */
    static String sanitize(String text) {
        return text.replaceAll("[\\r\\n\\t]+", " ").strip();
    }

    private static RecipientState decodeRecipient(String value, String where)
            throws SpoolException {
        String[] fields = value.split("\t", 4);
        if (fields.length != 4) {
            throw new SpoolException(where + ": expected ADDRESS, ATTEMPTS, NEXT and ERROR");
        }
        return new RecipientState(EnvelopeAddress.parse(fields[0]), Integer.parseInt(fields[1]),
                Instant.parse(fields[2]), fields[3]);
    }

    private static void line(StringBuilder out, String keyword, String value) {
        out.append(keyword).append('\t').append(sanitize(value)).append('\n');
    }
}
