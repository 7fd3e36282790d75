package org.rfc644.it.probe;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.rfc644.mailer.submission.AcceptedReply;
import org.rfc644.mailer.submission.SubmissionClient;
import org.rfc644.mailer.submission.SubmissionRejectedException;
import org.slf4j.LoggerFactory;

/**
 * Hands the mailer the message on standard input, exactly as written, for the recipients on the
 * command line: a submission that bypasses sndmsg, so that its header can name anyone. Runs inside
 * a host container; prints "probe: accepted QUEUE-ID MESSAGE-ID" and exits with 0, or prints
 * "probe: rejected REASON: message" and exits with 1.
 */
public final class RawSubmission {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private RawSubmission() {
    }

    public static void main(String[] args) throws IOException {
        // Without a configuration file logback logs everything to standard output, where the
        // test reads this probe's result lines.
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);

        byte[] message = System.in.readAllBytes();
        try {
            AcceptedReply reply = SubmissionClient.submit(SubmissionClient.DEFAULT_SOCKET, List.of(args), message,
                    TIMEOUT);
            System.out.println("probe: accepted " + reply.queueId() + " " + reply.messageId());
            System.exit(0);
        } catch (SubmissionRejectedException rejected) {
            System.out.println("probe: rejected " + rejected.reason() + ": " + rejected.getMessage());
            System.exit(1);
        }
    }
}
