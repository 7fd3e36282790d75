package org.rfc644.ftpserver.decision;

import org.rfc644.mail.format.MarkResult;

/**
 * The decision about one message.
 *
 * @param verdict authentic or not
 * @param markResult the RFC 8601 result written into the message: pass when authentic, none when
 *     the message has no signature, fail otherwise
 * @param reason the reason in words, such as "sent from unprivileged socket 1000 of HOST-A"
 */
public record Decision(Verdict verdict, MarkResult markResult, String reason) {

    public boolean isAuthentic() {
        return verdict == Verdict.AUTHENTIC;
    }
}
