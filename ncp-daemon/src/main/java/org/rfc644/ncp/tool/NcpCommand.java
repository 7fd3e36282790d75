package org.rfc644.ncp.tool;

import java.io.IOException;
import java.nio.file.Path;
import org.rfc644.ncp.client.NcpClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code ncp} tool, a client of the local NCP daemon: ping, status, hosts and ICP. */
@Command(name = "ncp",
        mixinStandardHelpOptions = true,
        versionProvider = ToolVersion.class,
        description = "Talks to the local NCP daemon over its Unix socket.",
        subcommands = {PingCommand.class, StatusCommand.class, HostsCommand.class,
                IcpCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:success",
                "1:the daemon rejected or could not carry out the request, or is not reachable",
                "2:invalid command line"})
public final class NcpCommand {

    /** Exit code of a request that failed. */
    static final int FAILED = 1;

    @Option(names = "--socket", paramLabel = "PATH", scope = ScopeType.INHERIT,
            description = "Unix socket of the NCP daemon (default: ${DEFAULT-VALUE}).")
    Path socket = NcpClient.DEFAULT_SOCKET;

    /** Opens a session with the daemon named by {@code --socket}. */
    NcpClient connect() throws IOException {
        return NcpClient.connect(socket);
    }

    public static void main(String[] args) {
        // Must precede the first logger: the daemon's logging configuration is on the class path too.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "ncp-tool-logback.xml");
        }
        System.exit(commandLine().execute(args));
    }

    /** Returns the command line with its error handling: failures print one line on stderr. */
    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new NcpCommand());
        commandLine.setExecutionExceptionHandler((failure, line, parseResult) -> {
            if (!(failure instanceof IOException)) {
                throw failure;
            }
            line.getErr().println("ncp: " + failure.getMessage());
            return FAILED;
        });
        return commandLine;
    }
}
