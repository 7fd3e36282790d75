package org.rfc644.sndmsg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.rfc644.mail.format.HeaderField;
import org.rfc644.mail.format.LineEndings;
import org.rfc644.mail.format.MailMessage;
import org.rfc644.mailer.Mailer;
import org.rfc644.mailer.MailerSettings;
import org.rfc644.mailer.delivery.RetrySchedule;
import org.rfc644.mailer.spool.Spool;
import org.rfc644.mailer.submission.LocalUsers;
import org.rfc644.mailer.submission.SubmissionClient;
import org.rfc644.ncp.client.ConnectionStatus;
import org.rfc644.ncp.client.NcpClient;
import picocli.CommandLine;

/**
 * The whole path on loopback: sndmsg on HOST-A, the mailer, the NCP daemons and the ftp-servers
 * of HOST-A, HOST-B and HOST-C, each daemon and server a child JVM. The tests run as one OS user
 * (root in CI), who is the sender of every message. The default policy reserves socket 3 for the
 * user ftp and the mail sockets for mailer, so the policy file here grants them to that user.
 */
class LoopbackMailTest {

    private static final Duration DELIVERY = Duration.ofSeconds(90);
    private static final Path CORPUS = Path.of("../../shared/corpus");

    /** Kept after a failure, with each child JVM's log. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path temp;

    private static LoopbackNetwork network;
    private static Mailer mailer;
    private static Path submitSocket;
    private static String sender;

    @BeforeAll
    static void startNetwork() throws Exception {
        sender = LocalUsers.system().nameOf(LocalUsers.currentUid()).orElseThrow();
        Map<String, List<String>> users = new LinkedHashMap<>();
        users.put("HOST-A", List.of(sender));
        users.put("HOST-B", List.of("bob", "carol", "erin", "frank", "grace", "heidi"));
        users.put("HOST-C", List.of("dave"));
        network = LoopbackNetwork.start(temp, users, sender);

        submitSocket = temp.resolve("submit.sock");
        mailer = Mailer.start(settings(temp.resolve("spool"), submitSocket, List.of(232, 238)));
    }

    @AfterAll
    static void stopNetwork() throws Exception {
        if (mailer != null) {
            mailer.close();
        }
        if (network != null) {
            network.close();
        }
    }

    @Test
    void sndmsgMessageArrivesAuthentic() throws Exception {
        Process sndmsg = network.startJava("sndmsg-bob", List.of(), SndmsgCommand.class.getName(),
                List.of("--socket", daemonSocket("HOST-A").toString(),
                        "--submit-socket", submitSocket.toString(),
                        "-s", "Greetings", "bob@HOST-B"));
        try (OutputStream stdin = sndmsg.getOutputStream()) {
            stdin.write("Hello Bob.\n.\nA line with a lone dot above.\n".getBytes(StandardCharsets.US_ASCII));
        }
        assertTrue(sndmsg.waitFor(LoopbackNetwork.STARTUP.toSeconds(), TimeUnit.SECONDS));
        assertEquals(0, sndmsg.exitValue());

        MailMessage stored = awaitOneMessage("HOST-B", "bob");
        String mark = stored.firstValue("Authentication-Results").orElseThrow();
        assertTrue(mark.startsWith("HOST-B; x-rfc644=pass"), mark);
        assertTrue(mark.contains("policy.foreign-socket=232") || mark.contains("policy.foreign-socket=238"), mark);
        assertTrue(mark.contains("header.from=" + sender + "@HOST-A"), mark);
        assertEquals(Optional.of(sender + "@HOST-A"), stored.firstValue("From"));
        assertEquals(Optional.of("Greetings"), stored.firstValue("Subject"));
        assertEquals("Hello Bob.\r\n.\r\nA line with a lone dot above.\r\n",
                new String(stored.body(), StandardCharsets.US_ASCII));
    }

    @Test
    void directMessageArrivesNotAuthenticated() throws Exception {
        int exit = runSndmsg(List.of("--socket", daemonSocket("HOST-A").toString(), "--direct",
                "--resend", CORPUS.resolve("26-plain-crlf.eml").toString(), "heidi@HOST-B"));
        assertEquals(0, exit);

        MailMessage stored = awaitOneMessage("HOST-B", "heidi");
        String mark = stored.firstValue("Authentication-Results").orElseThrow();
        assertTrue(mark.startsWith("HOST-B; x-rfc644=fail"), mark);
        assertTrue(mark.contains("unprivileged socket"), mark);
    }

    @Test
    void crashAfterReplyDeliversOnce() throws Exception {
        Path spool = temp.resolve("crash-spool");
        Path crashSocket = temp.resolve("crash-submit.sock");
        Process crashing = network.startJava("mailer-crashing",
                List.of("-Dorg.rfc644.mailer.haltAfterSuccessReply=true"),
                "org.rfc644.mailer.MailerCommand",
                List.of("--spool", spool.toString(), "--socket", daemonSocket("HOST-A").toString(),
                        "--submit-socket", crashSocket.toString(), "--icp-sockets", "244",
                        "--retry-base", "1s"));
        LoopbackNetwork.await("the crashing mailer's submission socket", LoopbackNetwork.STARTUP,
                () -> Files.exists(crashSocket));

        SubmissionClient.submit(crashSocket, List.of("carol@HOST-B"), message("carol@HOST-B",
                "<crash-test@HOST-A>", "Delivered before the crash.\r\n"), DELIVERY);

        // The mailer halts after the server's success reply and before the spool records it.
        assertTrue(crashing.waitFor(DELIVERY.toSeconds(), TimeUnit.SECONDS));
        assertEquals(137, crashing.exitValue());
        assertEquals(1, network.newMessages("HOST-B", "carol").size());
        assertEquals(1, Spool.openForListing(spool).list().size(), "the entry is still in the spool");

        // A restarted mailer delivers it again; the server acknowledges the repeated Message-ID
        // without storing it twice, and the entry leaves the spool.
        try (Mailer restarted = Mailer.start(settings(spool, temp.resolve("restart.sock"),
                List.of(244)))) {
            LoopbackNetwork.await("the spool to empty", DELIVERY,
                    () -> spoolSize(spool) == 0);
        }
        assertEquals(1, network.newMessages("HOST-B", "carol").size());
    }

    @Test
    void unknownRecipientGetsOneNotice() throws Exception {
        SubmissionClient.submit(submitSocket, List.of("nosuchuser@HOST-B"),
                message("nosuchuser@HOST-B", "<unknown-user@HOST-A>", "Lost.\r\n"), DELIVERY);

        MailMessage notice = awaitOneMessage("HOST-A", sender);
        assertEquals(Optional.of("Undeliverable mail to nosuchuser@HOST-B"),
                notice.firstValue("Subject"));
        String body = new String(notice.body(), StandardCharsets.UTF_8);
        assertTrue(body.contains("<unknown-user@HOST-A>"), body);
        assertTrue(body.contains("No such user"), body);

        LoopbackNetwork.await("the mailer's spool to empty", DELIVERY,
                () -> mailer.queue().entries().isEmpty());
        assertEquals(1, network.newMessages("HOST-A", sender).size());
    }

    @Test
    void twoHostsDeliveredAtOnce() throws Exception {
        // Messages of 2 MB keep both sessions open long enough to be seen side by side.
        String body = "x".repeat(999) + "\r\n";
        String large = body.repeat(2000);
        AtomicBoolean overlapSeen = new AtomicBoolean();
        Thread watcher = new Thread(() -> watchForOverlap(overlapSeen), "overlap-watcher");
        watcher.setDaemon(true);
        watcher.start();

        SubmissionClient.submit(submitSocket, List.of("dave@HOST-C", "erin@HOST-B"),
                message("dave@HOST-C, erin@HOST-B", "<two-hosts@HOST-A>", large), DELIVERY);

        MailMessage toC = awaitOneMessage("HOST-C", "dave");
        MailMessage toB = awaitOneMessage("HOST-B", "erin");
        watcher.interrupt();
        String markC = toC.firstValue("Authentication-Results").orElseThrow();
        String markB = toB.firstValue("Authentication-Results").orElseThrow();
        assertTrue(markC.contains("x-rfc644=pass"), markC);
        assertTrue(markB.contains("x-rfc644=pass"), markB);
        assertTrue(overlapSeen.get(), "connections from pool sockets 232 and 238 were never open"
                + " at the same time");
    }

    @Test
    void corpusResentArrivesIntact() throws Exception {
        Map<String, String> originals = resendCorpus(List.of(), "frank");

        for (Path file : network.newMessages("HOST-B", "frank")) {
            byte[] stored = Files.readAllBytes(file);
            byte[] rest = withoutAddedFields(stored, file);
            String original = originals.remove(new String(rest, StandardCharsets.ISO_8859_1));
            assertTrue(original != null, file + " matches no corpus message once the fields"
                    + " added by the resend and the receiver are removed");

            String mark = MailMessage.parse(stored).firstValue("Authentication-Results").orElseThrow();
            assertTrue(mark.startsWith("HOST-B; x-rfc644=pass"), original + ": " + mark);
            assertTrue(mark.contains("header.resent-from=" + sender + "@HOST-A"), original + ": " + mark);
        }
        assertTrue(originals.isEmpty(), "not delivered: " + originals.values());
    }

    @Test
    void corpusDirectArrivesNotAuthenticated() throws Exception {
        Map<String, String> originals = resendCorpus(List.of("--direct"), "grace");

        for (Path file : network.newMessages("HOST-B", "grace")) {
            byte[] stored = Files.readAllBytes(file);
            byte[] rest = withoutAddedFields(stored, file);
            String original = originals.remove(new String(rest, StandardCharsets.ISO_8859_1));
            assertTrue(original != null, file + " matches no corpus message");

            String mark = MailMessage.parse(stored).firstValue("Authentication-Results").orElseThrow();
            assertTrue(mark.startsWith("HOST-B; x-rfc644=fail"), original + ": " + mark);
        }
        assertTrue(originals.isEmpty(), "not delivered: " + originals.values());
    }

    /**
     * Resends every corpus message to {@code user} at HOST-B and waits for all of them.
     *
     * @return the corpus file names by their content with CRLF line endings
     */
    private static Map<String, String> resendCorpus(List<String> options, String user)
            throws Exception {
        Map<String, String> originals = new HashMap<>();
        List<Path> files = new ArrayList<>();
        try (var stream = Files.newDirectoryStream(CORPUS, "*.eml")) {
            stream.forEach(files::add);
        }
        assertTrue(files.size() >= 10, "corpus not found at " + CORPUS.toAbsolutePath());

        for (Path file : files) {
            List<String> arguments = new ArrayList<>(List.of(
                    "--socket", daemonSocket("HOST-A").toString(),
                    "--submit-socket", submitSocket.toString()));
            arguments.addAll(options);
            arguments.addAll(List.of("--resend", file.toString(), user + "@HOST-B"));
            assertEquals(0, runSndmsg(arguments), file.toString());

            byte[] crlf = LineEndings.toCrlf(Files.readAllBytes(file));
            originals.put(new String(crlf, StandardCharsets.ISO_8859_1),
                    file.getFileName().toString());
        }

        LoopbackNetwork.await("all " + files.size() + " corpus messages for " + user, DELIVERY,
                () -> countMessages("HOST-B", user) >= files.size());
        assertEquals(files.size(), network.newMessages("HOST-B", user).size());
        return originals;
    }

