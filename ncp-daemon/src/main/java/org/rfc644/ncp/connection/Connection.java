package org.rfc644.ncp.connection;

import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import org.rfc644.ncp.wire.ControlCommand;

/**
 * One connection between a local socket and a foreign socket, with the flow control counters of
 * its end. A connection without an owner is a refusal: a CLS that this host sent in answer to a
 * request for connection and that waits for the foreign CLS.
 *
 * <p>Only the engine's event loop touches a connection; the getters are for status and for the
 * owner's callbacks, which run on that loop too.
 */
public final class Connection {

    private final ConnectionKey key;
    private final String foreignHostName;
    private final ConnectionOwner owner;

    ConnectionState state;
    int byteSize;
    /** The link of the connection; -1 until an RTS assigns it. */
    int link = -1;
    /** The request for connection (RTS or STR) that this host sent, if it initiated. */
    ControlCommand rfc;

    /** Sender's message counter: messages the receiver allocated and this host has not sent. */
    int messageSpace;
    /** Sender's bit counter: bits of text the receiver allocated and this host has not sent. */
    long bitSpace;
    final OctetQueue unsent = new OctetQueue();
    boolean messageInTransit;
    boolean overBacklog;

    /** Receiver's view of the sender's message counter. */
    int messagesAllocated;
    /** Receiver's view of the sender's bit counter. */
    long bitsAllocated;
    /** Received text not yet delivered to the owner, as octets; one array a message. */
    final ArrayDeque<byte[]> undelivered = new ArrayDeque<>();
    long undeliveredBits;

    long bytesIn;
    long bytesOut;

    /** Completes when the connection opens; null once completed or for an accepted request. */
    CompletableFuture<Connection> opening;
    /** Completes when a local close ends with the foreign CLS or the close timeout. */
    CompletableFuture<Void> closing;
    boolean foreignClsReceived;
    ScheduledFuture<?> timer;

    Connection(ConnectionKey key, String foreignHostName, ConnectionOwner owner,
               ConnectionState state, int byteSize) {
        this.key = key;
        this.foreignHostName = foreignHostName;
        this.owner = owner;
        this.state = state;
        this.byteSize = byteSize;
    }

    public ConnectionKey key() {
        return key;
    }

    public long localSocket() {
        return key.localSocket();
    }

    public int foreignHost() {
        return key.foreignHost();
    }

    public String foreignHostName() {
        return foreignHostName;
    }

    public long foreignSocket() {
        return key.foreignSocket();
    }

    /** Tells whether this host receives on the connection: its local socket is even. */
    public boolean isReceive() {
        return key.isReceive();
    }

    public int byteSize() {
        return byteSize;
    }

    public int link() {
        return link;
    }

    public ConnectionState state() {
        return state;
    }

    /** Returns the owning session, or null for a refusal. */
    public ConnectionOwner owner() {
        return owner;
    }

    /** Returns the NCP bytes received from the foreign host. */
    public long bytesIn() {
        return bytesIn;
    }

    /** Returns the NCP bytes sent to the foreign host. */
    public long bytesOut() {
        return bytesOut;
    }

    /** Returns the octets that one NCP byte of this connection takes in the local API. */
    int octetsPerByte() {
        return (byteSize + 7) / 8;
    }

    void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    @Override
    public String toString() {
        return key + " (" + state + ")";
    }
}
