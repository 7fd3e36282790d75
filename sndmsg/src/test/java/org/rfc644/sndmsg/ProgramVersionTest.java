package org.rfc644.sndmsg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.rfc644.ftpserver.FtpServerCommand;
import org.rfc644.mailer.MailerCommand;
import org.rfc644.ncp.daemon.NcpDaemonCommand;
import org.rfc644.ncp.tool.NcpCommand;
import org.rfc644.sndmsg.readmail.ReadmailCommand;
import picocli.CommandLine;

/**
 * {@code --version} of every program. The other modules are on the test class path as jars, which
 * contain Maven's pom.properties. This module's own classes come from the build directory, which
 * has none.
 */
class ProgramVersionTest {

    /** A Maven project version such as 0.1.0-SNAPSHOT. */
    private static final String MAVEN_VERSION = "\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?";

    @Test
    void jarProgramsPrintMavenVersion() {
        assertTrue(version(NcpDaemonCommand.class).matches("ncp-daemon " + MAVEN_VERSION),
                version(NcpDaemonCommand.class));
        assertTrue(version(NcpCommand.class).matches("ncp " + MAVEN_VERSION), version(NcpCommand.class));
        assertTrue(version(FtpServerCommand.class).matches("ftp-server " + MAVEN_VERSION),
                version(FtpServerCommand.class));
        assertTrue(version(MailerCommand.class).matches("mailer " + MAVEN_VERSION),
                version(MailerCommand.class));
    }

    @Test
    void jarProgramsAgreeOnVersion() {
        String daemonVersion = version(NcpDaemonCommand.class).substring("ncp-daemon ".length());

        assertEquals("ftp-server " + daemonVersion, version(FtpServerCommand.class));
        assertEquals("mailer " + daemonVersion, version(MailerCommand.class));
    }

    @Test
    void subcommandPrintsProgramName() {
        String mailq = version(MailerCommand.class, "mailq", "--version");

        assertTrue(mailq.matches("mailer " + MAVEN_VERSION), mailq);
    }

    @Test
    void buildDirectoryProgramsPrintName() {
        assertEquals("sndmsg (development build)", version(SndmsgCommand.class));
        assertEquals("readmail (development build)", version(ReadmailCommand.class));
    }

    private static String version(Class<?> command) {
        return version(command, "--version");
    }

    private static String version(Class<?> command, String... arguments) {
        CommandLine commandLine = new CommandLine(command);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));

        commandLine.execute(arguments);

        return (out.toString() + err).strip();
    }
}
