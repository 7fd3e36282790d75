package org.rfc644.ncp.tool;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.rfc644.ncp.client.ConnectionStatus;
import org.rfc644.ncp.client.NcpClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ncp status}: every connection of the daemon, one line each. */
@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = ToolVersion.class,
        description = "Prints every connection of the daemon: local socket, foreign host and "
                + "socket, byte size, state, owner uid and the octets received and sent.")
final class StatusCommand implements Callable<Integer> {

    private static final String FORMAT = "%-12s %-16s %-12s %4s %-16s %7s %12s %12s%n";

    @ParentCommand
    private NcpCommand ncp;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        List<ConnectionStatus> connections;
        try (NcpClient client = ncp.connect()) {
            connections = client.status();
        }

        PrintWriter out = spec.commandLine().getOut();
        out.printf(FORMAT, "LOCAL SOCKET", "FOREIGN HOST", "FOREIGN SOCK", "SIZE", "STATE",
                "UID", "BYTES IN", "BYTES OUT");
        for (ConnectionStatus connection : connections) {
            out.printf(FORMAT, Integer.toUnsignedString(connection.localSocket()),
                    connection.foreignHost(), Integer.toUnsignedString(connection.foreignSocket()),
                    connection.byteSize(), connection.state(),
                    Integer.toUnsignedString(connection.ownerUid()),
                    Long.toUnsignedString(connection.bytesIn()),
                    Long.toUnsignedString(connection.bytesOut()));
        }
        return 0;
    }
}
