package org.rfc644.ncp.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The bounded input buffer of a receive connection. */
class ReceiveBufferTest {

    private final AtomicInteger drained = new AtomicInteger();
    private final AtomicInteger closed = new AtomicInteger();
    private final ReceiveBuffer buffer = new ReceiveBuffer(drained::incrementAndGet, closed::incrementAndGet);

    @Test
    void readsChunksInOrder() throws IOException {
        buffer.append(new byte[] {1, 2, 3});
        buffer.append(new byte[] {4, 5});
        buffer.end();

        byte[] target = new byte[4];
        assertEquals(4, buffer.read(target, 0, 4));
        assertArrayEquals(new byte[] {1, 2, 3, 4}, target);
        assertEquals(5, buffer.read());
        assertEquals(-1, buffer.read());
    }

    @Test
    void blockedReadWakesOnData() throws Exception {
        CompletableFuture<Integer> reader = CompletableFuture.supplyAsync(() -> {
            try {
                return buffer.read();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        Thread.sleep(100);
        assertFalse(reader.isDone(), "read returned before any data arrived");

        buffer.append(new byte[] {(byte) 0xFE});
        assertEquals(0xFE, reader.get(5, TimeUnit.SECONDS));
    }

    @Test
    void failureComesAfterBufferedData() throws IOException {
        IOException cause = new NcpException(NcpException.Code.CLOSED, "session ended");
        buffer.append(new byte[] {7});
        buffer.fail(cause);

        assertEquals(7, buffer.read());
        assertSame(cause, assertThrows(IOException.class, buffer::read));
    }

    @Test
    void readTimesOut() {
        buffer.setTimeout(TimeUnit.MILLISECONDS.toNanos(50));

        assertThrows(SocketTimeoutException.class, buffer::read);
    }

    @Test
    void reportsFullAndDrained() throws IOException {
        byte[] chunk = new byte[64 * 1024];
        int chunks = ReceiveBuffer.LIMIT / chunk.length;
        for (int i = 1; i < chunks; i++) {
            assertFalse(buffer.append(chunk), "chunk " + i + " of " + chunks);
        }
        assertTrue(buffer.append(chunk), "the chunk that reaches the limit");

        byte[] target = new byte[ReceiveBuffer.LIMIT - ReceiveBuffer.RESUME_LEVEL];
        assertEquals(target.length, buffer.readNBytes(target, 0, target.length));
        assertEquals(0, drained.get(), "at the resume level, not below it");
        buffer.read();
        assertEquals(1, drained.get());
    }

    @Test
    void discardDropsDataAndEnds() throws IOException {
        buffer.append(new byte[] {1, 2});
        buffer.discard();

        assertEquals(0, buffer.available());
        assertEquals(-1, buffer.read());
        assertFalse(buffer.append(new byte[] {3}), "data after the end is dropped");
        assertEquals(-1, buffer.read());
    }

    @Test
    void closeClosesConnection() throws IOException {
        buffer.close();

        assertEquals(1, closed.get());
    }
}
