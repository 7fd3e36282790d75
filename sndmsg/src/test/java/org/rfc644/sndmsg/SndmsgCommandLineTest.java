package org.rfc644.sndmsg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rfc644.ncp.client.NcpClient;
import org.rfc644.sndmsg.readmail.ReadmailCommand;

/**
 * Runs sndmsg (and readmail) as bin/sndmsg does, in a child JVM whose class path has the
 * program's jars but no test resource, and checks that the user sees only the program's own
 * one-line messages: no logback status, no stack trace.
 */
class SndmsgCommandLineTest {

    private static final Duration STARTUP = Duration.ofSeconds(60);

    @TempDir
    static Path directory;

    private static Process daemon;
    private static Path daemonSocket;

    @BeforeAll
    static void startDaemon() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Path hosts = Files.writeString(directory.resolve("hosts"),
                "1 HOST-A 127.0.0.1:" + port + "\n");
        daemonSocket = directory.resolve("ncp.sock");
        daemon = new ProcessBuilder(javaCommand(System.getProperty("java.class.path"),
                "org.rfc644.ncp.daemon.NcpDaemonCommand", "--host", "HOST-A",
                "--hosts", hosts.toString(), "--socket", daemonSocket.toString()))
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("daemon.log").toFile())
                .start();
        LoopbackNetwork.await("the NCP daemon", STARTUP, SndmsgCommandLineTest::daemonAnswers);
    }

    @AfterAll
    static void stopDaemon() throws InterruptedException {
        daemon.destroy();
        if (!daemon.waitFor(10, TimeUnit.SECONDS)) {
            daemon.destroyForcibly();
        }
    }

    @Test
    void missingMailerExits75() throws Exception {
        Path submitSocket = directory.resolve("missing-submit.sock");

        ChildResult result = runSndmsg("--socket", daemonSocket.toString(),
                "--submit-socket", submitSocket.toString(), "bob@HOST-A");

        assertEquals(SndmsgCommand.EXIT_TEMPORARY_FAILURE, result.status());

        assertEquals("", result.stdout());
        assertEquals(List.of("sndmsg: message not sent: the mailer is not running at "
                + submitSocket + " (the socket does not exist). Start it, or give the socket it"
                + " listens on with --submit-socket"), result.stderrLines());
    }

    @Test
    void staleMailerSocketExits75() throws Exception {
        Path submitSocket = directory.resolve("stale-submit.sock");
        // Closing the JDK's channel leaves the socket file, as a mailer killed by SIGKILL does.
        try (ServerSocketChannel stale = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            stale.bind(UnixDomainSocketAddress.of(submitSocket));
        }

        ChildResult result = runSndmsg("--socket", daemonSocket.toString(),
                "--submit-socket", submitSocket.toString(), "bob@HOST-A");

        assertEquals(SndmsgCommand.EXIT_TEMPORARY_FAILURE, result.status());

        assertEquals("", result.stdout());
        assertEquals(List.of("sndmsg: message not sent: the mailer is not running at "
                + submitSocket + " (nothing listens on the socket). Start it, or give the socket"
                + " it listens on with --submit-socket"), result.stderrLines());
    }

    @Test
    void missingDaemonExits75() throws Exception {
        Path missing = directory.resolve("missing-ncp.sock");

        ChildResult result = runSndmsg("--socket", missing.toString(), "bob@HOST-A");

        assertEquals(SndmsgCommand.EXIT_TEMPORARY_FAILURE, result.status());

        assertEquals("", result.stdout());
        assertEquals(1, result.stderrLines().size(), result.stderr());
        assertTrue(result.stderr().startsWith("sndmsg: " + missing), result.stderr());
    }

    @Test
    void missingResendFileIsUsageError() throws Exception {
        Path file = directory.resolve("missing.eml");

        ChildResult result = runSndmsg("--socket", daemonSocket.toString(),
                "--resend", file.toString(), "bob@HOST-A");

        assertEquals(2, result.status());

        assertEquals("", result.stdout());
        assertEquals("cannot read the --resend file: no such file or directory: " + file,
                result.stderrLines().get(0));
        assertFalse(result.stderr().contains("\tat "), result.stderr());
    }

    @Test
    void lineBreakInSubjectIsUsageError() throws Exception {
        ChildResult result = runSndmsg("--socket", daemonSocket.toString(),
                "-s", "Hello\nBcc: carol@HOST-A", "bob@HOST-A");

        assertEquals(2, result.status());
        assertEquals("", result.stdout());
        assertEquals("invalid subject: it contains a line break (CR or LF)",
                result.stderrLines().get(0));
        assertFalse(result.stderr().contains("\tat "), result.stderr());
    }

    /** readmail has the mailer jar on its class path too. */
    @Test
    void readmailShowsOnlyItsMessage() throws Exception {
        Path mailRoot = directory.resolve("no-mail");

        ChildResult result = run(ReadmailCommand.class.getName(),
                "--mail-root", mailRoot.toString());

        assertEquals(1, result.status());

        assertEquals("", result.stdout());
        assertEquals(1, result.stderrLines().size(), result.stderr());
        assertTrue(result.stderr().startsWith("readmail: no mailbox for "), result.stderr());
    }

    /** Exit status and output of a child JVM. logback prints its status on standard output. */
    private record ChildResult(int status, String stdout, String stderr) {

        List<String> stderrLines() {
            return stderr.isEmpty() ? List.of() : List.of(stderr.split("\n"));
        }
    }

    private ChildResult runSndmsg(String... arguments) throws IOException, InterruptedException {
        return run(SndmsgCommand.class.getName(), arguments);
    }

    /** Runs {@code mainClass} with a body of one line on standard input. */
    private ChildResult run(String mainClass, String... arguments)
            throws IOException, InterruptedException {
        Path stdin = Files.writeString(directory.resolve("body.txt"), "Hello.\n");
        Path stdout = Files.createTempFile(directory, "stdout", ".txt");
        Path stderr = Files.createTempFile(directory, "stderr", ".txt");
        Process process = new ProcessBuilder(javaCommand(programClassPath(), mainClass, arguments))
                .redirectInput(stdin.toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        if (!process.waitFor(STARTUP.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(mainClass + " " + List.of(arguments) + " still runs after "
                    + STARTUP.toSeconds() + " s");
        }
        return new ChildResult(process.exitValue(), Files.readString(stdout),
                Files.readString(stderr));
    }

    /** This JVM's class path without the test classes and their logback-test.xml. */
    private static String programClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static List<String> javaCommand(String classPath, String mainClass,
                                            String... arguments) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", classPath, mainClass));
        command.addAll(List.of(arguments));
        return command;
    }

    private static boolean daemonAnswers() {
        if (!Files.exists(daemonSocket)) {
            return false;
        }
        try (NcpClient client = NcpClient.connect(daemonSocket)) {
            return client.localHost().name().equals("HOST-A");
        } catch (IOException e) {
            return false;
        }
    }
}
