package org.rfc644.mailer.delivery;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import org.rfc644.mail.format.MailMessage;
import org.rfc644.mail.format.MessageBuilder;
import org.rfc644.mailer.EnvelopeAddress;
import org.rfc644.mailer.spool.RecipientState;
import org.rfc644.mailer.spool.Spool;
import org.rfc644.mailer.spool.SpoolEntry;

/**
 * The message that informs a sender that mail to a recipient failed for good, with the reason and
 * the header of the failed message. It goes to the sender's own mailbox on this host, through
 * this host's ftp-server like any other mail, signed by the mailer's own user.
 */
public final class FailureNotice {

    private final String mailerUser;
    private final String localHost;
    private final Clock clock;

    /**
     * @param mailerUser the OS user the mailer runs as, which signs the notice
     * @param localHost this host's name
     */
    public FailureNotice(String mailerUser, String localHost, Clock clock) {
        this.mailerUser = mailerUser;
        this.localHost = localHost;
        this.clock = clock;
    }

    /** Builds the notice about {@code recipient} of {@code failed} and writes it to the spool. */
    public SpoolEntry queue(Spool spool, SpoolEntry failed, RecipientState recipient,
                            String reason, byte[] originalMessage) throws IOException {
        EnvelopeAddress sender = failed.sender().orElseThrow(() ->
                new IllegalArgumentException("queue id " + failed.queueId() + " has no sender"));
        String messageId = messageId(failed, recipient.address());
        byte[] message = new MessageBuilder()
                .from(mailerUser + "@" + localHost)
                .to(sender.toString())
                .subject("Undeliverable mail to " + recipient.address())
                .date(ZonedDateTime.now(clock))
                .messageId(messageId)
                .body(body(failed, recipient, reason, originalMessage))
                .build();

        Instant now = clock.instant();
        SpoolEntry draft = new SpoolEntry("", messageId, Optional.empty(), -1, now,
                List.of(RecipientState.fresh(sender, now)));
        return spool.enqueue(draft, message);
    }

    /**
     * Returns the same Message-ID for the same failed recipient every time, so that a notice
     * queued twice (a crash between queuing it and removing the recipient) is stored once.
     */
    String messageId(SpoolEntry failed, EnvelopeAddress recipient) {
        String local = failed.queueId() + "." + recipient.user() + "%" + recipient.host();
        return "<failure." + local.replaceAll("[^A-Za-z0-9._%-]", "_") + "@" + localHost + ">";
    }

    private static byte[] body(SpoolEntry failed, RecipientState recipient, String reason,
                               byte[] originalMessage) {
        String text = "Your message could not be delivered to " + recipient.address() + ".\r\n"
                + "\r\n"
                + "Reason: " + reason + "\r\n"
                + "Queue id: " + failed.queueId() + "\r\n"
                + "Message-ID: " + failed.messageId() + "\r\n"
                + "Submitted: " + failed.submitted() + "\r\n"
                + "Attempts: " + recipient.attempts() + "\r\n"
                + "\r\n"
                + "The header of your message follows.\r\n"
                + "\r\n";
        MailMessage original = MailMessage.parse(originalMessage);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        out.write(originalMessage, 0, original.headerEnd());
        return out.toByteArray();
    }
}
