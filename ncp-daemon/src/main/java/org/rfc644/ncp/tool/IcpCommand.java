package org.rfc644.ncp.tool;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.rfc644.ncp.client.NcpClient;
import org.rfc644.ncp.client.NcpException;
import org.rfc644.ncp.icp.Icp;
import org.rfc644.ncp.icp.IcpConnection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ncp icp}: the user side of RFC 165's ICP, then standard input and output joined to it. */
@Command(name = "icp", mixinStandardHelpOptions = true, versionProvider = ToolVersion.class,
        description = {
                "Performs the user side of the Initial Connection Protocol (RFC 165) from local "
                        + "socket U to socket L of HOST, then copies standard input to the send "
                        + "connection (U+3) and the receive connection (U+2) to standard output, "
                        + "like netcat for NCP. Both connections use byte size 8.",
                "Each line feed read from standard input is sent as CR LF, the line end of "
                        + "Telnet and FTP, unless it already follows a CR; --binary sends "
                        + "input unchanged. Received data is written unchanged.",
                "At the end of input the send connection is closed and ncp waits up to "
                        + "--linger seconds for the server to close its side; ncp exits when the "
                        + "server closes its side. A refused request prints the daemon's error "
                        + "and exits with 1."})
final class IcpCommand implements Callable<Integer> {

    @ParentCommand
    private NcpCommand ncp;

    @Spec
    private CommandSpec spec;

    @Option(names = "--from", paramLabel = "U",
            description = "Local even socket U; U+2 and U+3 carry the data. Default: four free "
                    + "sockets that the daemon allocates.")
    private Integer userSocket;

    @Parameters(index = "0", paramLabel = "HOST", description = "Host name or number.")
    private String host;

    @Parameters(index = "1", paramLabel = "L", description = "The server's odd socket, e.g. 3 for FTP.")
    private int serverSocket;

    @Option(names = {"-t", "--timeout"}, paramLabel = "SECONDS", defaultValue = "30",
            description = "How long each step of ICP may take, in seconds (default: ${DEFAULT-VALUE}).")
    private long timeoutSeconds;

    @Option(names = "--linger", paramLabel = "SECONDS", defaultValue = "5",
            description = "How long to wait for the server after the end of input, in seconds "
                    + "(default: ${DEFAULT-VALUE}).")
    private long lingerSeconds;

    @Option(names = "--binary", description = "Send standard input unchanged (no LF to CR LF).")
    private boolean binary;

    @Option(names = {"-v", "--verbose"}, description = "Print the sockets of the pair on standard error.")
    private boolean verbose;

    /** Source of the data to send and sink of the data received; standard input and output. */
    InputStream input = System.in;
    OutputStream output = System.out;

    @Override
    public Integer call() throws IOException {
        // RFC 165: U and S are receive sockets (even), L is a send socket (odd).
        if (userSocket != null && (userSocket == 0 || userSocket % 2 != 0)) {
            throw new ParameterException(spec.commandLine(),
                    "--from must be a nonzero even (receive) socket: " + userSocket);
        }
        if (serverSocket % 2 == 0) {
            throw new ParameterException(spec.commandLine(),
                    "L must be an odd (send) socket: " + serverSocket);
        }

        try (NcpClient client = ncp.connect()) {
            int u = userSocket != null ? userSocket : client.allocate(4);
            IcpConnection pair = connect(client, u);
            if (verbose) {
                spec.commandLine().getErr().printf("connected to %s (%d): sockets %d and %d to %d "
                                + "and %d%n", pair.foreignHostName(), pair.foreignHostNumber(), u + 3,
                        u + 2, pair.serverSocket(), pair.serverSocket() + 1);
            }

            InputPump pump = new InputPump(input, pair, !binary, Duration.ofSeconds(lingerSeconds));
            Thread pumpThread = new Thread(pump, "ncp-icp-input");
            pumpThread.setDaemon(true);
            pumpThread.start();

            copyReceived(pair);
            pair.close();
        }
        return 0;
    }

    /**
     * Performs the ICP from {@code u}. When the daemon rejects a socket of a chosen {@code --from},
     * the error names the three sockets that the ICP binds, because the rejected one is often
     * U+2 or U+3 rather than the U that the user gave.
     */
    private IcpConnection connect(NcpClient client, int u) throws IOException {
        try {
            return Icp.connect(client, u, host, serverSocket, Duration.ofSeconds(timeoutSeconds));
        } catch (NcpException e) {
            if (userSocket == null || e.code() != NcpException.Code.PERMISSION_DENIED) {
                throw e;
            }
            throw new NcpException(e.code(), e.getMessage() + ". The ICP from --from " + u
                    + " binds sockets " + u + " (U), " + (u + 2) + " (U+2) and " + (u + 3)
                    + " (U+3); choose an even U whose three sockets you may bind.");
        }
    }

    /** Copies the receive connection to the output until the server closes it. */
    private void copyReceived(IcpConnection pair) throws IOException {
        InputStream received = pair.inputStream();
        byte[] buffer = new byte[8192];
        int count;
        while ((count = received.read(buffer)) >= 0) {
            output.write(buffer, 0, count);
            output.flush();
        }
    }
}
