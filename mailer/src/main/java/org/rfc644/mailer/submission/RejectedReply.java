package org.rfc644.mailer.submission;

/** REJECTED (0x82), from the mailer: the message was not queued, for {@code reason}. */
public record RejectedReply(RejectReason reason, String message) implements SubmissionFrame {

    public static final int TYPE = 0x82;
}
