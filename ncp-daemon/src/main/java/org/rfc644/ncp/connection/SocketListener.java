package org.rfc644.ncp.connection;

import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/** A local socket on which foreign requests for connection queue until a local program accepts. */
public final class SocketListener {

    /** One ACCEPT that waits for a request. */
    static final class WaitingAccept {
        final CompletableFuture<Connection> result = new CompletableFuture<>();
        ScheduledFuture<?> timer;
    }

    private final long localSocket;
    private final int byteSize;
    private final ConnectionOwner owner;
    final ArrayDeque<PendingRequest> requests = new ArrayDeque<>();
    final ArrayDeque<WaitingAccept> accepts = new ArrayDeque<>();
    boolean stopped;

    SocketListener(long localSocket, int byteSize, ConnectionOwner owner) {
        this.localSocket = localSocket;
        this.byteSize = byteSize;
        this.owner = owner;
    }

    public long localSocket() {
        return localSocket;
    }

    /**
     * Returns the byte size of accepted connections: sent with STR from a send socket, and
     * required of the foreign STR on a receive socket.
     */
    public int byteSize() {
        return byteSize;
    }

    public ConnectionOwner owner() {
        return owner;
    }
}
