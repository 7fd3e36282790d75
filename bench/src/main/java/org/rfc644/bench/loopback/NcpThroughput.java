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
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.rfc644.ncp.client.NcpClient;
import org.rfc644.ncp.client.NcpConnection;
import org.rfc644.ncp.client.NcpListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Bulk throughput between two daemons: N connections at once from host A's send sockets to host
 * B's receive sockets, each program in its own local API session. All senders start together
 * once every connection is open and write for the given time. The rate is the octets received
 * on B until the last end of stream, divided by the time from the start to that end.
 *
 * <p>Each sender keeps at most {@link #WINDOW_OCTETS} written but not yet received, as a TCP
 * socket's buffers would. The daemon takes SEND frames much faster than it forwards them, so
 * without a window the data queued in the daemon, and the wait for it after the senders stop,
 * grow with the sending time.
 */
@Command(name = "ncp-throughput", mixinStandardHelpOptions = true,
        description = "Bulk throughput of N NCP connections at once from host A to host B.")
final class NcpThroughput implements Callable<Integer> {

    private static final int WRITE_OCTETS = 64 * 1024;

    /** Octets a sender may have written that its receiver has not read yet. */
    private static final long WINDOW_OCTETS = 1024 * 1024;

    private static final long WINDOW_WAIT_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

    /**
     * How long the data written may take to arrive after the senders stop, at most one window
     * per connection.
     */
    private static final Duration DRAIN_LIMIT = Duration.ofSeconds(120);

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
                AtomicLong progress = new AtomicLong();
                received.add(threads.submit(() -> receive(listener, timeout, allOpen, progress)));
                sent.add(threads.submit(() -> send(sender, foreignSocket, timeout, allOpen,
                        started, start, progress)));
            }

            if (!allOpen.await(timeout.toSeconds(), TimeUnit.SECONDS)) {
                throw new IOException("the connections did not open within " + timeout);
            }
            start[0] = System.nanoTime();
            started.countDown();

            long drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds)
                    + DRAIN_LIMIT.toNanos();
            long octetsSent = 0;
            for (Future<Long> each : sent) {
                octetsSent += each.get(drainDeadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            }
            long octets = 0;
            long end = start[0];
            for (Future<long[]> each : received) {
                long[] result = each.get(drainDeadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                octets += result[0];
                end = Math.max(end, result[1]);
            }

            double elapsedSeconds = (end - start[0]) / 1e9;
            System.err.printf("bench: %s: %d connections, %d octets sent in %d s, %d received "
                    + "in %.1f s%n", metric, connections, octetsSent, seconds, octets,
                    elapsedSeconds);
            Metrics.print(metric + ".mbit", octets * 8 / elapsedSeconds / 1e6);
            return 0;
        } finally {
            threads.shutdownNow();
            for (NcpClient session : sessions) {
                session.close();
            }
        }
    }

    /**
     * Writes from the start for the given time, never more than a window ahead of the octets
     * received, then closes; returns the octets written.
     */
    private long send(NcpClient session, int foreignSocket, Duration timeout,
                      CountDownLatch allOpen, CountDownLatch started, long[] start,
                      AtomicLong received) throws IOException, InterruptedException {
        // Local socket 0: the daemon picks a free send (odd) socket.
        NcpConnection connection = session.open(0, hostB, foreignSocket, byteSize, timeout);
        connection.setTimeout(DRAIN_LIMIT);
        allOpen.countDown();
        started.await();

        byte[] chunk = new byte[WRITE_OCTETS];
        long deadline = start[0] + TimeUnit.SECONDS.toNanos(seconds);
        long octets = 0;
        OutputStream out = connection.outputStream();
        while (System.nanoTime() < deadline) {
            if (octets - received.get() > WINDOW_OCTETS) {
                out.flush();
                LockSupport.parkNanos(WINDOW_WAIT_NANOS);
                continue;
            }
            out.write(chunk);
            octets += chunk.length;
        }
        out.flush();
        connection.close();
        return octets;
    }

    /** Reads until end of stream, counting in {@code progress}; returns the octets and the end. */
    private static long[] receive(NcpListener listener, Duration timeout, CountDownLatch allOpen,
                                  AtomicLong progress) throws IOException {
        NcpConnection connection = listener.accept(timeout);
        connection.setTimeout(DRAIN_LIMIT);
        allOpen.countDown();

        byte[] buffer = new byte[WRITE_OCTETS];
        long octets = 0;
        InputStream in = connection.inputStream();
        for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
            octets += n;
            progress.set(octets);
        }
        long end = System.nanoTime();
        connection.close();
        return new long[] {octets, end};
    }
}
