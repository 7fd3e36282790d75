package org.rfc644.sndmsg;

import java.time.ZonedDateTime;
import java.util.List;
import org.rfc644.mail.format.MessageBuilder;
import org.rfc644.mail.format.ResentBlock;

/** Builds the messages that sndmsg sends, signed by the invoking user at this host. */
final class MessageComposer {

    private final String signature;
    private final String localHost;

    /**
     * @param userName the invoking OS user
     * @param localHost this host's name, as the NCP daemon reports it
     */
    MessageComposer(String userName, String localHost) {
        this.signature = userName + "@" + localHost;
        this.localHost = localHost;
    }

    /**
     * Builds a new message: From, To, Cc, Subject, Date, Message-ID and the body.
     *
     * @throws IllegalArgumentException when a recipient or the subject contains CR or LF
     */
    byte[] compose(Draft draft, ZonedDateTime now) {
        return new MessageBuilder()
                .from(signature)
                .to(draft.to())
                .cc(draft.cc())
                .subject(draft.subject())
                .date(now)
                .messageId(MessageBuilder.newMessageId(localHost))
                .body(draft.body())
                .build();
    }

    /**
     * Returns {@code original} unchanged below a new Resent-From, Resent-Date, Resent-To and
     * Resent-Message-ID block that names the invoking user.
     */
    byte[] resend(byte[] original, List<String> recipients, ZonedDateTime now) {
        return ResentBlock.prepend(original, signature, recipients, now,
                MessageBuilder.newMessageId(localHost));
    }
}
