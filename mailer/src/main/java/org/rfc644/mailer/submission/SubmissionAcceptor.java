package org.rfc644.mailer.submission;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.rfc644.mail.format.LineEndings;
import org.rfc644.mail.format.MailMessage;
import org.rfc644.mail.format.Signature;
import org.rfc644.mail.format.SignatureField;
import org.rfc644.mailer.EnvelopeAddress;
import org.rfc644.mailer.spool.RecipientState;
import org.rfc644.mailer.spool.Spool;
import org.rfc644.mailer.spool.SpoolEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether to queue a submission and queues it. This is where the mailer vouches for the
 * signature, the promise that RFC 644 requires of the sending host: a message is queued only when its
 * signature names the user that the kernel reported for the submitting process, at this host.
 */
public final class SubmissionAcceptor {

    private static final Logger LOG = LoggerFactory.getLogger(SubmissionAcceptor.class);

    private final Spool spool;
    private final LocalUsers users;
    private final String localHost;
    private final Clock clock;
    private final Consumer<SpoolEntry> onQueued;

    /**
     * @param localHost this host's name in the host table, the only host a signature may name
     * @param onQueued called with each entry once it is on disk, to schedule its delivery
     */
    public SubmissionAcceptor(Spool spool, LocalUsers users, String localHost, Clock clock,
                              Consumer<SpoolEntry> onQueued) {
        this.spool = spool;
        this.users = users;
        this.localHost = localHost;
        this.clock = clock;
        this.onQueued = onQueued;
    }

    /**
     * Checks a submission from {@code uid} and, when it passes, writes it to the spool.
     *
     * @throws SubmissionRejectedException with the reason and a message for the user
     */
    public AcceptedReply accept(int uid, SubmitRequest request) throws SubmissionRejectedException {
        String userName = userName(uid);
        List<EnvelopeAddress> recipients = parseRecipients(request.recipients());

        // Bare CR and bare LF become CRLF here, before the signature is read: the receiver then
        // parses exactly the bytes whose signature this check saw. NVT ASCII, which RFC 454's
        // MAIL and MLFL carry, ends every line with CRLF.
        if (request.message().length == 0) {
            throw new SubmissionRejectedException(RejectReason.INVALID_MESSAGE,
                    "the message is empty");
        }
        byte[] message = LineEndings.toCrlf(request.message());
        MailMessage parsed = MailMessage.parse(message);
        Signature signature = requireOwnSignature(parsed, userName, uid);

        Instant now = clock.instant();
        EnvelopeAddress sender = new EnvelopeAddress(userName, localHost);
        List<RecipientState> states = recipients.stream()
                .map(recipient -> RecipientState.fresh(recipient, now))
                .toList();
        SpoolEntry draft = new SpoolEntry("", messageId(parsed, signature), Optional.of(sender),
                uid, now, states);

        SpoolEntry entry;
        try {
            entry = spool.enqueue(draft, message);
        } catch (IOException e) {
            LOG.error("spooling a submission of uid {} failed", uid, e);
            throw new SubmissionRejectedException(RejectReason.SPOOL_FAILURE,
                    "the mailer could not write the message to its spool (" + e.getMessage()
                            + "); try again later");
        }
        LOG.info("submission queued: queue id {}, Message-ID {}, sender {} (uid {}),"
                        + " recipients {}, {} octets", entry.queueId(), entry.messageId(), sender,
                uid, recipients, message.length);
        onQueued.accept(entry);
        return new AcceptedReply(entry.queueId(), entry.messageId());
    }

    private String userName(int uid) throws SubmissionRejectedException {
        try {
            return users.nameOf(uid).orElseThrow(() -> new SubmissionRejectedException(
                    RejectReason.SENDER_MISMATCH, "uid " + uid + " has no user name in "
                    + LocalUsers.PASSWD + ", so no From can name it"));
        } catch (IOException e) {
            LOG.error("reading the user name of uid {} failed", uid, e);
            throw new SubmissionRejectedException(RejectReason.SPOOL_FAILURE,
                    "the mailer could not read the user database: " + e.getMessage());
        }
    }

    /** Parses the envelope recipients; a CR or LF in one is rejected, never passed on. */
    private static List<EnvelopeAddress> parseRecipients(List<String> texts)
            throws SubmissionRejectedException {
        if (texts.isEmpty()) {
            throw new SubmissionRejectedException(RejectReason.INVALID_RECIPIENT,
                    "no recipient given");
        }
        Set<EnvelopeAddress> recipients = new LinkedHashSet<>();
        for (String text : texts) {
            try {
                recipients.add(EnvelopeAddress.parse(text));
            } catch (IllegalArgumentException e) {
                throw new SubmissionRejectedException(RejectReason.INVALID_RECIPIENT,
                        e.getMessage());
            }
        }
        return new ArrayList<>(recipients);
    }

    /**
     * Requires the signature that the receiver will check (the newest Resent-From, else
     * Redistributed-By, else From) to name exactly one mailbox, {@code userName} at this host.
     */
    private Signature requireOwnSignature(MailMessage message, String userName, int uid)
            throws SubmissionRejectedException {
        Optional<Signature> found = Signature.of(message);
        if (found.isEmpty()) {
            throw new SubmissionRejectedException(RejectReason.SENDER_MISMATCH,
                    "the message has no From field; the mailer sends only mail signed by its"
                            + " sender, " + userName + "@" + localHost);
        }
        Signature signature = found.get();

        // A second mailbox in the signature, a second From field or a Sender naming someone else
        // would name a signer whom this check never compared with the submitter.
        if (signature.isAmbiguous()) {
            throw new SubmissionRejectedException(RejectReason.SENDER_MISMATCH, "the signature is ambiguous: "
                    + signature.ambiguity().get() + ". The mailer vouches only for a signature that names"
                    + " exactly one mailbox, yours (" + userName + "@" + localHost + "): write one "
                    + signature.field().fieldName() + " field with one address, and no Sender naming anyone else.");
        }

        boolean ownHost = signature.address().isAtHost(localHost);
        if (ownHost && signature.user().equals(userName)) {
            return signature;
        }

        String field = signature.field().fieldName();
        String hint = signature.field() == SignatureField.FROM
                ? " To send on a message that someone else wrote, use"
                + " `sndmsg --resend FILE RECIPIENT...`, which adds a Resent-From naming you."
                : " Resend it with `sndmsg --resend FILE RECIPIENT...`, which adds a Resent-From"
                + " naming you on top.";
        throw new SubmissionRejectedException(RejectReason.SENDER_MISMATCH, field + " names "
                + signature.mailbox() + ", but you are " + userName + " (uid " + uid + ") at "
                + localHost + ": the mailer vouches only for mail signed by its sender." + hint);
    }

    /** Returns the newest Resent-Message-ID of a resent message, else the Message-ID, else "". */
    private static String messageId(MailMessage message, Signature signature) {
        Optional<String> resentId = signature.field() == SignatureField.RESENT_FROM
                ? message.firstValue("Resent-Message-ID") : Optional.empty();
        return resentId.or(() -> message.firstValue("Message-ID")).orElse("");
    }
}
