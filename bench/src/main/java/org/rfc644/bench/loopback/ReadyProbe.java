package org.rfc644.bench.loopback;

import io.netty.channel.ChannelHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import org.rfc644.ncp.client.NcpClient;
import org.rfc644.ncp.icp.Icp;
import org.rfc644.ncp.icp.IcpConnection;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Waits until a program responds on its socket and prints when: {@code armed} once the probe
 * itself is running (bench/run.sh starts the program only then), and {@code ready<TAB>MICROS}, the
 * time of the answer in microseconds since the epoch, for the script to subtract the program's
 * start time from.
 */
@Command(name = "ready", mixinStandardHelpOptions = true,
        description = "Waits until a program responds on its socket; prints the time in "
                + "microseconds since the epoch.")
final class ReadyProbe implements Callable<Integer> {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(2);

    /** RFC 454's FTP server listens on socket 3 (odd: it sends S to the user). */
    private static final int FTP_SOCKET = 3;

    /** Sockets that the probe's ICP binds: U, U+2 and U+3. */
    private static final int ICP_SOCKETS = 4;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Target target;

    static final class Target {

        @Option(names = "--ncp-daemon", paramLabel = "PATH",
                description = "The daemon's local API socket: ready once it sends WELCOME.")
        Path daemonSocket;

        @Option(names = "--ftp-server", paramLabel = "PATH:HOST",
                description = "Through the daemon at PATH, ICP to socket 3 of HOST: ready once the "
                        + "server's first reply line arrives.")
        String ftpServer;

        @Option(names = "--unix", paramLabel = "PATH",
                description = "A Unix socket: ready once a connection is accepted.")
        Path unixSocket;

        @Option(names = "--tcp", paramLabel = "ADDRESS:PORT",
                description = "A TCP server: ready once it sends something (an SMTP greeting).")
        String tcpAddress;
    }

    @Option(names = "--timeout", defaultValue = "30", paramLabel = "SECONDS",
            description = "Give up after this long (default: ${DEFAULT-VALUE}).")
    private int timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        Instant deadline = Instant.now().plusSeconds(timeoutSeconds);
        boolean ready;
        try (EventLoops loops = new EventLoops(1)) {
            warmUp(loops);
            System.out.println("armed");
            System.out.flush();

            if (target.daemonSocket != null) {
                ready = pollUntil(deadline, () -> daemonAnswers(target.daemonSocket));
            } else if (target.ftpServer != null) {
                ready = pollUntil(deadline, () -> ftpServerAnswers(target.ftpServer, deadline));
            } else if (target.unixSocket != null) {
                ready = pollUntil(deadline, () -> unixSocketAnswers(loops, target.unixSocket));
            } else {
                ready = pollUntil(deadline, () -> tcpServerAnswers(loops, target.tcpAddress));
            }
        }

        if (!ready) {
            System.err.println("bench: no answer within " + timeoutSeconds + " s");
            return 1;
        }
        System.out.println("ready\t" + ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now()));
        return 0;
    }

    /**
     * Makes one attempt before the program starts, which fails or succeeds at once. Loading the
     * probe's own classes (logging, Netty's transport, the NCP client) is then not counted as the
     * program's start-up. For an FTP server the probe contacts its daemon, which already runs.
     */
    private void warmUp(EventLoops loops) {
        try {
            if (target.daemonSocket != null) {
                NcpClient.connect(target.daemonSocket).close();
            } else if (target.ftpServer != null) {
                daemonAnswers(Path.of(target.ftpServer.substring(0, target.ftpServer.lastIndexOf(':'))));
            } else if (target.unixSocket != null) {
                BlockingChannel.connectUnix(loops, target.unixSocket, () -> new ChannelHandler[0],
                        Duration.ofSeconds(1)).close();
            } else {
                tcpServerAnswers(loops, target.tcpAddress);
            }
        } catch (Exception notStarted) {
            // Expected: the program does not run yet.
        }
    }

    private interface Attempt {
        boolean answered() throws Exception;
    }

    private static boolean pollUntil(Instant deadline, Attempt attempt)
            throws InterruptedException {
        while (Instant.now().isBefore(deadline)) {
            try {
                if (attempt.answered()) {
                    return true;
                }
            } catch (Exception notYet) {
                // Not listening yet: the next attempt follows after the poll interval.
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
        return false;
    }

    private static boolean daemonAnswers(Path socket) throws IOException {
        if (!Files.exists(socket)) {
            return false;
        }
        try (NcpClient client = NcpClient.connect(socket)) {
            return client.localHost() != null;
        }
    }

    /**
     * The daemon keeps a request for connection to a socket that no program listens on yet for
     * its hold time, so one ICP started before the server runs completes once the server listens.
     */
    private static boolean ftpServerAnswers(String pathAndHost, Instant deadline) throws Exception {
        int colon = pathAndHost.lastIndexOf(':');
        Path socket = Path.of(pathAndHost.substring(0, colon));
        String host = pathAndHost.substring(colon + 1);
        Duration timeout = Duration.between(Instant.now(), deadline);

        try (NcpClient client = NcpClient.connect(socket)) {
            int u = client.allocate(ICP_SOCKETS);
            try (IcpConnection pair = Icp.connect(client, u, host, FTP_SOCKET, timeout)) {
                pair.receiveConnection().setTimeout(timeout);
                return readLine(pair.inputStream()).length() > 0;
            }
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int octet = in.read(); octet != -1 && octet != '\n'; octet = in.read()) {
            line.write(octet);
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    private static boolean unixSocketAnswers(EventLoops loops, Path socket) throws IOException {
        if (!Files.exists(socket)) {
            return false;
        }
        try (BlockingChannel channel = BlockingChannel.connectUnix(loops, socket,
                     () -> new ChannelHandler[0], Duration.ofSeconds(1))) {
            return true;
        }
    }

    private static boolean tcpServerAnswers(EventLoops loops, String addressAndPort)
            throws IOException {
        int colon = addressAndPort.lastIndexOf(':');
        InetSocketAddress address = new InetSocketAddress(addressAndPort.substring(0, colon),
                Integer.parseInt(addressAndPort.substring(colon + 1)));
        try (BlockingChannel channel = BlockingChannel.connectTcp(loops, address,
                     () -> new ChannelHandler[0], Duration.ofSeconds(1))) {
            return channel.receive(Duration.ofSeconds(5)) != null;
        }
    }
}
