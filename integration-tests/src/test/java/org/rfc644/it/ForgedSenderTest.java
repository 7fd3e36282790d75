package org.rfc644.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * Every way a sender could lie about who sent a message, tried against three hosts in containers:
 * each must end in a refusal or a NOT AUTHENTICATED mark that gives the reason, and honest mail must
 * arrive AUTHENTIC. The hosts are shared by all tests, so each message has a subject of its own.
 * The test that stops HOST-B runs last.
 */
@ExtendWith(DockerRequirement.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ForgedSenderTest {

    /** How long mail may take from a command to the recipient's mailbox. */
    private static final Duration DELIVERY = Duration.ofSeconds(30);

    /** How long to look for mail that must not arrive, after the command that sent it ended. */
    private static final Duration SETTLE = Duration.ofSeconds(5);

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    private static ArpanetNetwork arpanet;
    private static ArpanetHost hostA;
    private static ArpanetHost hostB;
    private static ArpanetHost hostC;

    @BeforeAll
    static void startHosts() {
        DockerRequirement.requireDocker();
        String image = DockerRequirement.image();
        DockerRequirement.requireImage(image);

        arpanet = ArpanetNetwork.start(image);
        hostA = arpanet.hostA();
        hostB = arpanet.hostB();
        hostC = arpanet.hostC();
    }

    @AfterAll
    static void stopHosts() {
        if (arpanet != null) {
            arpanet.close();
        }
    }

    // ------------------------------------------------------------------ honest mail

    @Test
    void mailerDeliveryIsAuthentic() throws Exception {
        String subject = subject("through the mailer");

        ExecResult sent = hostA.runWithInput("alice", "Hello Bob,\nthis one comes through the mailer.\n",
                "sndmsg", "-s", subject, "bob@HOST-B");

        assertEquals(0, sent.getExitCode(), ArpanetHost.describe(sent));
        Mailbox.Entry entry = awaitMessage(hostB, "bob", subject);
        assertTrue(entry.mark().startsWith("AUTHENTIC (HOST-A: ICP from mail socket 232)"), entry.mark());
        assertTrue(entry.summary().contains("alice@HOST-A"), entry.summary());
    }

    @Test
    void awkwardBodyIntactThroughMailer() throws Exception {
        String subject = subject("awkward body");
        String body = awkwardBody();

        ExecResult sent = hostA.runWithInput("alice", body, "sndmsg", "-s", subject, "bob@HOST-B");

        assertEquals(0, sent.getExitCode(), ArpanetHost.describe(sent));
        Mailbox.Entry entry = awaitMessage(hostB, "bob", subject);
        assertTrue(entry.mark().startsWith("AUTHENTIC (HOST-A: ICP from mail socket 232)"), entry.mark());
        String displayed = hostB.readMessage("bob", entry.number());
        assertEquals(body, bodyOf(displayed), displayed);
        assertEquals(List.of("alice@HOST-A"), headerValues(displayed, "From"), displayed);
        assertEquals(1, headerValues(displayed, "Authentication-Results").size(), displayed);
        assertTrue(headerValues(displayed, "Authentication-Results").get(0).contains("header.from=alice@HOST-A"), displayed);
    }

    @Test
    void mailDialogueFromSocket232Authentic() throws Exception {
        String subject = subject("MAIL typed by the mailer user");
        String body = awkwardBody();

        ExecResult dialogue = ftpDialogue(hostA, "mailer", 232, "HOST-B",
                "MAIL bob\n" + header("alice at HOST-A", "bob at HOST-B", subject) + "\n" + dotStuffed(body)
                        + ".\nQUIT\n");

        assertTrue(dialogue.getStdout().contains("256 "), ArpanetHost.describe(dialogue));
        Mailbox.Entry entry = awaitMessage(hostB, "bob", subject);
        assertTrue(entry.mark().startsWith("AUTHENTIC (HOST-A: ICP from mail socket 232)"), entry.mark());
        String displayed = hostB.readMessage("bob", entry.number());
        assertEquals(body, bodyOf(displayed), displayed);
    }

    @Test
    void resendByMalloryVouchesOnlyForMallory() throws Exception {
        String subject = subject("resent by mallory");
        String file = hostA.writeFile(header("alice at HOST-A", "mallory at HOST-A", subject)
                + "\nWritten by alice, sent on by mallory.\n");

        ExecResult sent = hostA.run("mallory", "sndmsg", "--resend", file, "bob@HOST-B");

        assertEquals(0, sent.getExitCode(), ArpanetHost.describe(sent));
        Mailbox.Entry entry = awaitMessage(hostB, "bob", subject);
        assertTrue(entry.mark().startsWith("AUTHENTIC (HOST-A: ICP from mail socket 232)"), entry.mark());
        assertTrue(entry.mark().contains("RESENT by mallory@HOST-A"), entry.mark());
        assertTrue(entry.mark().contains("the original From alice@HOST-A is NOT vouched for"), entry.mark());
    }

    // ------------------------------------------------------------------ the sending host's guard

    @ParameterizedTest(name = "socket {0}")
    @ValueSource(ints = {232, 234, 235, 236, 237})
    void mailSocketRefusedToMallory(int socket) throws Exception {
        ExecResult probe = hostA.probe("mallory", "", "SocketProbe", Integer.toString(socket));

        assertEquals(1, probe.getExitCode(), ArpanetHost.describe(probe));
        assertTrue(probe.getStdout().contains("probe: socket " + socket + " refused: PERMISSION_DENIED"),
                ArpanetHost.describe(probe));
        assertTrue(probe.getStdout().contains("reserved for mailer"), ArpanetHost.describe(probe));
    }

    @Test
    void unreservedSocketBoundByMallory() throws Exception {
        ExecResult probe = hostA.probe("mallory", "", "SocketProbe", "240");

        assertEquals(0, probe.getExitCode(), ArpanetHost.describe(probe));
        assertTrue(probe.getStdout().contains("probe: socket 240 bound"), ArpanetHost.describe(probe));
    }

    @Test
    void icpFromSocket232RefusedToMallory() throws Exception {
        String subject = subject("mallory asks for 232");

        ExecResult dialogue = ftpDialogue(hostA, "mallory", 232, "HOST-B",
                "MAIL bob\n" + header("alice at HOST-A", "bob at HOST-B", subject) + "\nforged\n.\nQUIT\n");

        assertEquals(1, dialogue.getExitCode(), ArpanetHost.describe(dialogue));
        assertTrue(dialogue.getStderr().contains("socket 232 is reserved for mailer"), ArpanetHost.describe(dialogue));
        assertNoMessage(hostB, "bob", subject);
    }

    @Test
    void mailerRefusesForgedFrom() throws Exception {
        String subject = subject("raw submission naming alice");

        ExecResult submission = hostA.probe("mallory",
                header("alice at HOST-A", "bob at HOST-B", subject) + "\nI am not alice.\n",
                "RawSubmission", "bob@HOST-B");

        assertEquals(1, submission.getExitCode(), ArpanetHost.describe(submission));
        assertTrue(submission.getStdout().contains("probe: rejected SENDER_MISMATCH"), ArpanetHost.describe(submission));
        assertTrue(submission.getStdout().contains("but you are mallory"), ArpanetHost.describe(submission));
        ExecResult queue = hostA.run("mailer", "mailer", "--queue");
        assertFalse(queue.getStdout().contains("mallory"), ArpanetHost.describe(queue));
        assertNoMessage(hostB, "bob", subject);
    }

    // ------------------------------------------------------------------ the receiver's decision

    @Test
    void directMailNamingAliceNotAuthenticated() throws Exception {
        String subject = subject("direct MAIL naming alice");

        ExecResult dialogue = ftpDialogue(hostA, "mallory", 0, "HOST-B",
                "MAIL bob\n" + header("alice at HOST-A", "bob at HOST-B", subject) + "\nI am alice. Really.\n.\nQUIT\n");

        assertTrue(dialogue.getStdout().contains("256 Mail stored for bob, NOT AUTHENTICATED (sent from unprivileged socket"),
                ArpanetHost.describe(dialogue));
        Mailbox.Entry entry = awaitMessage(hostB, "bob", subject);
        assertTrue(entry.mark().matches("NOT AUTHENTICATED \\(sent from unprivileged socket \\d+ of HOST-A\\).*"),
                entry.mark());
        assertTrue(entry.summary().contains("alice@HOST-A"), entry.summary());
    }

    @Test
    void sndmsgDirectNamingAliceNotAuthenticated() throws Exception {
        String subject = subject("sndmsg --direct naming alice");
        String file = hostA.writeFile(header("alice at HOST-A", "bob at HOST-B", subject) + "\nI am alice.\n");

        ExecResult sent = hostA.run("mallory", "sndmsg", "--direct", "--resend", file, "bob@HOST-B");

        assertEquals(0, sent.getExitCode(), ArpanetHost.describe(sent));
        Matcher socket = Pattern.compile("sending from socket (\\d+)").matcher(sent.getStdout());
        assertTrue(socket.find(), ArpanetHost.describe(sent));
        Mailbox.Entry entry = awaitMessage(hostB, "bob", subject);
        assertTrue(entry.mark().startsWith("NOT AUTHENTICATED (sent from unprivileged socket " + socket.group(1)
                + " of HOST-A)"), entry.mark());
    }

    @Test
    void rejectingHostRefusesDirectMail() throws Exception {
        String subject = subject("direct to a rejecting host");
        String file = hostA.writeFile(header("alice at HOST-A", "bob at HOST-C", subject) + "\nI am alice.\n");

        ExecResult sent = hostA.run("mallory", "sndmsg", "--direct", "--resend", file, "bob@HOST-C");

        assertEquals(1, sent.getExitCode(), ArpanetHost.describe(sent));
        assertTrue(sent.getStdout().contains("451 Mail refused, NOT AUTHENTICATED (sent from unprivileged socket"),
                ArpanetHost.describe(sent));
        assertNoMessage(hostC, "bob", subject);
    }

    @Test
    void hostCSocket232NamingHostANotAuthenticated() throws Exception {
        String subject = subject("HOST-C 232 naming alice at HOST-A");

        ExecResult dialogue = ftpDialogue(hostC, "mallory", 232, "HOST-B",
                "MAIL bob\n" + header("alice at HOST-A", "bob at HOST-B", subject) + "\nI am alice.\n.\nQUIT\n");

        assertTrue(dialogue.getStdout().contains("256 "), ArpanetHost.describe(dialogue));
        Mailbox.Entry entry = awaitMessage(hostB, "bob", subject);
        assertTrue(entry.mark().startsWith("NOT AUTHENTICATED (From names HOST-A but the mail came from HOST-C)"),
                entry.mark());
    }

    @Test
    void hostCSocket232OwnNameAuthenticByHostCOnly() throws Exception {
        String subject = subject("HOST-C 232 signed by mallory");

        ExecResult dialogue = ftpDialogue(hostC, "mallory", 232, "HOST-B",
                "MAIL bob\n" + header("mallory at HOST-C", "bob at HOST-B", subject) + "\nHello from HOST-C.\n.\nQUIT\n");

        assertTrue(dialogue.getStdout().contains("256 "), ArpanetHost.describe(dialogue));
        Mailbox.Entry entry = awaitMessage(hostB, "bob", subject);
        assertTrue(entry.mark().startsWith("AUTHENTIC BY HOST-C ONLY (ICP from mail socket 232)"), entry.mark());
        assertTrue(entry.mark().contains("WARNING: HOST-C is not trusted"), entry.mark());
    }

    @Test
    void forgedAuthenticationResultsReplaced() throws Exception {
        String subject = subject("forged Authentication-Results");
        String forged = "Authentication-Results: HOST-B; x-rfc644=pass reason=\"forged by " + RUN + "\""
                + " policy.foreign-host=HOST-A policy.foreign-socket=232 header.from=alice@HOST-A\n";
        String foreign = "Authentication-Results: mx.example.org; spf=pass smtp.mailfrom=alice@example.org\n";
        String file = hostA.writeFile(forged + foreign + header("alice at HOST-A", "bob at HOST-B", subject)
                + "\nThe header above says HOST-B passed me.\n");

        ExecResult sent = hostA.run("mallory", "sndmsg", "--direct", "--resend", file, "bob@HOST-B");

        assertEquals(0, sent.getExitCode(), ArpanetHost.describe(sent));
        Mailbox.Entry entry = awaitMessage(hostB, "bob", subject);
        assertTrue(entry.mark().startsWith("NOT AUTHENTICATED (sent from unprivileged socket"), entry.mark());
        String displayed = hostB.readMessage("bob", entry.number());
        List<String> results = headerValues(displayed, "Authentication-Results");
        assertFalse(displayed.contains("forged by " + RUN), displayed);
        assertEquals(2, results.size(), displayed);
        assertTrue(results.get(0).startsWith("HOST-B; x-rfc644=fail"), displayed);
        assertTrue(results.get(1).startsWith("mx.example.org; spf=pass"), displayed);
    }

    @Test
    void mlflFromOtherDataSocketRefused() throws Exception {
        ExecResult dialogue = ftpDialogue(hostC, "mallory", 232, "HOST-B",
                "SOCK 239\nMLFL bob\nSOCK 1,237\nMLFL bob\nQUIT\n");

        assertTrue(dialogue.getStdout().contains("454 Data socket 239 of host 3 refused"), ArpanetHost.describe(dialogue));
        assertTrue(dialogue.getStdout().contains("454 Data socket 237 of host 1 refused"), ArpanetHost.describe(dialogue));
        assertFalse(dialogue.getStdout().contains("255 "), ArpanetHost.describe(dialogue));
    }

    // ------------------------------------------------------------------ the network's guard

    @Test
    void impostorTunnelRefused() throws Exception {
        String subject = subject("impostor HOST-A");
        String impostorAddress = "10.45.0.20";
        ArpanetHost impostor = new ArpanetHost(DockerRequirement.image(), arpanet.network(), "IMPOSTOR",
                impostorAddress, ArpanetNetwork.hostTable(impostorAddress), Map.of("POLICY", "open"))
                .withCommand("ncp-daemon", "--host", "HOST-A", "--hosts", ArpanetHost.HOSTS_FILE,
                        "--policy", "/etc/arpanet/policy.open")
                .waitingFor(Wait.forLogMessage(".*listening on.*\\n", 1).withStartupTimeout(Duration.ofMinutes(2)));
        impostor.start();
        try {
            ExecResult dialogue = ftpDialogue(impostor, "mallory", 232, "HOST-B",
                    "MAIL bob\n" + header("alice at HOST-A", "bob at HOST-B", subject) + "\nI am HOST-A.\n.\nQUIT\n");

            assertEquals(1, dialogue.getExitCode(), ArpanetHost.describe(dialogue));
            assertFalse(dialogue.getStdout().contains("300 "), ArpanetHost.describe(dialogue));
            assertTrue(hostB.logs().contains("rejected tunnel from /" + impostorAddress), hostB.logs());
            assertNoMessage(hostB, "bob", subject);
        } finally {
            impostor.stop();
        }
    }

    // ------------------------------------------------------------------ the queue

    @Test
    @Order(Order.DEFAULT + 1)
    void mailWaitsWhileHostBDown() throws Exception {
        String subject = subject("while HOST-B is down");
        hostB.pause();
        Instant stopped = Instant.now();
        String queueId;
        try {
            ExecResult sent = hostA.runWithInput("alice", "Sent while HOST-B was down.\n",
                    "sndmsg", "-s", subject, "bob@HOST-B");
            assertEquals(0, sent.getExitCode(), ArpanetHost.describe(sent));
            Matcher queued = Pattern.compile("queued as (\\S+)").matcher(sent.getStderr());
            assertTrue(queued.find(), ArpanetHost.describe(sent));
            String id = queued.group(1);
            queueId = id;

            // The first attempt fails at once because HOST-B is down; the listing then shows its error.
            ExecResult queue = awaitQueue(listing -> listing.contains(id) && listing.contains("last error"),
                    "message " + id + " with an attempt's error", Duration.ofSeconds(25));
            assertTrue(Pattern.compile("to bob@HOST-B: [1-9]\\d* attempts").matcher(queue.getStdout()).find(),
                    ArpanetHost.describe(queue));

            Duration down = Duration.between(stopped, Instant.now());
            Thread.sleep(Math.max(0, Duration.ofSeconds(30).minus(down).toMillis()));
        } finally {
            hostB.resume();
        }

        Mailbox.Entry entry = awaitMessage(hostB, "bob", subject, Duration.ofSeconds(150));
        assertTrue(entry.mark().startsWith("AUTHENTIC (HOST-A: ICP from mail socket 232)"), entry.mark());
        String delivered = queueId;
        awaitQueue(listing -> !listing.contains(delivered), "no message " + delivered, Duration.ofSeconds(10));
        Thread.sleep(SETTLE.toMillis());
        assertEquals(1, hostB.readmail("bob").withSubject(subject).size(), hostB.readmail("bob").toString());
    }

    // ------------------------------------------------------------------ helpers

    private static String subject(String topic) {
        return topic + " [" + RUN + "]";
    }

    /** Returns a header that names {@code from} and {@code to}, for a message written by hand. */
    private static String header(String from, String to, String subject) {
        return "From: " + from + "\n"
                + "To: " + to + "\n"
                + "Subject: " + subject + "\n"
                + "Date: Fri, 4 Dec 2026 20:00:00 +0000\n"
                + "Message-ID: <" + UUID.randomUUID() + "@it.test>\n";
    }

    /** Returns a body that a careless server would cut or mistake for header: lone ".", "From " lines. */
    private static String awkwardBody() {
        return "First line.\n"
                + ".\n"
                + "From the archives, a line a mbox would quote.\n"
                + "From: alice at HOST-A\n"
                + "..two dots\n"
                + ".one dot\n"
                + "\n"
                + "Last line.\n";
    }

    /** Doubles the "." that starts a line, as a sender of MAIL text does. */
    private static String dotStuffed(String body) {
        return body.replaceAll("(?m)^\\.", "..");
    }

    /**
     * Runs {@code ncp icp} as {@code user} on {@code host} from socket {@code u} (0: sockets the
     * daemon allocates) to socket 3 of {@code target}, with {@code commands} as the typed dialogue.
     */
    private static ExecResult ftpDialogue(ArpanetHost host, String user, int u, String target, String commands)
            throws IOException, InterruptedException {
        List<String> command = u == 0
                ? List.of("ncp", "icp", "-t", "20", target, "3")
                : List.of("ncp", "icp", "-t", "20", "--from", Integer.toString(u), target, "3");
        return host.runWithInput(user, commands, command.toArray(String[]::new));
    }

    private static Mailbox.Entry awaitMessage(ArpanetHost host, String user, String subject)
            throws IOException, InterruptedException {
        return awaitMessage(host, user, subject, DELIVERY);
    }

    /** Polls {@code readmail} once a second until the message with {@code subject} is listed. */
    private static Mailbox.Entry awaitMessage(ArpanetHost host, String user, String subject, Duration limit)
            throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(limit);
        Mailbox mailbox = host.readmail(user);
        while (mailbox.find(subject).isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(1000);
            mailbox = host.readmail(user);
        }
        Optional<Mailbox.Entry> entry = mailbox.find(subject);
        if (entry.isEmpty()) {
            fail("no message \"" + subject + "\" for " + user + " on " + host + " within " + limit.toSeconds()
                    + " s; readmail shows:\n" + mailbox);
        }
        return entry.get();
    }

    /** Waits {@link #SETTLE} and asserts that no message with {@code subject} reached {@code user}. */
    private static void assertNoMessage(ArpanetHost host, String user, String subject)
            throws IOException, InterruptedException {
        Thread.sleep(SETTLE.toMillis());
        Mailbox mailbox = host.readmail(user);
        assertTrue(mailbox.withSubject(subject).isEmpty(), "unexpected message for " + user + " on " + host + ":\n"
                + mailbox);
    }

    /** Polls {@code mailer --queue} on HOST-A once a second until its output meets {@code condition}. */
    private static ExecResult awaitQueue(Predicate<String> condition, String expected, Duration limit)
            throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(limit);
        ExecResult queue = hostA.run("mailer", "mailer", "--queue");
        while (!condition.test(queue.getStdout()) && Instant.now().isBefore(deadline)) {
            Thread.sleep(1000);
            queue = hostA.run("mailer", "mailer", "--queue");
        }
        assertEquals(0, queue.getExitCode(), ArpanetHost.describe(queue));
        assertTrue(condition.test(queue.getStdout()), "expected " + expected + " in the queue within "
                + limit.toSeconds() + " s: " + ArpanetHost.describe(queue));
        return queue;
    }

    /** Returns the body of a message that {@code readmail N} shows: what follows the first empty line. */
    private static String bodyOf(String displayed) {
        String message = messageOf(displayed);
        int end = message.indexOf("\n\n");
        assertNotEquals(-1, end, displayed);
        return message.substring(end + 2);
    }

    /** Returns the unfolded values of the header fields named {@code name}, top to bottom. */
    private static List<String> headerValues(String displayed, String name) {
        String message = messageOf(displayed);
        String header = message.substring(0, Math.max(0, message.indexOf("\n\n")));
        String unfolded = header.replaceAll("\n[ \t]+", " ");
        String prefix = name.toLowerCase() + ":";
        return unfolded.lines()
                .filter(line -> line.toLowerCase().startsWith(prefix))
                .map(line -> line.substring(prefix.length()).strip())
                .toList();
    }

    /** Returns the message of {@code readmail N}'s output: what follows the rule below the mark. */
    private static String messageOf(String displayed) {
        String rule = "-".repeat(72) + "\n";
        int start = displayed.indexOf(rule);
        assertNotEquals(-1, start, displayed);
        return displayed.substring(start + rule.length());
    }
}
