package org.rfc644.mailer.submission;

/** The reason of a REJECTED reply, sent as its u8 code. */
public enum RejectReason {
    /** The frame could not be decoded. */
    MALFORMED(0),
    /** The signature (From or the newest Resent-From) names someone else than the submitter. */
    SENDER_MISMATCH(1),
    /** A recipient is not {@code user@HOST}, or contains CR, LF or another control character. */
    INVALID_RECIPIENT(2),
    /** The message has no header the mailer can read, or is empty. */
    INVALID_MESSAGE(3),
    /** The message is longer than the submission protocol carries. */
    TOO_LARGE(4),
    /** The spool could not store the message; trying later may succeed. */
    SPOOL_FAILURE(5);

    private final int code;

    RejectReason(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** Returns the reason of a code, or {@link #MALFORMED} for a code this version lacks. */
    public static RejectReason ofCode(int code) {
        for (RejectReason reason : values()) {
            if (reason.code == code) {
                return reason;
            }
        }
        return MALFORMED;
    }
}
