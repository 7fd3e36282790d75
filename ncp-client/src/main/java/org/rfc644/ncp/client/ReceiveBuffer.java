package org.rfc644.ncp.client;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The data that the daemon delivered on one receive connection and the program has not read yet.
 *
 * <p>The event loop appends DATA frames; the program reads through {@link InputStream}. The buffer
 * reports when it contains {@link #LIMIT} octets or more so that the session stops reading its socket
 * and the daemon, in turn, stops allocating to the foreign sender.
 */
final class ReceiveBuffer extends InputStream {

    /** Octets at or above which the session pauses reading from the daemon. */
    static final int LIMIT = 256 * 1024;

    /** Octets at or below which a paused session may read again. */
    static final int RESUME_LEVEL = LIMIT / 2;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition dataArrived = lock.newCondition();
    private final Deque<byte[]> chunks = new ArrayDeque<>();
    private final Runnable onDrained;
    private final Closeable connection;

    private int offsetInFirst;
    private long buffered;
    private boolean ended;
    private IOException failure;
    private long timeoutNanos;

    /**
     * @param onDrained runs, without the lock held, when a full buffer falls below the resume level
     * @param connection closed by {@link #close()}, as closing a socket's input stream closes it
     */
    ReceiveBuffer(Runnable onDrained, Closeable connection) {
        this.onDrained = onDrained;
        this.connection = connection;
    }

    /**
     * Appends octets from a DATA frame.
     *
     * @return true when the buffer now contains {@link #LIMIT} octets or more
     */
    boolean append(byte[] data) {
        lock.lock();
        try {
            if (ended || data.length == 0) {
                return false;
            }
            chunks.addLast(data);
            buffered += data.length;
            dataArrived.signalAll();
            return buffered >= LIMIT;
        } finally {
            lock.unlock();
        }
    }

    /** Marks the end of the stream: readers get the buffered data, then -1. */
    void end() {
        lock.lock();
        try {
            ended = true;
            dataArrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Fails the stream: readers get the buffered data, then {@code cause}. */
    void fail(IOException cause) {
        lock.lock();
        try {
            if (!ended && failure == null) {
                failure = cause;
            }
            dataArrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Drops the buffered data and ends the stream, as a local close does. */
    void discard() {
        lock.lock();
        try {
            chunks.clear();
            buffered = 0;
            ended = true;
            dataArrived.signalAll();
        } finally {
            lock.unlock();
        }
        onDrained.run();
    }

    /** Sets how long a read waits for data; zero waits without limit. */
    void setTimeout(long nanos) {
        timeoutNanos = nanos;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int count = read(one, 0, 1);
        return count < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, target.length);
        if (length == 0) {
            return 0;
        }

        boolean drained;
        int count = 0;
        lock.lock();
        try {
            awaitData();
            if (chunks.isEmpty()) {
                if (failure != null) {
                    throw failure;
                }
                return -1;
            }

            boolean wasFull = buffered >= RESUME_LEVEL;
            while (count < length && !chunks.isEmpty()) {
                byte[] first = chunks.peekFirst();
                int piece = Math.min(length - count, first.length - offsetInFirst);
                System.arraycopy(first, offsetInFirst, target, offset + count, piece);
                count += piece;
                offsetInFirst += piece;
                if (offsetInFirst == first.length) {
                    chunks.removeFirst();
                    offsetInFirst = 0;
                }
            }
            buffered -= count;
            drained = wasFull && buffered < RESUME_LEVEL;
        } finally {
            lock.unlock();
        }

        if (drained) {
            onDrained.run();
        }
        return count;
    }

    /** Closes the connection, as {@link java.net.Socket}'s input stream does. */
    @Override
    public void close() throws IOException {
        connection.close();
    }

    @Override
    public int available() {
        lock.lock();
        try {
            return (int) Math.min(Integer.MAX_VALUE, buffered);
        } finally {
            lock.unlock();
        }
    }

    /** Returns the octets buffered and not read yet. */
    long buffered() {
        lock.lock();
        try {
            return buffered;
        } finally {
            lock.unlock();
        }
    }

    private void awaitData() throws IOException {
        long remaining = timeoutNanos;
        try {
            while (chunks.isEmpty() && !ended && failure == null) {
                if (timeoutNanos == 0) {
                    dataArrived.await();
                    continue;
                }
                if (remaining <= 0) {
                    throw new SocketTimeoutException("no data arrived within "
                            + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
                }
                remaining = dataArrived.awaitNanos(remaining);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for data");
        }
    }
}
