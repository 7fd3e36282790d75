package org.rfc644.mailer.submission;

import java.util.List;

/**
 * SUBMIT (0x01), from sndmsg to the mailer: the envelope recipients and the whole message. The
 * submitter's identity is not in it: the mailer takes the uid from the kernel.
 *
 * @param recipients each {@code user@HOST} or {@code USER at HOST}
 * @param message the message octets, header and body, with any line endings
 */
public record SubmitRequest(List<String> recipients, byte[] message) implements SubmissionFrame {

    public static final int TYPE = 0x01;

    public SubmitRequest {
        recipients = List.copyOf(recipients);
    }
}
