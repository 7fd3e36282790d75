package org.rfc644.mailer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rfc644.mailer.spool.RecipientState;
import org.rfc644.mailer.spool.Spool;
import org.rfc644.mailer.spool.SpoolEntry;
import picocli.CommandLine;

class MailerCommandTest {

    @TempDir
    Path temp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void queueOfMissingSpoolFailsInOneLine() {
        Path spool = temp.resolve("spool");

        int status = execute("--queue", "--spool", spool.toString());

        assertEquals(1, status);
        assertEquals("mailer: cannot list the queue: spool directory " + spool + " does not"
                + " exist: give the --spool of the running mailer, which creates the directory"
                + " when it starts\n", err.toString());
        assertFalse(Files.exists(spool), "listing the queue must not create the spool");
    }

    @Test
    void queueAsRootListsMailerSpool() throws Exception {
        assumeTrue(System.getProperty("user.name").equals("root"),
                "only root can give the spool to another user, as the container gives it to mailer");
        Path spool = temp.resolve("spool");
        SpoolEntry queued = enqueueOne(spool);
        var lookup = spool.getFileSystem().getUserPrincipalLookupService();
        Files.setOwner(spool, lookup.lookupPrincipalByName("nobody"));

        int status = execute("--queue", "--spool", spool.toString());

        assertEquals(0, status, err.toString());
        assertTrue(out.toString().contains(queued.queueId()), out.toString());
        assertEquals("", err.toString());
    }

    @Test
    void mailqTakesSpoolAfterSubcommand() throws Exception {
        Path spool = temp.resolve("spool");
        SpoolEntry queued = enqueueOne(spool);

        int status = execute("mailq", "--spool", spool.toString());

        assertEquals(0, status, err.toString());
        assertTrue(out.toString().contains(queued.queueId()), out.toString());
    }

    @Test
    void oddIcpSocketIsUsageError() {
        int status = execute("--icp-sockets", "233");

        assertEquals(2, status);
        assertTrue(err.toString().startsWith("Invalid value for option '--icp-sockets': ICP"
                + " socket 233 must be a positive even number"), err.toString());
    }

    @Test
    void negativeConcurrencyIsUsageError() {
        int status = execute("--concurrency", "-1");

        assertEquals(2, status);
        assertTrue(err.toString().startsWith("Invalid value for option '--concurrency'"),
                err.toString());
    }

    @Test
    void retryMaxBelowBaseIsUsageError() {
        int status = execute("--retry-base", "2h", "--retry-max", "1h");

        assertEquals(2, status);
        assertTrue(err.toString().startsWith("Invalid value for option '--retry-base',"
                + " '--retry-max' or '--max-age': maximum retry wait PT1H is shorter than the"
                + " base PT2H"), err.toString());
    }

    @Test
    void zeroTimeoutIsUsageError() {
        int status = execute("--timeout", "0s");

        assertEquals(2, status);
        assertTrue(err.toString().startsWith("Invalid value for option '--timeout'"),
                err.toString());
    }

    @Test
    void sessionLingerWithoutUnitIsUsageError() {
        int status = execute("--session-linger", "5");

        assertEquals(2, status);
        assertTrue(err.toString().contains("invalid duration \"5\""), err.toString());
    }

    @Test
    void durationZeroAloneIsZero() {
        assertEquals(Duration.ZERO, new DurationConverter().convert("0"));
    }

    /** Runs the real main, as bin/mailer does, with no test resource on the class path. */
    @Test
    void launchedQueueErrorIsOneLine() throws Exception {
        Path spool = temp.resolve("spool");

        ChildResult result = runMain("--queue", "--spool", spool.toString());

        assertEquals(1, result.status());

        assertEquals("", result.stdout());
        assertEquals(List.of("mailer: cannot list the queue: spool directory " + spool
                + " does not exist: give the --spool of the running mailer, which creates the"
                + " directory when it starts"), result.stderrLines());
    }

    /** A failure to start is one log line, with no stack trace and no logback status. */
    @Test
    void launchedStartFailureIsOneLine() throws Exception {
        Path notDirectory = Files.writeString(temp.resolve("file"), "");
        Path spool = notDirectory.resolve("spool");

        ChildResult result = runMain("--spool", spool.toString(),
                "--socket", temp.resolve("ncp.sock").toString(),
                "--submit-socket", temp.resolve("submit.sock").toString());

        assertEquals(1, result.status());

        assertEquals("", result.stdout());
        assertEquals(1, result.stderrLines().size(), result.stderr());
        String line = result.stderrLines().get(0);
        assertTrue(line.contains(" ERROR [main] MailerCommand - mailer failed: cannot set up"
                + " the spool directory " + spool), line);
    }

    private int execute(String... arguments) {
        CommandLine commandLine = MailerCommand.commandLine()
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true));
        return commandLine.execute(arguments);
    }

    private static SpoolEntry enqueueOne(Path spool) throws IOException {
        Instant now = Instant.now();
        SpoolEntry draft = new SpoolEntry("", "<1@HOST-A>",
                Optional.of(EnvelopeAddress.parse("alice@HOST-A")), 1003, now,
                List.of(RecipientState.fresh(EnvelopeAddress.parse("bob@HOST-B"), now)));
        return Spool.open(spool).enqueue(draft,
                "From: alice@HOST-A\r\n\r\nHi\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    /** Exit status and output of a child JVM. logback prints its status on standard output. */
    private record ChildResult(int status, String stdout, String stderr) {

        List<String> stderrLines() {
            return stderr.isEmpty() ? List.of() : List.of(stderr.split("\n"));
        }
    }

    /**
     * Runs {@link MailerCommand#main} in a child JVM whose class path is this one's without the
     * test classes, so that logback finds only what the installed mailer would find.
     */
    private ChildResult runMain(String... arguments) throws IOException, InterruptedException {
        String classPath = Arrays.stream(System.getProperty("java.class.path")
                        .split(File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes"))
                .collect(Collectors.joining(File.pathSeparator));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", classPath, MailerCommand.class.getName()));
        command.addAll(List.of(arguments));
        Path stdout = temp.resolve("stdout.txt");
        Path stderr = temp.resolve("stderr.txt");
        Process process = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("mailer " + List.of(arguments) + " still runs after 60 s");
        }
        return new ChildResult(process.exitValue(), Files.readString(stdout),
                Files.readString(stderr));
    }
}
