package org.rfc644.sndmsg;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.rfc644.mailer.DurationConverter;
import org.rfc644.mailer.EnvelopeAddress;
import org.rfc644.mailer.FileErrors;
import org.rfc644.mailer.submission.AcceptedReply;
import org.rfc644.mailer.submission.RejectReason;
import org.rfc644.mailer.submission.SubmissionClient;
import org.rfc644.mailer.submission.SubmissionRejectedException;
import org.rfc644.ncp.client.NcpClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The {@code sndmsg} command line: sends a message as the invoking user. */
@Command(name = "sndmsg", mixinStandardHelpOptions = true, versionProvider = SndmsgVersion.class,
        sortOptions = false,
        description = {
            "Send a message signed by you (the OS user running this) at this host, through the"
                    + " local mailer, which delivers it so that receivers mark it AUTHENTIC.",
            "The body is read from standard input. On a terminal with no recipient, sndmsg"
                    + " prompts for To, cc, Subject and the text, as TENEX's SNDMSG did.",
            "Recipients are written user@HOST or USER at HOST."},
        exitCodeListHeading = "Exit status:%n",
        exitCodeList = {
            "0:the mailer has the message on disk (with --direct: every server stored it)",
            "1:the message was rejected or a recipient failed",
            "2:invalid command line",
            "75:temporary failure (mailer or daemon unreachable, spool error); try again"})
public final class SndmsgCommand implements Callable<Integer> {

    static final int EXIT_REJECTED = 1;
    static final int EXIT_TEMPORARY_FAILURE = 75;

    private static final String LOGBACK_CONFIGURATION = "logback.configurationFile";

    @Option(names = {"-s", "--subject"}, paramLabel = "SUBJECT", description = "Subject line.")
    String subject;

    @Option(names = {"-c", "--cc"}, paramLabel = "CC",
            description = "Carbon copy recipient; repeat the option for several.")
    List<String> cc = new ArrayList<>();

    @Option(names = "--resend", paramLabel = "FILE",
            description = "Send the message in FILE on unchanged, with a Resent-From, Resent-Date,"
                    + " Resent-To and Resent-Message-ID block naming you added on top.")
    Path resendFile;

    @Option(names = "--direct",
            description = "Deliver straight to each recipient's ftp-server from ordinary sockets,"
                    + " without the mailer; receivers mark such mail NOT AUTHENTICATED or"
                    + " refuse it. Prints the servers' replies.")
    boolean direct;

    @Option(names = "--socket", paramLabel = "PATH", defaultValue = "/run/ncp/ncp.sock",
            description = "The NCP daemon's local API socket (default: ${DEFAULT-VALUE}).")
    Path daemonSocket;

