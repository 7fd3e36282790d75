package org.rfc644.ncp.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rfc644.ncp.client.NcpClient;
import org.rfc644.ncp.client.NcpConnection;
import org.rfc644.ncp.client.NcpListener;
import org.rfc644.ncp.icp.Icp;
import org.rfc644.ncp.icp.IcpConnection;
import org.rfc644.ncp.policy.UserDatabase;
import picocli.CommandLine;

/** The {@code ncp} tool against two real daemons on loopback. */
class NcpToolTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path directory;

    private static LoopbackNetwork network;

    @BeforeAll
    static void startDaemons() throws IOException {
        network = LoopbackNetwork.start(directory);
    }

    @AfterAll
    static void stopDaemons() {
        if (network != null) {
            network.close();
        }
    }

    @Test
    void pingPrintsRoundTrip() {
        Run run = ncp("--socket", network.alphaSocket.toString(), "ping", "bravo");

        assertEquals(0, run.exitCode, run.err);
        assertTrue(run.out.matches("reply from bravo: time=\\d+\\.\\d{3} ms\\R"), run.out);
    }

    @Test
    void pingAcceptsSocketAfterSubcommand() {
        Run run = ncp("ping", "--socket", network.bravoSocket.toString(), "1");

        assertEquals(0, run.exitCode, run.err);
        assertTrue(run.out.startsWith("reply from 1: time="), run.out);
    }

    @Test
    void pingDeadHostFails() {
        Run run = ncp("--socket", network.alphaSocket.toString(), "ping", "--timeout", "3", "dead");

        assertEquals(1, run.exitCode, run.out);
        assertTrue(run.err.startsWith("ncp: "), run.err);
        assertTrue(run.err.contains("dead"), run.err);
        assertEquals("", run.out);
    }

    @Test
    void pingUnknownHostFails() {
        Run run = ncp("--socket", network.alphaSocket.toString(), "ping", "charlie");

        assertEquals(1, run.exitCode);
        assertTrue(run.err.contains("\"charlie\" is not in the host table"), run.err);
    }

    @Test
    void missingDaemonSocketFails() {
        Path missing = directory.resolve("missing.sock");

        Run run = ncp("--socket", missing.toString(), "hosts");

        assertEquals(1, run.exitCode);
        assertTrue(run.err.contains(missing.toString()), run.err);
        assertTrue(run.err.contains("is ncp-daemon running"), run.err);
    }

    @Test
    void hostsMarksLocalHost() {
        Run run = ncp("--socket", network.bravoSocket.toString(), "hosts");

        assertEquals(0, run.exitCode, run.err);
        assertEquals(List.of("    1 alpha", "*   2 bravo", "    3 dead"), run.out.lines().toList());
    }

    @Test
    void icpFromReservedSocketRefused() throws IOException {
        int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        String user = UserDatabase.system().describe(uid);
        assumeFalse(user.startsWith("mailer "), "this test needs a user other than mailer");

        Run run = ncp("--socket", network.alphaSocket.toString(), "icp", "--from", "232", "bravo", "3");

        assertEquals(1, run.exitCode);
        assertTrue(run.err.startsWith("ncp: socket 232 is reserved for mailer; you are " + user + ". "),
                run.err);
        assertTrue(run.err.contains("binds sockets 232 (U), 234 (U+2) and 235 (U+3)"), run.err);
    }

    @Test
    void icpFromNamesReservedPairSocket() throws Exception {
        int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        String user = UserDatabase.system().describe(uid);
        assumeFalse(user.startsWith("mailer "), "this test needs a user other than mailer");

        Run run;
        try (NcpClient server = NcpClient.connect(network.bravoSocket);
             NcpListener listener = server.listen(45, Icp.SOCKET_NUMBER_BYTE_SIZE)) {
            CompletableFuture.runAsync(() -> serveOnce(server, listener, ""));

            // 230 is free, but the pair sockets 232 and 233 are reserved for the mailer.
            run = ncp("--socket", network.alphaSocket.toString(), "icp", "--from", "230", "bravo", "45");
        }

        assertEquals(1, run.exitCode, run.out);
        assertTrue(run.err.contains("is reserved for mailer"), run.err);
        assertTrue(run.err.contains("The ICP from --from 230 binds sockets 230 (U), 232 (U+2) and 233 (U+3)"),
                run.err);
    }

    @Test
    void icpRejectsWrongSocketGender() {
        Run oddUser = ncp("--socket", network.alphaSocket.toString(), "icp", "--from", "301", "bravo", "3");
        Run evenServer = ncp("--socket", network.alphaSocket.toString(), "icp", "bravo", "4");

        assertEquals(2, oddUser.exitCode);
        assertTrue(oddUser.err.startsWith("--from must be a nonzero even (receive) socket: 301"),
                oddUser.err);
        assertEquals(2, evenServer.exitCode);
        assertTrue(evenServer.err.startsWith("L must be an odd (send) socket: 4"), evenServer.err);
    }

    @Test
    void icpJoinsInputAndOutput() throws Exception {
        CompletableFuture<String> received;
        Run run;
        try (NcpClient server = NcpClient.connect(network.bravoSocket);
             NcpListener listener = server.listen(41, Icp.SOCKET_NUMBER_BYTE_SIZE)) {
            received = CompletableFuture.supplyAsync(() -> serveOnce(server, listener, "got: "));

            run = ncpWithInput("hello\nworld\r\n".getBytes(StandardCharsets.US_ASCII),
                    "--socket", network.alphaSocket.toString(), "icp", "bravo", "41");
            received.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }

        assertEquals(0, run.exitCode, run.err);
        assertEquals("hello\r\nworld\r\n", received.get(), "LF becomes CR LF, CR LF stays");
        assertEquals("got: hello\r\nworld\r\n", run.out);
    }

    @Test
    void icpBinarySendsInputUnchanged() throws Exception {
        CompletableFuture<String> received;
        Run run;
        try (NcpClient server = NcpClient.connect(network.bravoSocket);
             NcpListener listener = server.listen(43, Icp.SOCKET_NUMBER_BYTE_SIZE)) {
            received = CompletableFuture.supplyAsync(() -> serveOnce(server, listener, ""));

            run = ncpWithInput("a\nb\n".getBytes(StandardCharsets.US_ASCII), "--socket",
                    network.alphaSocket.toString(), "icp", "--binary", "--from", "300", "bravo", "43");
            received.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }

        assertEquals(0, run.exitCode, run.err);
        assertEquals("a\nb\n", received.get());
        assertEquals("a\nb\n", run.out);
    }

    @Test
    void statusListsOpenConnection() throws Exception {
        try (NcpClient alpha = NcpClient.connect(network.alphaSocket);
             NcpClient bravo = NcpClient.connect(network.bravoSocket);
             NcpListener listener = bravo.listen(51, 8)) {
            CompletableFuture<NcpConnection> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    return listener.accept(WAIT);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            try (NcpConnection receiving = alpha.open(400, "bravo", 51, 8, WAIT);
                 NcpConnection sending = accepted.get(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                sending.outputStream().write(new byte[] {1, 2, 3});
                sending.outputStream().flush();
                assertEquals(3, receiving.inputStream().readNBytes(3).length);

                Run run = ncp("--socket", network.alphaSocket.toString(), "status");

                assertEquals(0, run.exitCode, run.err);
                List<String> lines = run.out.lines().toList();
                assertTrue(lines.get(0).startsWith("LOCAL SOCKET"), lines.get(0));
                String row = lines.stream().filter(line -> line.startsWith("400 ")).findFirst()
                        .orElseThrow(() -> new AssertionError("no row for socket 400: " + run.out));
                List<String> fields = List.of(row.trim().split("\\s+"));
                assertEquals("bravo", fields.get(1), row);
                assertEquals("51", fields.get(2), row);
                assertEquals("8", fields.get(3), row);
                assertEquals("3", fields.get(6), row);
            }
        }
    }

    /** Serves one ICP on {@code listener}: reads until the user closes, replies, closes. */
    private static String serveOnce(NcpClient server, NcpListener listener, String prefix) {
        try (NcpConnection accepted = listener.accept(WAIT);
             IcpConnection pair = Icp.serve(server, accepted, WAIT)) {
            String text = new String(pair.inputStream().readAllBytes(), StandardCharsets.US_ASCII);
            pair.outputStream().write((prefix + text).getBytes(StandardCharsets.US_ASCII));
            return text;
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    private static Run ncp(String... args) {
        return ncpWithInput(new byte[0], args);
    }

    private static Run ncpWithInput(byte[] input, String... args) {
        CommandLine commandLine = NcpCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        CommandLine icp = commandLine.getSubcommands().get("icp");
        IcpCommand icpCommand = icp.getCommand();
        icpCommand.input = new ByteArrayInputStream(input);
        icpCommand.output = data;

        int exitCode = commandLine.execute(args);
        String printed = out + data.toString(StandardCharsets.US_ASCII);
        return new Run(exitCode, printed, err.toString());
    }

    private record Run(int exitCode, String out, String err) {
    }
}
