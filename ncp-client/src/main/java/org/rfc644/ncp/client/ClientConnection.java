package org.rfc644.ncp.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.rfc644.ncp.local.ConnectionDescription;

/** An {@link NcpConnection} of a {@link LocalApiClient} session, known to the daemon by its handle. */
final class ClientConnection implements NcpConnection {

    private final LocalApiClient session;
    private final ConnectionDescription description;
    private final ReceiveBuffer input;
    private final SendStream output;
    private final AtomicLong interrupts = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean closeSent;
    private volatile String foreignCloseReason;
    private volatile long timeoutNanos;

    ClientConnection(LocalApiClient session, ConnectionDescription description) {
        this.session = session;
        this.description = description;

        // Socket gender: an even socket receives, an odd socket sends.
        boolean receives = description.localSocket() % 2 == 0;
        int octetsPerByte = (description.byteSize() + 7) / 8;
        this.input = receives ? new ReceiveBuffer(() -> session.resumeReading(handle()), this::close) : null;
        this.output = receives ? null : new SendStream(this, Math.max(1, octetsPerByte));
    }

    int handle() {
        return description.handle();
    }

    @Override
    public int localSocket() {
        return description.localSocket();
    }

    @Override
    public int foreignHostNumber() {
        return description.foreignHostNumber();
    }

    @Override
    public String foreignHostName() {
        return description.foreignHostName();
    }

    @Override
    public int foreignSocket() {
        return description.foreignSocket();
    }

    @Override
    public int byteSize() {
        return description.byteSize();
    }

    /** @throws IllegalStateException on a send connection, which has no input */
    @Override
    public InputStream inputStream() {
        if (input == null) {
            throw new IllegalStateException("socket " + localSocket()
                    + " is a send socket (odd); it has no input stream");
        }
        return input;
    }

    /** @throws IllegalStateException on a receive connection, which has no output */
    @Override
    public OutputStream outputStream() {
        if (output == null) {
            throw new IllegalStateException("socket " + localSocket()
                    + " is a receive socket (even); it has no output stream");
        }
        return output;
    }

    @Override
    public void setTimeout(Duration timeout) {
        timeoutNanos = timeout.toNanos();
        if (input != null) {
            input.setTimeout(timeoutNanos);
        }
    }

    @Override
    public void interrupt() throws IOException {
        session.interrupt(this);
    }

    @Override
    public long interruptsReceived() {
        return interrupts.get();
    }

    @Override
    public boolean isOpen() {
        return !closed.get();
    }

    @Override
    public void close() throws IOException {
        if (closed.getAndSet(true)) {
            return;
        }

        IOException unsent = null;
        if (output != null && foreignCloseReason == null) {
            try {
                output.flushForClose();
            } catch (IOException e) {
                unsent = e;
            }
        }

        closeSent = true;
        try {
            if (foreignCloseReason == null) {
                session.closeHandle(handle(), "CLOSE of the connection on socket " + localSocket());
            }
        } finally {
            session.forget(this);
            if (input != null) {
                input.discard();
            }
        }
        if (unsent != null) {
            throw unsent;
        }
    }

    /** Hands whole NCP bytes to the daemon in one SEND frame. */
    void send(byte[] chunk) throws IOException {
        if (foreignCloseReason != null) {
            throw new NcpException(NcpException.Code.CLOSED, "connection on socket " + localSocket()
                    + " was closed: " + foreignCloseReason);
        }
        if (closeSent) {
            throw new NcpException(NcpException.Code.CLOSED, "connection on socket "
                    + localSocket() + " is closed");
        }
        session.send(handle(), chunk, timeoutNanos);
    }

    /**
     * Buffers the octets of a DATA frame; runs on the event loop.
     *
     * @return true when the buffer is full and the session should stop reading
     */
    boolean dataArrived(byte[] data) {
        return input != null && input.append(data);
    }

    void interruptArrived() {
        interrupts.incrementAndGet();
    }

    /** Ends the connection after the daemon's CLOSED: readers get end of stream, writers an error. */
    void closedByDaemon(String reason) {
        foreignCloseReason = reason;
        closed.set(true);
        if (input != null) {
            input.end();
        }
    }

    /** Fails reads and writes after the session with the daemon ended. */
    void sessionEnded(IOException cause) {
        if (foreignCloseReason == null) {
            foreignCloseReason = cause.getMessage();
        }
        if (input != null) {
            input.fail(cause);
        }
    }

    @Override
    public String toString() {
        return "socket " + localSocket() + " to " + foreignHostName() + " socket " + foreignSocket();
    }
}
