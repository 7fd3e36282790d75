package org.rfc644.bench.loopback;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.rfc644.ncp.client.NcpClient;
import org.rfc644.ncp.client.NcpConnection;
import org.rfc644.ncp.client.NcpListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Bulk throughput between two daemons: N connections at once from host A's send sockets to host
 * B's receive sockets, each program in its own local API session. All senders start together
 * once every connection is open and write for the given time; the rate is the octets received
 * on B until the last end of stream, divided by the time from the start to that end.
 */
@Command(name = "ncp-throughput", mixinStandardHelpOptions = true,
        description = "Bulk throughput of N NCP connections at once from host A to host B.")
final class NcpThroughput implements Callable<Integer> {

    private static final int WRITE_OCTETS = 64 * 1024;

    @Option(names = "--socket-a", required = true, description = "Local API socket of host A.")
    private Path socketA;

    @Option(names = "--socket-b", required = true, description = "Local API socket of host B.")
    private Path socketB;

    @Option(names = "--host-b", required = true, description = "Host B's name in the host table.")
    private String hostB;

    @Option(names = "--connections", defaultValue = "1",
            description = "Connections at once (default: ${DEFAULT-VALUE}).")
    private int connections;

    @Option(names = "--seconds", defaultValue = "5",
            description = "How long the senders write (default: ${DEFAULT-VALUE}).")
    private int seconds;

    @Option(names = "--byte-size", defaultValue = "8",
            description = "Byte size of the connections (default: ${DEFAULT-VALUE}).")
    private int byteSize;

    @Option(names = "--first-socket", defaultValue = "70000",
            description = "Host B listens on this even socket and the next ones, 2 apart "
                    + "(default: ${DEFAULT-VALUE}).")
    private int firstSocket;

    @Option(names = "--metric", defaultValue = "ncp.throughput",
            description = "Name of the printed figures (default: ${DEFAULT-VALUE}).")
    private String metric;

    @Override
    public Integer call() throws Exception {
        Duration timeout = Duration.ofSeconds(30);
        ExecutorService threads = Executors.newFixedThreadPool(2 * connections);
        List<NcpClient> sessions = new ArrayList<>();
        try {
            List<NcpListener> listeners = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                NcpClient receiver = NcpClient.connect(socketB);
                sessions.add(receiver);
                // A receive socket is even (NIC 8246 socket gender).
                listeners.add(receiver.listen(firstSocket + 2 * i, byteSize));
            }

            CountDownLatch allOpen = new CountDownLatch(2 * connections);
            long[] start = new long[1];
            CountDownLatch started = new CountDownLatch(1);
            List<Future<long[]>> received = new ArrayList<>();
            List<Future<Long>> sent = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                NcpClient sender = NcpClient.connect(socketA);
                sessions.add(sender);
                int foreignSocket = firstSocket + 2 * i;
                NcpListener listener = listeners.get(i);
                received.add(threads.submit(() -> receive(listener, timeout, allOpen)));
                sent.add(threads.submit(() -> send(sender, foreignSocket, timeout, allOpen,
                        started, start)));
            }

            if (!allOpen.await(timeout.toSeconds(), TimeUnit.SECONDS)) {
                throw new IOException("the connections did not open within " + timeout);
            }
            start[0] = System.nanoTime();
            started.countDown();

            long octetsSent = 0;
            for (Future<Long> each : sent) {
                octetsSent += each.get(seconds + timeout.toSeconds(), TimeUnit.SECONDS);
            }
            long octets = 0;
            long end = start[0];
            for (Future<long[]> each : received) {
                long[] result = each.get(timeout.toSeconds(), TimeUnit.SECONDS);
                octets += result[0];
                end = Math.max(end, result[1]);
            }

            double elapsedSeconds = (end - start[0]) / 1e9;
            if (octets != octetsSent) {
                System.err.printf("bench: sent %d octets, received %d%n", octetsSent, octets);
            }
            Metrics.print(metric + ".mbit", octets * 8 / elapsedSeconds / 1e6);
            return 0;
        } finally {
            threads.shutdownNow();
            for (NcpClient session : sessions) {
                session.close();
            }
        }
    }

    /** Writes from the start for the given time, then closes; returns the octets written. */
    private long send(NcpClient session, int foreignSocket, Duration timeout,
                      CountDownLatch allOpen, CountDownLatch started, long[] start)
            throws IOException, InterruptedException {
        // Local socket 0: the daemon picks a free send (odd) socket.
        NcpConnection connection = session.open(0, hostB, foreignSocket, byteSize, timeout);
        connection.setTimeout(timeout);
        allOpen.countDown();
        started.await();

        byte[] chunk = new byte[WRITE_OCTETS];
        long deadline = start[0] + TimeUnit.SECONDS.toNanos(seconds);
        long octets = 0;
        OutputStream out = connection.outputStream();
        while (System.nanoTime() < deadline) {
            out.write(chunk);
            octets += chunk.length;
        }
        out.flush();
        connection.close();
        return octets;
    }

    /** Reads until end of stream; returns the octets and the time of the end. */
    private static long[] receive(NcpListener listener, Duration timeout, CountDownLatch allOpen)
            throws IOException {
        NcpConnection connection = listener.accept(timeout);
        connection.setTimeout(timeout);
        allOpen.countDown();

        byte[] buffer = new byte[WRITE_OCTETS];
        long octets = 0;
        InputStream in = connection.inputStream();
        for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
            octets += n;
        }
        long end = System.nanoTime();
        connection.close();
        return new long[] {octets, end};
    }
}
