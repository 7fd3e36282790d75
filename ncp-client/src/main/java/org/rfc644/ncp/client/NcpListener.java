package org.rfc644.ncp.client;

import java.io.IOException;
import java.time.Duration;

/** A local socket on which the daemon queues foreign requests for connection. */
public interface NcpListener extends AutoCloseable {

    int localSocket();

    /**
     * Takes the oldest queued request, answers it with the matching RTS or STR, and returns the
     * open connection.
     *
     * @throws NcpException {@code TIMEOUT} when none arrives in time
     */
    NcpConnection accept(Duration timeout) throws IOException;

    /** Stops listening; queued requests are refused with CLS. */
    @Override
    void close() throws IOException;
}
