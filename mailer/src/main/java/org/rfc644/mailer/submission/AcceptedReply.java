package org.rfc644.mailer.submission;

/**
 * ACCEPTED (0x81), from the mailer: the message is in the spool, on disk.
 *
 * @param queueId the spool's name for the message, as {@code mailer --queue} lists it
 * @param messageId the Message-ID that the mailer logs for it, or {@code ""}
 */
public record AcceptedReply(String queueId, String messageId) implements SubmissionFrame {

    public static final int TYPE = 0x81;
}