    /**
     * Removes what the resend and the receiver add: one Authentication-Results field of HOST-B,
     * then Resent-From, Resent-Date, Resent-To and Resent-Message-ID, in that order.
     */
    private static byte[] withoutAddedFields(byte[] stored, Path file) {
        List<HeaderField> fields = MailMessage.parse(stored).fields();
        List<String> expected = List.of("Authentication-Results", "Resent-From", "Resent-Date",
                "Resent-To", "Resent-Message-ID");
        for (int i = 0; i < expected.size(); i++) {
            assertTrue(fields.get(i).hasName(expected.get(i)), file + ": field " + (i + 1)
                    + " is " + fields.get(i).name() + ", expected " + expected.get(i));
        }
        assertTrue(fields.get(0).value().startsWith("HOST-B;"), file + ": " + fields.get(0));
        HeaderField last = fields.get(expected.size() - 1);
        int cut = last.offset() + last.length();
        byte[] rest = new byte[stored.length - cut];
        System.arraycopy(stored, cut, rest, 0, rest.length);
        return rest;
    }

    /** Polls daemon A's connections until sockets of both pool entries are connected at once. */
    private static void watchForOverlap(AtomicBoolean overlapSeen) {
        try (NcpClient client = NcpClient.connect(daemonSocket("HOST-A"))) {
            while (!Thread.currentThread().isInterrupted() && !overlapSeen.get()) {
                List<ConnectionStatus> connections = client.status();
                boolean first = connections.stream().anyMatch(c -> inRange(c, 232));
                boolean second = connections.stream().anyMatch(c -> inRange(c, 238));
                overlapSeen.set(first && second);
                Thread.sleep(20);
            }
        } catch (IOException e) {
            throw new IllegalStateException("watching daemon A failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean inRange(ConnectionStatus connection, int icpSocket) {
        int socket = connection.localSocket();
        return socket >= icpSocket + 2 && socket <= icpSocket + 5;
    }

    private static int runSndmsg(List<String> arguments) {
        return new CommandLine(new SndmsgCommand()).execute(arguments.toArray(String[]::new));
    }

    private static MailMessage awaitOneMessage(String host, String user) throws Exception {
        LoopbackNetwork.await("a message for " + user + "@" + host, DELIVERY,
                () -> countMessages(host, user) > 0);
        List<Path> messages = network.newMessages(host, user);
        assertEquals(1, messages.size(), messages.toString());
        return MailMessage.parse(Files.readAllBytes(messages.get(0)));
    }

    private static int countMessages(String host, String user) {
        try {
            return network.newMessages(host, user).size();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int spoolSize(Path spool) {
        try {
            return Spool.openForListing(spool).list().size();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] message(String to, String messageId, String body) {
        return ("From: " + sender + "@HOST-A\r\nTo: " + to + "\r\nSubject: test\r\nMessage-ID: "
                + messageId + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8);
    }

    private static Path daemonSocket(String host) {
        return network.host(host).daemonSocket();
    }

    private static MailerSettings settings(Path spool, Path socket, List<Integer> icpSockets) {
        return new MailerSettings(spool, daemonSocket("HOST-A"), socket, icpSockets,
                new RetrySchedule(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofHours(1)),
                icpSockets.size(), Duration.ofSeconds(30), Optional.empty());
    }
}
