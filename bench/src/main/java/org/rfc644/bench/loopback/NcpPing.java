package org.rfc644.bench.loopback;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.rfc644.ncp.client.NcpClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Round trips of ECO and ERP between two daemons, one after the other. Prints the median of the
 * round trip that the daemon measures (ECO sent to ERP received) and of the round trip that the
 * program measures (PING request to OK, through the local API).
 */
@Command(name = "ncp-ping", mixinStandardHelpOptions = true,
        description = "Median round trip of ECO/ERP between two daemons, in microseconds.")
final class NcpPing implements Callable<Integer> {

    @Option(names = "--socket", required = true, description = "Local API socket of host A.")
    private Path socket;

    @Option(names = "--host", required = true, description = "The host to ping.")
    private String host;

    @Option(names = "--count", defaultValue = "500",
            description = "Round trips (default: ${DEFAULT-VALUE}).")
    private int count;

    @Option(names = "--warmup", defaultValue = "100",
            description = "Round trips first, not counted (default: ${DEFAULT-VALUE}).")
    private int warmup;

    @Override
    public Integer call() throws Exception {
        Duration timeout = Duration.ofSeconds(5);
        List<Double> daemon = new ArrayList<>();
        List<Double> program = new ArrayList<>();
        try (NcpClient client = NcpClient.connect(socket)) {
            for (int i = 0; i < warmup + count; i++) {
                long before = System.nanoTime();
                Duration roundTrip = client.ping(host, timeout);
                long after = System.nanoTime();
                if (i >= warmup) {
                    daemon.add(roundTrip.toNanos() / 1e3);
                    program.add((after - before) / 1e3);
                }
            }
        }
        Metrics.print("ncp.ping.daemon.us", new Samples(daemon).median());
        Metrics.print("ncp.ping.program.us", new Samples(program).median());
        return 0;
    }
}
