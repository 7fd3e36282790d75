package org.rfc644.ftpserver.delivery;

import java.util.List;
import org.rfc644.ftpserver.decision.Decision;

/**
 * What became of one received message.
 *
 * @param status stored, rejected, or failed
 * @param decision the RFC 644 decision about the message
 * @param detail the reason of a rejection or failure, in words; empty when stored
 * @param stored the recipients in whose Maildir the message was stored now
 * @param duplicates the recipients who had received this Message-ID from this host within the
 *     duplicate window, and for whom it was not stored again
 */
public record DeliveryResult(Status status, Decision decision, String detail, List<String> stored,
                             List<String> duplicates) {

    public DeliveryResult {
        stored = List.copyOf(stored);
        duplicates = List.copyOf(duplicates);
    }

    /** The outcome, each with the reply the session sends. */
    public enum Status {
        /** Stored for every recipient (or already stored, for duplicates): success reply. */
        STORED,
        /** NOT AUTHENTICATED and the policy rejects such mail: 451 with the reason. */
        REJECTED,
        /** A recipient has no mailbox: 450. */
        UNKNOWN_USER,
        /** The disk is full: 453, try again later. */
        INSUFFICIENT_STORAGE,
        /** Any other I/O error: 455, try again later. */
        FILE_SYSTEM_ERROR
    }
}
