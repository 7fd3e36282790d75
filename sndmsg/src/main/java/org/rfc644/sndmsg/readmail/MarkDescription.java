package org.rfc644.sndmsg.readmail;

import java.nio.file.Path;
import java.util.Optional;
import org.rfc644.mail.format.AuthenticationMark;
import org.rfc644.mail.format.MarkResult;

/** The words readmail shows for a message's authentication mark. */
final class MarkDescription {

    private MarkDescription() {
    }

    /**
     * Returns one line that starts with AUTHENTIC, AUTHENTIC BY HOST ONLY or NOT AUTHENTICATED,
     * followed by the host and the reason and, for a resent message, who resent it.
     */
    static String describe(Optional<AuthenticationMark> mark, DistrustedHosts distrusted) {
        if (mark.isEmpty()) {
            return "NOT AUTHENTICATED (the message carries no authentication mark from the receiving host)";
        }
        AuthenticationMark found = mark.get();
        if (found.result() != MarkResult.PASS) {
            String words = "NOT AUTHENTICATED (" + failureReason(found) + ")";
            return found.resent() ? words + "; resent by " + found.resender() + " (not vouched for either)" : words;
        }

        String origin = "ICP from mail socket " + found.foreignSocket();
        Optional<Path> distrustedIn = distrusted.listedIn(found.foreignHost());
        String words = distrustedIn.isPresent()
                ? "AUTHENTIC BY " + found.foreignHost() + " ONLY (" + origin + ")"
                : "AUTHENTIC (" + found.foreignHost() + ": " + origin + ")";
        if (found.resent()) {
            words += "; RESENT by " + found.resender() + ", the original From "
                    + (found.originalFrom().isEmpty() ? "(none)" : found.originalFrom()) + " is NOT vouched for";
        }
        if (distrustedIn.isPresent()) {
            words += "; WARNING: " + found.foreignHost() + " is not trusted (listed in " + distrustedIn.get()
                    + "), so the signature is only as good as that host's guard of its mail sockets";
        }
        return words;
    }

    private static String failureReason(AuthenticationMark mark) {
        if (!mark.reason().isEmpty()) {
            return mark.reason();
        }
        return "sent from socket " + mark.foreignSocket() + " of " + mark.foreignHost();
    }
}
