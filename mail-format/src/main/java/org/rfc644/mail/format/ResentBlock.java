package org.rfc644.mail.format;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.util.List;

/** The block of Resent- fields that a resender adds on top of a message (RFC 822 section 4.2). */
public final class ResentBlock {

    private ResentBlock() {
    }

    /**
     * Returns Resent-From, Resent-Date, Resent-To and Resent-Message-ID fields, each ending in CRLF,
     * followed by {@code message} unchanged.
     *
     * @throws IllegalArgumentException when a value contains CR or LF, or {@code resentTo} is empty
     */
    public static byte[] prepend(byte[] message, String resentFrom, List<String> resentTo, ZonedDateTime date,
                                 String messageId) {
        if (resentTo.isEmpty()) {
            throw new IllegalArgumentException("no Resent-To recipient");
        }
        for (String recipient : resentTo) {
            HeaderValues.requireSingleLine("Resent-To recipient", recipient);
        }

        String block = MessageBuilder.field("Resent-From", HeaderValues.requireSingleLine("Resent-From", resentFrom))
                + MessageBuilder.field("Resent-Date", MessageBuilder.DATE_FORMAT.format(date))
                + MessageBuilder.listField("Resent-To", resentTo)
                + MessageBuilder.field("Resent-Message-ID", HeaderValues.requireSingleLine("Resent-Message-ID", messageId));

        byte[] blockBytes = block.getBytes(StandardCharsets.UTF_8);
        byte[] result = new byte[blockBytes.length + message.length];
        System.arraycopy(blockBytes, 0, result, 0, blockBytes.length);
        System.arraycopy(message, 0, result, blockBytes.length, message.length);
        return result;
    }
}
