package org.rfc644.ncp.client;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/** An {@link NcpListener} of a {@link LocalApiClient} session, known to the daemon by its handle. */
final class ClientListener implements NcpListener {

    private final LocalApiClient session;
    private final int handle;
    private final int localSocket;
    private final AtomicBoolean closed = new AtomicBoolean();

    ClientListener(LocalApiClient session, int handle, int localSocket) {
        this.session = session;
        this.handle = handle;
        this.localSocket = localSocket;
    }

    int handle() {
        return handle;
    }

    @Override
    public int localSocket() {
        return localSocket;
    }

    @Override
    public NcpConnection accept(Duration timeout) throws IOException {
        return session.accept(this, timeout);
    }

    @Override
    public void close() throws IOException {
        if (closed.getAndSet(true)) {
            return;
        }
        try {
            session.closeHandle(handle, "CLOSE of the listener on socket " + localSocket);
        } finally {
            session.forget(this);
        }
    }
}
