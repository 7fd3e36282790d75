package org.rfc644.ncp.tool;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.rfc644.ncp.connection.EngineConfig;
import org.rfc644.ncp.daemon.NcpDaemon;
import org.rfc644.ncp.hosts.HostTable;
import org.rfc644.ncp.policy.SocketPolicy;
import org.rfc644.ncp.policy.UserDatabase;

/**
 * Two NCP daemons on loopback, alpha (host 1 on 127.0.0.1) and bravo (host 2 on 127.0.0.2), with
 * the default socket policy. The host table also lists dead (host 3 on 127.0.0.3), where no
 * daemon runs.
 */
public final class LoopbackNetwork implements AutoCloseable {

    public final NcpDaemon alpha;
    public final NcpDaemon bravo;
    public final Path alphaSocket;
    public final Path bravoSocket;

    private LoopbackNetwork(NcpDaemon alpha, NcpDaemon bravo) {
        this.alpha = alpha;
        this.bravo = bravo;
        this.alphaSocket = alpha.socketPath();
        this.bravoSocket = bravo.socketPath();
    }

    /** Starts both daemons with their host table and Unix sockets in {@code directory}. */
    public static LoopbackNetwork start(Path directory) throws IOException {
        Path hostsFile = directory.resolve("hosts");
        Files.write(hostsFile, List.of(
                "# host table of the test network",
                "1 alpha 127.0.0.1:" + freePort("127.0.0.1"),
                "2 bravo 127.0.0.2:" + freePort("127.0.0.2"),
                "3 dead 127.0.0.3:" + freePort("127.0.0.3")));
        HostTable hosts = HostTable.load(hostsFile);
        SocketPolicy policy = SocketPolicy.defaults(UserDatabase.system());

        NcpDaemon alpha = NcpDaemon.start(hosts, "alpha", directory.resolve("alpha.sock"), policy,
                EngineConfig.defaults());
        try {
            NcpDaemon bravo = NcpDaemon.start(hosts, "bravo", directory.resolve("bravo.sock"),
                    policy, EngineConfig.defaults());
            return new LoopbackNetwork(alpha, bravo);
        } catch (IOException | RuntimeException e) {
            alpha.close();
            throw e;
        }
    }

    @Override
    public void close() {
        alpha.close();
        bravo.close();
    }

    private static int freePort(String address) throws IOException {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
            return probe.getLocalPort();
        }
    }
}
