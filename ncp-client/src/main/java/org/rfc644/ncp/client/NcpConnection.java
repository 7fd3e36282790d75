package org.rfc644.ncp.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/**
 * One open NCP connection: a local socket joined to a foreign host's socket.
 *
 * <p>Data is a stream of bytes of the connection's byte size. Each NCP byte travels to and from
 * the program as {@code ceil(byteSize / 8)} octets, big-endian, with the value right-justified; so
 * at byte size 8 one NCP byte is one octet, at byte size 32 four octets, at byte size 1 one octet
 * holding 0 or 1. A receive socket (even) only reads and a send socket (odd) only writes.
 */
public interface NcpConnection extends AutoCloseable {

    int localSocket();

    int foreignHostNumber();

    String foreignHostName();

    int foreignSocket();

    int byteSize();

    /** Returns the data received on this receive connection; end of stream once it is closed. */
    InputStream inputStream();

    /** Returns the stream to send data on this send connection; flush() hands it to the daemon. */
    OutputStream outputStream();

    /**
     * Sets how long a read from {@link #inputStream()} waits for data, and a write to
     * {@link #outputStream()} for the daemon to take data, before it throws
     * {@link java.net.SocketTimeoutException}. Zero, the default, waits without limit.
     */
    void setTimeout(Duration timeout);

    /**
     * Returns false once this side closed the connection or the daemon reported it closed. The
     * daemon reports events in the order the network delivered them, so a close that the foreign
     * process made before it sent something on another connection is seen here before that data.
     */
    boolean isOpen();

    /** Sends an interrupt: INR from a receive socket, INS from a send socket. */
    void interrupt() throws IOException;

    /** Returns how many interrupts (INR or INS) the foreign process sent so far. */
    long interruptsReceived();

    /**
     * Closes the connection with CLS and waits for the foreign CLS (or the daemon's timeout);
     * unsent data is sent first.
     */
    @Override
    void close() throws IOException;
}
