package org.rfc644.ncp.tool;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.rfc644.ncp.client.NcpClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ncp ping HOST}: ECO to a host, ERP back, and the round trip time. */
@Command(name = "ping", mixinStandardHelpOptions = true, versionProvider = ToolVersion.class,
        description = {"Sends ECO to HOST and prints the round trip time of its ERP in milliseconds.",
                "Exits with 0 on a reply and 1 when none comes in time or the host is dead."})
final class PingCommand implements Callable<Integer> {

    @ParentCommand
    private NcpCommand ncp;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "HOST", description = "Host name from the host table, or host number.")
    private String host;

    @Option(names = {"-t", "--timeout"}, paramLabel = "SECONDS", defaultValue = "5",
            description = "How long to wait for the reply, in seconds (default: ${DEFAULT-VALUE}).")
    private long timeoutSeconds;

    @Override
    public Integer call() throws IOException {
        try (NcpClient client = ncp.connect()) {
            Duration roundTrip = client.ping(host, Duration.ofSeconds(timeoutSeconds));
            spec.commandLine().getOut().printf("reply from %s: time=%.3f ms%n", host,
                    roundTrip.toNanos() / 1_000_000.0);
        }
        return 0;
    }
}
