package org.rfc644.ncp.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rfc644.ncp.connection.EngineConfig;
import org.rfc644.ncp.connection.NcpEngine;
import org.rfc644.ncp.local.SendFrame;
import org.rfc644.ncp.tool.LoopbackNetwork;

/**
 * Bulk data between two real daemons from writers that write as fast as they can. Back pressure
 * must hold each writer to what the network and the reader take, at every stage from the writing
 * program to the reading one. A close after the bulk must send everything and end with the CLS
 * exchange.
 */
class BulkTransferTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    /** How long a whole transfer may take on a busy machine before the test gives up. */
    private static final Duration TRANSFER_LIMIT = Duration.ofMinutes(3);

    private static final int CHUNK = 64 * 1024;

    /** Period of the data pattern, a prime, so that it does not line up with chunks or messages. */
    private static final int PERIOD = 65_521;

    /** The pattern, long enough for a chunk from any offset within one period. */
    private static final byte[] PATTERN = pattern(PERIOD + CHUNK);

    /**
     * Octets written and not yet read, over all stages. On the sending side these are the
     * client's write queue (256 KB and one frame), a Unix socket buffer, the daemon's backlog and
     * the message in flight. On the receiving side they are the daemon's allocation and DATA
     * queue, a Unix socket buffer and the client's receive buffer (256 KB and one DATA frame). The stages add up to about 1.5 MB (an estimate). The
     * kernel sizes the socket buffers, so the bound leaves room for larger ones.
     */
    private static final long WRITTEN_NOT_READ_BOUND = 4L * 1024 * 1024;

    /**
     * Unsent octets that the sending daemon may hold for one connection. Above its send backlog it
     * stops reading the session, but SEND frames already read still arrive: the rest of one read
     * and one frame that the decoder completes after it.
     */
    private static final long SEND_SIDE_BOUND =
            EngineConfig.DEFAULT_SEND_BACKLOG_OCTETS + 2L * SendFrame.MAX_DATA;

    /**
     * Received octets that the receiving daemon may hold undelivered for one connection: no more
     * than it allocated to the sender, at byte size 8 one octet per 8 bits.
     */
    private static final long RECEIVE_SIDE_BOUND = EngineConfig.DEFAULT_ALLOCATION_BITS / 8;

    @TempDir
    static Path directory;

    private static LoopbackNetwork network;

    /** Runs the blocking writers and readers, one thread each. */
    private static ExecutorService threads;

    @BeforeAll
    static void startDaemons() throws IOException {
        network = LoopbackNetwork.start(directory);
        threads = Executors.newCachedThreadPool();
    }

    @AfterAll
    static void stopDaemons() {
        if (threads != null) {
            threads.shutdownNow();
        }
        if (network != null) {
            network.close();
        }
    }

    @Test
    void fastWriterStaysBounded() throws Exception {
        long total = 20L * 1024 * 1024;
        AtomicLong written = new AtomicLong();
        AtomicLong read = new AtomicLong();
        long[] maxima = new long[3];

        try (NcpClient sender = NcpClient.connect(network.bravoSocket);
             NcpClient receiver = NcpClient.connect(network.alphaSocket);
             NcpListener listener = sender.listen(701, 8)) {
            CompletableFuture<Void> sent = writeAndClose(listener, total, written);
            try (NcpConnection receiving = receiver.open(0, "bravo", 701, 8, WAIT)) {
                // The reader starts late and then reads slowly, so every stage fills first.
                CompletableFuture<Long> received = CompletableFuture.supplyAsync(() ->
                        readAll(receiving, read, Duration.ofSeconds(1), 2), threads);

                long deadline = System.nanoTime() + TRANSFER_LIMIT.toNanos();
                while (!received.isDone() && System.nanoTime() < deadline) {
                    maxima[0] = Math.max(maxima[0], written.get() - read.get());
                    maxima[1] = Math.max(maxima[1], heldOctets(network.bravo.engine(), 701));
                    maxima[2] = Math.max(maxima[2],
                            heldOctets(network.alpha.engine(), receiving.localSocket()));
                    Thread.sleep(10);
                }

                assertEquals(total, received.get(1, TimeUnit.SECONDS), "octets received");
                sent.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
        }

        assertTrue(maxima[0] <= WRITTEN_NOT_READ_BOUND,
                "written but not read: " + maxima[0] + " octets at most");
        assertTrue(maxima[1] <= SEND_SIDE_BOUND,
                "held unsent by the sending daemon: " + maxima[1] + " octets at most");
        assertTrue(maxima[2] <= RECEIVE_SIDE_BOUND,
                "held undelivered by the receiving daemon: " + maxima[2] + " octets at most");
        assertTrue(maxima[1] > 0, "the sending daemon never held data, so nothing was measured");
    }

    @Test
    void closeAfterBulkSendsEverything() throws Exception {
        int connections = 4;
        long perConnection = 4L * 1024 * 1024;
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        List<CompletableFuture<Long>> received = new ArrayList<>();
        List<NcpClient> sessions = new ArrayList<>();
        List<NcpConnection> receiving = new ArrayList<>();

        try {
            for (int i = 0; i < connections; i++) {
                NcpClient sender = NcpClient.connect(network.bravoSocket);
                NcpClient receiver = NcpClient.connect(network.alphaSocket);
                sessions.add(sender);
                sessions.add(receiver);
                int socket = 801 + 2 * i;
                NcpListener listener = sender.listen(socket, 8);
                sent.add(writeAndClose(listener, perConnection, new AtomicLong()));
                NcpConnection connection = receiver.open(0, "bravo", socket, 8, WAIT);
                receiving.add(connection);
                received.add(CompletableFuture.supplyAsync(() ->
                        readAll(connection, new AtomicLong(), Duration.ZERO, 0), threads));
            }

            for (int i = 0; i < connections; i++) {
                assertEquals(perConnection, await(received.get(i)),
                        "octets received on connection " + i);
                // The writer's close returns once the CLS exchange has ended.
                await(sent.get(i));
                long socket = 801 + 2 * i;
                NcpEngine bravo = network.bravo.engine();
                assertFalse(bravo.loop().submit(() -> bravo.hasConnection(socket))
                        .get(WAIT.toSeconds(), TimeUnit.SECONDS),
                        "bravo still has the connection of socket " + socket);
            }
        } finally {
            for (NcpConnection connection : receiving) {
                connection.close();
            }
            for (NcpClient session : sessions) {
                session.close();
            }
        }
    }

    /** Accepts one connection and writes {@code total} octets of a known pattern, then closes. */
    private static CompletableFuture<Void> writeAndClose(NcpListener listener, long total,
                                                         AtomicLong written) {
        return CompletableFuture.runAsync(() -> {
            try (NcpConnection connection = listener.accept(WAIT)) {
                connection.setTimeout(TRANSFER_LIMIT);
                OutputStream out = connection.outputStream();
                for (long offset = 0; offset < total; offset += CHUNK) {
                    int length = (int) Math.min(CHUNK, total - offset);
                    out.write(PATTERN, (int) (offset % PERIOD), length);
                    written.addAndGet(length);
                }
                out.flush();
            } catch (IOException e) {
                throw new IllegalStateException("writer failed after " + written.get()
                        + " octets", e);
            }
        }, threads);
    }

    /**
     * Reads to the end of the stream, checking the pattern, after waiting {@code startDelay} and
     * sleeping {@code pauseMillis} after each read; returns the octets read.
     */
    private static long readAll(NcpConnection connection, AtomicLong read, Duration startDelay,
                                long pauseMillis) {
        try {
            connection.setTimeout(TRANSFER_LIMIT);
            Thread.sleep(startDelay.toMillis());
            InputStream in = connection.inputStream();
            byte[] buffer = new byte[16 * 1024];
            long offset = 0;
            for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
                int start = (int) (offset % PERIOD);
                int mismatch = Arrays.mismatch(buffer, 0, n, PATTERN, start, start + n);
                if (mismatch >= 0) {
                    throw new IllegalStateException("octet " + (offset + mismatch) + " is "
                            + buffer[mismatch] + ", expected " + PATTERN[start + mismatch]);
                }
                offset += n;
                read.set(offset);
                Thread.sleep(pauseMillis);
            }
            return offset;
        } catch (IOException e) {
            throw new IllegalStateException("reader failed after " + read.get() + " octets", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("reader interrupted", e);
        }
    }

    private static byte[] pattern(int length) {
        byte[] pattern = new byte[length];
        for (int i = 0; i < length; i++) {
            int position = i % PERIOD;
            pattern[i] = (byte) (position * 31 + (position >>> 11));
        }
        return pattern;
    }

    private static long heldOctets(NcpEngine engine, long localSocket) throws Exception {
        return engine.loop().submit(() -> engine.heldOctets(localSocket))
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static <T> T await(CompletableFuture<T> future)
            throws InterruptedException, ExecutionException, TimeoutException {
        return future.get(TRANSFER_LIMIT.toSeconds(), TimeUnit.SECONDS);
    }
}
