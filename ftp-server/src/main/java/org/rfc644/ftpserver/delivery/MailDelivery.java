package org.rfc644.ftpserver.delivery;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.rfc644.ftpserver.UnauthenticatedMailPolicy;
import org.rfc644.ftpserver.decision.AuthenticationRule;
import org.rfc644.ftpserver.decision.Decision;
import org.rfc644.ftpserver.decision.TransferOrigin;
import org.rfc644.mail.format.AuthenticationMark;
import org.rfc644.mail.format.AuthenticationResults;
import org.rfc644.mail.format.MailMessage;
import org.rfc644.mail.format.Signature;
import org.rfc644.maildir.DuplicateLedger;
import org.rfc644.maildir.Maildir;
import org.rfc644.maildir.PasswdFile;
import org.rfc644.maildir.PreparedMessage;
import org.rfc644.maildir.UnknownUserException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides about each received message, marks it and stores it for its recipients. Shared by all
 * sessions of the server.
 */
public final class MailDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(MailDelivery.class);

    /** Serializes the duplicate check and the store of one (host, Message-ID, recipient) triple. */
    private static final int LOCK_STRIPES = 64;

    private final Maildir maildir;
    private final PasswdFile passwd;
    private final DuplicateLedger ledger;
    private final UnauthenticatedMailPolicy policy;
    private final String authservId;
    private final Object[] locks = new Object[LOCK_STRIPES];

    /**
     * @param authservId this host's name, written as the authserv-id of the mark; marks that
     *     arriving mail already carries under this name are forged and removed
     */
    public MailDelivery(Maildir maildir, PasswdFile passwd, DuplicateLedger ledger,
                        UnauthenticatedMailPolicy policy, String authservId) {
        this.maildir = maildir;
        this.passwd = passwd;
        this.ledger = ledger;
        this.policy = policy;
        this.authservId = authservId;
        for (int i = 0; i < LOCK_STRIPES; i++) {
            locks[i] = new Object();
        }
    }

    /**
     * Returns whether MAIL and MLFL accept {@code user} as a recipient: a Maildir exists for the name
     * or its lower-case form, or the name has an account. An account without a Maildir passes here,
     * and {@link #deliver} then returns the permanent failure {@code UNKNOWN_USER} for it.
     */
    public boolean isKnownUser(String user) {
        for (String candidate : new String[] {user, user.toLowerCase(Locale.ROOT)}) {
            try {
                if (Files.isDirectory(maildir.directoryOf(candidate)) || passwd.byName(candidate).isPresent()) {
                    return true;
                }
            } catch (UnknownUserException invalidName) {
                return false;
            } catch (IOException e) {
                LOG.error("reading the passwd file to look up user {} failed: {}", candidate, e.toString());
            }
        }
        return false;
    }

    /**
     * Decides about {@code message}, removes every Authentication-Results field that claims this
     * host's name, puts this host's mark on top and stores the result for every recipient; each
     * copy is on disk before this method returns.
     */
    public DeliveryResult deliver(byte[] message, List<String> recipients, TransferOrigin origin,
                                  AuthenticationRule rule) {
        MailMessage parsed = MailMessage.parse(message);
        Optional<Signature> signature = Signature.of(parsed);
        Decision decision = rule.decide(origin, signature);
        String messageId = parsed.firstValue("Message-ID").map(String::strip).orElse("");

        DeliveryResult result;
        if (!decision.isAuthentic() && policy == UnauthenticatedMailPolicy.REJECT) {
            result = new DeliveryResult(DeliveryResult.Status.REJECTED, decision, decision.reason(), List.of(), List.of());
        } else {
            AuthenticationMark mark = AuthenticationMark.of(decision.markResult(), authservId, origin.icpHostName(),
                    origin.icpSocket(), signature, decision.reason());
            byte[] marked = AuthenticationResults.prepend(AuthenticationResults.removeClaimsOf(message, authservId), mark);
            result = store(marked, recipients, origin.icpHostName(), messageId, decision);
        }

        LOG.info("message from {} socket {} (TELNET from sockets {} and {}, data from {}): recipients {}, {} ({}),"
                        + " Message-ID {}, {} bytes: {} stored {} duplicates {}{}",
                origin.icpHostName(), origin.icpSocket(), origin.commandSender().socket(),
                origin.replyReceiver().socket(),
                origin.dataSender().map(data -> "socket " + data.socket()).orElse("the TELNET connection (MAIL)"),
                recipients, decision.verdict(), decision.reason(), messageId.isEmpty() ? "(none)" : messageId,
                message.length, result.status(), result.stored(), result.duplicates(),
                result.detail().isEmpty() ? "" : ": " + result.detail());
        return result;
    }

    private DeliveryResult store(byte[] marked, List<String> recipients, String host, String messageId,
                                 Decision decision) {
        List<String> stored = new ArrayList<>();
        List<String> duplicates = new ArrayList<>();
        for (String recipient : recipients) {
            synchronized (lockFor(host, messageId, recipient)) {
                try {
                    // A mailer that lost the success reply sends again; the ledger keeps it from being stored twice.
                    if (isStored(host, messageId, recipient)) {
                        duplicates.add(recipient);
                        continue;
                    }

                    // The ledger names the file before new/ lists it. A crash in between leaves an entry whose
                    // file is missing, and the mailer's next attempt is stored: once, never twice.
                    PreparedMessage prepared = maildir.prepare(recipient, marked);
                    recordDelivery(host, messageId, recipient, prepared.fileName());
                    maildir.commit(prepared);
                    stored.add(recipient);
                } catch (UnknownUserException unknown) {
                    return new DeliveryResult(DeliveryResult.Status.UNKNOWN_USER, decision,
                            unknown.getMessage(), stored, duplicates);
                } catch (IOException e) {
                    LOG.error("storing the message from {} for {} failed: {}", host, recipient, e.toString());
                    DeliveryResult.Status status = isDiskFull(e)
                            ? DeliveryResult.Status.INSUFFICIENT_STORAGE : DeliveryResult.Status.FILE_SYSTEM_ERROR;
                    return new DeliveryResult(status, decision, "storing the message for " + recipient + " failed",
                            stored, duplicates);
                }
            }
        }
        return new DeliveryResult(DeliveryResult.Status.STORED, decision, "", stored, duplicates);
    }

    /**
     * Returns true when the ledger recorded the triple and the recipient's maildir still lists its
     * file. A line without a file name, written by an older version, counts as stored.
     * NOTE: a message that the recipient deleted before the mailer's next attempt is stored again.
     */
    private boolean isStored(String host, String messageId, String recipient) throws IOException {
        Optional<String> fileName = ledger.recordedFile(host, messageId, recipient);
        if (fileName.isEmpty()) {
            return false;
        }
        return fileName.get().isEmpty() || maildir.holds(recipient, fileName.get());
    }

    /** Records a copy about to be stored; a failure is logged only, and the message is stored anyway. */
    private void recordDelivery(String host, String messageId, String recipient, String fileName) {
        try {
            ledger.record(host, messageId, recipient, fileName);
        } catch (IOException e) {
            LOG.error("recording Message-ID {} from {} for {} in the duplicate ledger failed;"
                    + " a repeated delivery would be stored again: {}", messageId, host, recipient, e.toString());
        }
    }

    private Object lockFor(String host, String messageId, String recipient) {
        int hash = (host.toLowerCase(Locale.ROOT) + " " + messageId + " " + recipient.toLowerCase(Locale.ROOT)).hashCode();
        return locks[Math.floorMod(hash, LOCK_STRIPES)];
    }

    private static boolean isDiskFull(IOException e) {
        String message = String.valueOf(e.getMessage());
        return message.contains("No space left on device") || message.contains("Disk quota exceeded");
    }
}
