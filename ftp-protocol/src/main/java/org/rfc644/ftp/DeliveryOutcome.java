package org.rfc644.ftp;

import java.util.Set;

/**
 * The result of delivering one message to one recipient with MLFL or MAIL.
 *
 * @param recipient the user at the server host
 * @param status delivered, temporary failure (try again later) or permanent failure
 * @param command the command that carried the message: {@code MLFL} or {@code MAIL}
 * @param reply the server's last reply about the message
 */
public record DeliveryOutcome(String recipient, Status status, String command, FtpReply reply) {

    /** The delivery state of the message. */
    public enum Status {
        /** The server stored the message: 252 after MLFL or 256 after MAIL. */
        DELIVERED,
        /** The server could not store it now (storage, data connection, load): try again later. */
        TEMPORARY_FAILURE,
        /** The server will never accept it (no such user, not authenticated, syntax): return it. */
        PERMANENT_FAILURE
    }

    /**
     * The 4xx codes that will not change on a retry: logon, user and account refusals, file not
     * found (no such mailbox), access denied, and transfer parameters in error. Every other 4xx
     * reply (RFC 454: "the request is correctly specified but the server is unsuccessful") is a
     * temporary failure.
     */
    private static final Set<Integer> PERMANENT_4XX = Set.of(
            ReplyCode.LOGON_UNSUCCESSFUL.code(), ReplyCode.USER_NOT_VALID_FOR_SERVICE.code(),
            ReplyCode.ACCOUNT_REQUIRED.code(), ReplyCode.FILE_NOT_FOUND.code(), ReplyCode.ACCESS_DENIED.code(),
            ReplyCode.NAME_DUPLICATION.code(), ReplyCode.TRANSFER_PARAMETERS_IN_ERROR.code());

    /** Classifies a final reply that is not the expected success reply of {@code command}. */
    static DeliveryOutcome failure(String recipient, String command, FtpReply reply) {
        boolean temporary = reply.kind() == 4 && !PERMANENT_4XX.contains(reply.code());
        return new DeliveryOutcome(recipient, temporary ? Status.TEMPORARY_FAILURE : Status.PERMANENT_FAILURE,
                command, reply);
    }

    public boolean isDelivered() {
        return status == Status.DELIVERED;
    }

    @Override
    public String toString() {
        return recipient + ": " + status + " after " + command + ", server replied " + reply;
    }
}
