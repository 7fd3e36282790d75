package org.rfc644.mailer.submission;

/** A submission that the mailer rejected; the message gives the reason and what to do. */
public class SubmissionRejectedException extends Exception {

    private final RejectReason reason;

    public SubmissionRejectedException(RejectReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public RejectReason reason() {
        return reason;
    }
}
