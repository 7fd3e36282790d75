package org.rfc644.sndmsg;

import java.util.List;

/** A new message as the user wrote it: recipients, subject and body. */
record Draft(List<String> to, List<String> cc, String subject, byte[] body) {

    Draft {
        to = List.copyOf(to);
        cc = List.copyOf(cc);
    }
}