    @Option(names = "--submit-socket", paramLabel = "PATH",
            defaultValue = "/run/mailer/submit.sock",
            description = "The mailer's submission socket (default: ${DEFAULT-VALUE}).")
    Path submitSocket;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s",
            converter = DurationConverter.class,
            description = "Maximum wait for the mailer's reply, or with --direct for each ICP,"
                    + " reply and data connection (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Parameters(paramLabel = "RECIPIENT", arity = "0..*",
            description = "Recipients: user@HOST or USER at HOST.")
    List<String> recipientWords = new ArrayList<>();

    /** Runs sndmsg with its own log configuration and exits with its status. */
    public static void main(String[] args) {
        // logback reads its configuration when the first logger is created, so this comes
        // first. Naming the file also stops logback from searching the class path for
        // logback.xml, because two copies there make it print its status on standard output.
        if (System.getProperty(LOGBACK_CONFIGURATION) == null) {
            System.setProperty(LOGBACK_CONFIGURATION, "org/rfc644/sndmsg/logback-sndmsg.xml");
        }
        System.exit(new CommandLine(new SndmsgCommand())
                .setExecutionExceptionHandler(SndmsgCommand::reportFailure)
                .execute(args));
    }

    /**
     * Prints a failure as one line: an I/O failure may pass, anything else will not. The
     * messages of this program's exceptions state what failed. Any other exception is a bug,
     * shown by its class and message.
     */
    private static int reportFailure(Exception failure, CommandLine commandLine,
                                     CommandLine.ParseResult parseResult) {
        if (failure instanceof IOException) {
            commandLine.getErr().println("sndmsg: " + failure.getMessage());
            return EXIT_TEMPORARY_FAILURE;
        }
        commandLine.getErr().println("sndmsg: internal error: " + failure);
        return EXIT_REJECTED;
    }

    @Override
    public Integer call() throws IOException {
        InvokingUser user = InvokingUser.fromKernel();
        try (NcpClient client = NcpClient.connect(daemonSocket)) {
            String localHost = client.localHost().name();
            MessageComposer composer = new MessageComposer(user.name(), localHost);
            Outgoing outgoing = outgoing(composer);
            List<EnvelopeAddress> envelope = parseRecipients(outgoing.recipients());

            if (direct) {
                boolean delivered = new DirectSender(client, timeout, System.out)
                        .send(envelope, outgoing.message());
                return delivered ? 0 : EXIT_REJECTED;
            }
            return submit(outgoing);
        }
    }

    /** The message to send and its envelope recipients. */
    private record Outgoing(List<String> recipients, byte[] message) {
    }

    private Outgoing outgoing(MessageComposer composer) throws IOException {
        List<String> recipients = RecipientArguments.fromArguments(recipientWords);
        ZonedDateTime now = ZonedDateTime.now();

        if (resendFile != null) {
            requireRecipients(recipients);
            byte[] original = readResendFile();
            return new Outgoing(recipients, composer.resend(original, recipients, now));
        }

        Draft draft;
        if (recipients.isEmpty() && System.console() != null) {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in,
                    Charset.defaultCharset()));
            draft = new TenexPrompt(in, System.out, Charset.defaultCharset()).ask();
        } else {
            requireRecipients(recipients);
            draft = new Draft(recipients, RecipientArguments.fromArguments(cc),
                    subject, System.in.readAllBytes());
        }
        if (draft.to().isEmpty()) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "no recipient: give at least one RECIPIENT");
        }
        List<String> envelope = new ArrayList<>(draft.to());
        envelope.addAll(draft.cc());
        try {
            return new Outgoing(envelope, composer.compose(draft, now));
        } catch (IllegalArgumentException e) {
            // A line break in a recipient or the subject would start a header field of its own.
            throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
        }
    }

    private Integer submit(Outgoing outgoing) {
        try {
            AcceptedReply reply = SubmissionClient.submit(submitSocket, outgoing.recipients(),
                    outgoing.message(), timeout);
            System.err.println("sndmsg: queued as " + reply.queueId() + " "
                    + reply.messageId());
            return 0;
        } catch (SubmissionRejectedException e) {
            System.err.println("sndmsg: the mailer rejected the message: " + e.getMessage());
            return e.reason() == RejectReason.SPOOL_FAILURE ? EXIT_TEMPORARY_FAILURE
                    : EXIT_REJECTED;
        } catch (IOException e) {
            System.err.println("sndmsg: message not sent: " + e.getMessage());
            return EXIT_TEMPORARY_FAILURE;
        }
    }

    private byte[] readResendFile() {
        try {
            return Files.readAllBytes(resendFile);
        } catch (IOException e) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "cannot read the --resend file: " + FileErrors.describe(e));
        }
    }

    private void requireRecipients(List<String> recipients) {
        if (recipients.isEmpty()) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "no recipient: give at least one RECIPIENT");
        }
    }

    private List<EnvelopeAddress> parseRecipients(List<String> recipients) {
        List<EnvelopeAddress> addresses = new ArrayList<>();
        for (String recipient : recipients) {
            try {
                addresses.add(EnvelopeAddress.parse(recipient));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
            }
        }
        return addresses;
    }
}
