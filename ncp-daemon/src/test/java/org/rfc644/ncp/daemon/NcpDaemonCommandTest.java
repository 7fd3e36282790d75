package org.rfc644.ncp.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class NcpDaemonCommandTest {

    @TempDir
    Path directory;

    @Test
    void helpShowsLimitDefaults() {
        StringWriter out = new StringWriter();
        CommandLine command = new CommandLine(new NcpDaemonCommand());
        command.setOut(new PrintWriter(out));

        assertEquals(0, command.execute("--help"));

        // picocli wraps long lines, so the checks ignore white space.
        String help = out.toString().replaceAll("\\s+", "");
        assertTrue(help.contains("--max-connections-per-uid=N"), help);
        assertTrue(help.contains("Connectionsandlistenersthesessionsofoneuidmayhold(default:64)"), help);
        assertTrue(help.contains("(default:/run/ncp/ncp.sock)"), help);
        assertTrue(help.contains("--trace"), help);
    }

    @Test
    void missingHostOptionRejected() {
        CommandLine command = new CommandLine(new NcpDaemonCommand());
        command.setErr(new PrintWriter(new StringWriter()));

        assertEquals(2, command.execute("--hosts", "hosts"));
    }

    @Test
    void hostMissingFromTableFails() throws Exception {
        Path hosts = directory.resolve("hosts");
        Files.writeString(hosts, "1 alpha 127.0.0.1:47999\n");
        CommandLine command = new CommandLine(new NcpDaemonCommand());
        command.setErr(new PrintWriter(new StringWriter()));

        int exitCode = command.execute("--host", "zulu", "--hosts", hosts.toString(),
                "--socket", directory.resolve("ncp.sock").toString());

        assertNotEquals(0, exitCode);
    }
}
