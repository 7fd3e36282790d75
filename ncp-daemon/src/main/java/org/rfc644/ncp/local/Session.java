package org.rfc644.ncp.local;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.unix.PeerCredentials;
import io.netty.handler.codec.DecoderException;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.rfc644.ncp.client.HostEntry;
import org.rfc644.ncp.client.NcpException;
import org.rfc644.ncp.client.NcpException.Code;
import org.rfc644.ncp.connection.Connection;
import org.rfc644.ncp.connection.ConnectionOwner;
import org.rfc644.ncp.connection.NcpEngine;
import org.rfc644.ncp.connection.SocketListener;
import org.rfc644.ncp.hosts.HostTableEntry;
import org.rfc644.ncp.wire.BitText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client of the local API. The uid and pid come from the kernel (SO_PEERCRED), never from the
 * client. Handles and bound sockets belong to the session and go when it ends.
 */
final class Session extends SimpleChannelInboundHandler<LocalApiFrame> implements ConnectionOwner {

    private static final Logger LOG = LoggerFactory.getLogger(Session.class);

    /**
     * Octets queued for the client above which received data stays in the engine, whose
     * allocations then slow the foreign sender down to the client's reading.
     */
    static final int DATA_QUEUE_OCTETS = 64 * 1024;

    private final LocalApiServer server;
    private final NcpEngine engine;
    private final EpollDomainSocketChannel channel;
    private int uid = -1;
    private int pid = -1;
    private boolean admitted;
    private int nextHandle = 1;
    private final Map<Integer, Connection> connections = new HashMap<>();
    private final Map<Connection, Integer> handles = new HashMap<>();
    private final Map<Integer, SocketListener> listeners = new HashMap<>();
    /** Send connections whose unsent data is above the backlog limit; reading stops meanwhile. */
    private int connectionsOverBacklog;
    /** PING, OPEN and ACCEPT requests that wait for the network. */
    private int waitingRequests;
    /** Received data waits in the engine because the client's queue was full. */
    private boolean dataWaiting;
    /** Handles whose interrupts arrived while the client was not reading, in arrival order. */
    private final Set<Integer> interruptsWhileBlocked = new LinkedHashSet<>();
    private final RepeatedWarnings warnings = new RepeatedWarnings(LOG);

    Session(LocalApiServer server, EpollDomainSocketChannel channel) {
        this.server = server;
        this.engine = server.engine();
        this.channel = channel;
    }

    @Override
    public int uid() {
        return uid;
    }

    @Override
    public int pid() {
        return pid;
    }

    // ---------------------------------------------------------------- session life

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws IOException {
        PeerCredentials credentials = channel.peerCredentials();
        uid = credentials.uid();
        pid = credentials.pid();
        if (!server.admitSession(uid)) {
            LOG.warn("refused a session of uid {} pid {}: it has {} sessions open already", uid,
                    pid, engine.config().limits().sessionsPerUid());
            endSession(new ErrorFrame(0, Code.LIMIT_EXCEEDED, "uid " + uid + " has reached its"
                    + " limit of " + engine.config().limits().sessionsPerUid() + " sessions"));
            return;
        }
        admitted = true;
        LOG.info("session of uid {} pid {} opened", uid, pid);
        String hostName = engine.hosts().byNumber(engine.localHost())
                .map(HostTableEntry::name).orElse(Integer.toString(engine.localHost()));
        channel.writeAndFlush(new WelcomeFrame(engine.localHost(), hostName, uid));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!admitted) {
            return;
        }
        engine.ownerGone(this);
        warnings.flush("session of uid " + uid + " pid " + pid);
        List<Long> released = server.bindings().releaseAll(this);
        server.sessionEnded(uid);
        LOG.info("session of uid {} pid {} closed; released sockets {}", uid, pid, released);
    }

    /**
     * Resumes delivery when the client reads again. While it does not, the session's socket is
     * not read either, so a client that never reads replies cannot make the daemon queue them.
     */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        updateAutoRead();
        if (channel.isWritable()) {
            for (Integer handle : interruptsWhileBlocked) {
                channel.write(new InterruptedFrame(handle));
            }
            interruptsWhileBlocked.clear();
            channel.flush();
            engine.ownerReady(this);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof DecoderException) {
            LOG.warn("ending the session of uid {} pid {}: invalid frame: {}", uid, pid,
                    cause.getMessage());
            endSession(new ErrorFrame(0, Code.BAD_REQUEST, "invalid frame: " + cause.getMessage()));
        } else if (cause instanceof IOException) {
            LOG.info("session of uid {} pid {} failed: {}", uid, pid, cause.toString());
            ctx.close();
        } else {
            LOG.error("session of uid {} pid {} failed", uid, pid, cause);
            endSession(new ErrorFrame(0, Code.INTERNAL, "internal error: " + cause));
        }
    }

    private void endSession(ErrorFrame error) {
        channel.writeAndFlush(error).addListener(future -> channel.close());
    }

    // ---------------------------------------------------------------- requests

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, LocalApiFrame frame) {
        if (!admitted) {
            return;
        }
        if (frame instanceof SendFrame send) {
            handleSend(send);
            return;
        }
        LocalApiRequest request = (LocalApiRequest) frame;
        try {
            handle(request);
        } catch (NcpException e) {
            replyError(request.requestId(), e);
        }
    }

    private void handle(LocalApiRequest request) throws NcpException {
        if (request instanceof PingRequest ping) {
            handlePing(ping);
        } else if (request instanceof OpenRequest open) {
            handleOpen(open);
        } else if (request instanceof ListenRequest listen) {
            handleListen(listen);
        } else if (request instanceof AcceptRequest accept) {
            handleAccept(accept);
        } else if (request instanceof AllocateRequest allocate) {
            handleAllocate(allocate);
        } else if (request instanceof ReleaseRequest release) {
            handleRelease(release);
        } else if (request instanceof StatusRequest status) {
            reply(OkFrame.withStatus(status.requestId(), StatusLimit.fitting(engine.status())));
        } else if (request instanceof HostsRequest hosts) {
            reply(OkFrame.withHosts(hosts.requestId(), engine.hosts().entries().stream()
                    .map(entry -> new HostEntry(entry.number(), entry.name())).toList()));
        } else if (request instanceof CloseRequest close) {
            handleClose(close);
        } else if (request instanceof InterruptRequest interrupt) {
            engine.interrupt(connection(interrupt.handle()));
            reply(OkFrame.empty(interrupt.requestId()));
        }
    }

    private void handlePing(PingRequest ping) throws NcpException {
        int host = resolveHost(ping.host());
        startWaiting();
        engine.ping(host, Duration.ofMillis(ping.timeoutMillis())).whenComplete(
                (roundTrip, failure) -> {
                    waitingRequests--;
                    if (failure != null) {
                        replyError(ping.requestId(), failure);
                    } else {
                        long micros = Math.min(roundTrip.toNanos() / 1000, 0xFFFF_FFFFL);
                        reply(OkFrame.withU32(ping.requestId(), micros));
                    }
                });
    }

    private void handleOpen(OpenRequest open) throws NcpException {
        int host = resolveHost(open.host());
        long foreignSocket = Integer.toUnsignedLong(open.foreignSocket());
        long localSocket = Integer.toUnsignedLong(open.localSocket());
        boolean allocated = localSocket == 0;
        if (allocated) {
            // A free socket of the gender opposite to the foreign socket's.
            localSocket = allocateSockets(1, (int) (1 - (foreignSocket & 1)));
        } else {
            bind(localSocket);
        }

        long boundSocket = localSocket;
        try {
            startWaiting();
        } catch (NcpException e) {
            if (allocated) {
                server.bindings().release(boundSocket, this);
            }
            throw e;
        }
        engine.open(this, localSocket, host, foreignSocket, open.byteSize(),
                Duration.ofMillis(open.timeoutMillis())).whenComplete((connection, failure) -> {
                    waitingRequests--;
                    if (failure != null) {
                        if (allocated) {
                            server.bindings().release(boundSocket, this);
                        }
                        replyError(open.requestId(), failure);
                    } else {
                        replyConnection(open.requestId(), connection);
                    }
                });
    }

    private void handleListen(ListenRequest listen) throws NcpException {
        long socket = Integer.toUnsignedLong(listen.localSocket());
        if (socket == 0) {
            throw new NcpException(Code.BAD_REQUEST, "LISTEN needs a socket number; 0 is not one");
        }
        if (listen.byteSize() < 1) {
            throw new NcpException(Code.BAD_REQUEST, "byte size must be 1 to 255: 0");
        }
        bind(socket);
        for (SocketListener listener : listeners.values()) {
            if (listener.localSocket() == socket) {
                throw new NcpException(Code.SOCKET_IN_USE, "this session already listens on socket "
                        + socket);
            }
        }
        SocketListener listener = engine.listen(this, socket, listen.byteSize());
        int handle = nextHandle++;
        listeners.put(handle, listener);
        reply(OkFrame.withU32(listen.requestId(), Integer.toUnsignedLong(handle)));
    }

    private void handleAccept(AcceptRequest accept) throws NcpException {
        SocketListener listener = listeners.get(accept.listenerHandle());
        if (listener == null) {
            throw new NcpException(Code.BAD_REQUEST, "handle " + accept.listenerHandle()
                    + " is not a listener of this session");
        }
        startWaiting();
        engine.accept(listener, Duration.ofMillis(accept.timeoutMillis())).whenComplete(
                (connection, failure) -> {
                    waitingRequests--;
                    if (failure != null) {
                        replyError(accept.requestId(), failure);
                    } else {
                        replyConnection(accept.requestId(), connection);
                    }
                });
    }

    private void handleAllocate(AllocateRequest allocate) throws NcpException {
        if (allocate.count() < 1) {
            throw new NcpException(Code.BAD_REQUEST, "ALLOCATE needs a count of 1 to 255: 0");
        }
        long first = allocateSockets(allocate.count(), 0);
        reply(OkFrame.withU32(allocate.requestId(), first));
    }

    /** Unbinds a socket of this session, closing its connection and listener first. */
    private void handleRelease(ReleaseRequest release) throws NcpException {
        long socket = Integer.toUnsignedLong(release.socket());
        if (server.bindings().owner(socket) != this) {
            throw new NcpException(Code.BAD_REQUEST, "socket " + socket
                    + " is not bound by this session");
        }
        listeners.entrySet().removeIf(entry -> {
            if (entry.getValue().localSocket() == socket) {
                engine.stopListening(entry.getValue());
                return true;
            }
            return false;
        });
        CompletableFuture<Void> closed = CompletableFuture.completedFuture(null);
        for (Map.Entry<Integer, Connection> entry : Map.copyOf(connections).entrySet()) {
            if (entry.getValue().localSocket() == socket) {
                closed = engine.close(entry.getValue());
                forget(entry.getKey());
            }
        }
        closed.whenComplete((ignored, failure) -> {
            server.bindings().release(socket, this);
            reply(OkFrame.empty(release.requestId()));
        });
    }

    private void handleClose(CloseRequest close) throws NcpException {
        SocketListener listener = listeners.remove(close.handle());
        if (listener != null) {
            engine.stopListening(listener);
            reply(OkFrame.empty(close.requestId()));
            return;
        }
        Connection connection = connection(close.handle());
        engine.close(connection).whenComplete((ignored, failure) -> {
            forget(close.handle());
            reply(OkFrame.empty(close.requestId()));
        });
    }

    /**
     * SEND has no reply. Data that is not whole bytes of the connection's size, or a handle that
     * is not a send connection of this session, ends the session as the local API requires.
     */
    private void handleSend(SendFrame send) {
        Connection connection = connections.get(send.handle());
        if (connection == null) {
            LOG.warn("ending the session of uid {} pid {}: SEND on unknown handle {}", uid, pid,
                    send.handle());
            endSession(new ErrorFrame(0, Code.BAD_REQUEST, "SEND on handle " + send.handle()
                    + ", which is no connection of this session"));
            return;
        }
        if (connection.isReceive()) {
            LOG.warn("ending the session of uid {} pid {}: SEND on handle {}, a receive connection"
                    + " (socket {})", uid, pid, send.handle(), connection.localSocket());
            endSession(new ErrorFrame(0, Code.BAD_REQUEST, "SEND on handle " + send.handle()
                    + ", a receive connection (socket " + connection.localSocket() + ")"));
            return;
        }
        try {
            BitText.byteCount(send.data(), connection.byteSize());
        } catch (IllegalArgumentException invalid) {
            LOG.warn("ending the session of uid {} pid {}: invalid SEND: {}", uid, pid,
                    invalid.getMessage());
            endSession(new ErrorFrame(0, Code.BAD_REQUEST, "invalid SEND data: "
                    + invalid.getMessage()));
            return;
        }
        engine.send(connection, send.data());
    }

    /** Counts a request that waits for the network, unless the session has too many already. */
    private void startWaiting() throws NcpException {
        int limit = engine.config().limits().waitingRequestsPerSession();
        if (waitingRequests >= limit) {
            throw new NcpException(Code.LIMIT_EXCEEDED, "this session has " + limit
                    + " PING, OPEN and ACCEPT requests waiting already");
        }
        waitingRequests++;
    }

    // ---------------------------------------------------------------- sockets and handles

    /**
     * Binds {@code socket} to this session after the policy check. A refusal names the socket,
     * the reservation and the caller, and is logged with uid and pid.
     */
    private void bind(long socket) throws NcpException {
        Optional<String> refusal = server.policy().checkBind(socket, uid);
        if (refusal.isPresent()) {
            warnings.warn("refused socket " + socket, "refused socket " + socket + " to uid " + uid
                    + " pid " + pid + ": " + refusal.get());
            throw new NcpException(Code.PERMISSION_DENIED, refusal.get());
        }
        if (server.bindings().owner(socket) != this) {
            requireSocketRoom(1);
        }
        if (!server.bindings().bind(socket, this)) {
            Session owner = server.bindings().owner(socket);
            throw new NcpException(Code.SOCKET_IN_USE, "socket " + socket
                    + " is bound by another session (uid " + owner.uid() + ")");
        }
    }

    private long allocateSockets(int count, int firstGender) throws NcpException {
        requireSocketRoom(count);
        OptionalLong first = server.bindings().allocate(count, firstGender, this);
        if (first.isEmpty()) {
            throw new NcpException(Code.LIMIT_EXCEEDED, "no " + count + " free sockets in a row");
        }
        return first.getAsLong();
    }

    /** Throws unless this session may bind {@code count} more sockets. */
    private void requireSocketRoom(int count) throws NcpException {
        int limit = engine.config().limits().socketsPerSession();
        if (server.bindings().countOf(this) + count > limit) {
            throw new NcpException(Code.LIMIT_EXCEEDED, "this session has bound "
                    + server.bindings().countOf(this) + " sockets; the limit is " + limit);
        }
    }

    private int resolveHost(String name) throws NcpException {
        return engine.hosts().find(name).map(HostTableEntry::number).orElseThrow(() ->
                new NcpException(Code.UNKNOWN_HOST, "host \"" + name + "\" is not in the host table"));
    }

    private Connection connection(int handle) throws NcpException {
        Connection connection = connections.get(handle);
        if (connection == null) {
            throw new NcpException(Code.BAD_REQUEST, "handle " + handle
                    + " is not a connection of this session");
        }
        return connection;
    }

    private void forget(int handle) {
        Connection connection = connections.remove(handle);
        if (connection != null) {
            handles.remove(connection);
        }
    }

    // ---------------------------------------------------------------- replies and events

    private void replyConnection(int requestId, Connection connection) {
        if (!channel.isActive()) {
            engine.close(connection);
            return;
        }
        int handle = nextHandle++;
        connections.put(handle, connection);
        handles.put(connection, handle);
        reply(OkFrame.withConnection(requestId, new ConnectionDescription(handle,
                (int) connection.localSocket(), connection.foreignHost(),
                connection.foreignHostName(), (int) connection.foreignSocket(),
                connection.byteSize())));
    }

    private void reply(LocalApiFrame frame) {
        channel.writeAndFlush(frame);
    }

    private void replyError(int requestId, Throwable failure) {
        Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
        if (cause instanceof NcpException ncp) {
            if (ncp.code() == Code.LIMIT_EXCEEDED) {
                warnings.warn("limit", "uid " + uid + " pid " + pid + " reached its limit: "
                        + ncp.getMessage());
            }
            reply(new ErrorFrame(requestId, ncp.code(), ncp.getMessage()));
        } else {
            LOG.error("request {} of uid {} pid {} failed", requestId, uid, pid, cause);
            reply(new ErrorFrame(requestId, Code.INTERNAL, "internal error: " + cause));
        }
    }

    @Override
    public boolean readyForData() {
        boolean ready = queuedOctets() < DATA_QUEUE_OCTETS;
        dataWaiting |= !ready;
        return ready;
    }

    @Override
    public void dataReceived(Connection connection, byte[] octets) {
        Integer handle = handles.get(connection);
        if (handle != null) {
            channel.writeAndFlush(new DataFrame(handle, octets)).addListener(future -> {
                if (dataWaiting && queuedOctets() < DATA_QUEUE_OCTETS / 2) {
                    dataWaiting = false;
                    engine.ownerReady(this);
                }
            });
        }
    }

    /** Returns the octets written to the client's socket but not yet taken by the kernel. */
    private long queuedOctets() {
        return LocalApiServer.REPLY_QUEUE.high() - channel.bytesBeforeUnwritable();
    }

    /**
     * Writes INTERRUPTED. While the client does not read, the interrupts of one handle merge
     * into one frame sent when it reads again, so a flood of INR or INS cannot fill memory.
     */
    @Override
    public void interruptReceived(Connection connection) {
        Integer handle = handles.get(connection);
        if (handle == null) {
            return;
        }
        if (channel.isWritable()) {
            channel.writeAndFlush(new InterruptedFrame(handle));
        } else {
            interruptsWhileBlocked.add(handle);
        }
    }

    @Override
    public void connectionClosed(Connection connection, String reason) {
        Integer handle = handles.get(connection);
        if (handle != null) {
            channel.writeAndFlush(new ClosedFrame(handle, reason));
        }
    }

    /** Stops reading the socket while any send connection is above its backlog limit. */
    @Override
    public void sendBacklogChanged(Connection connection, boolean overLimit) {
        connectionsOverBacklog += overLimit ? 1 : -1;
        updateAutoRead();
    }

    private void updateAutoRead() {
        channel.config().setAutoRead(connectionsOverBacklog == 0 && channel.isWritable());
    }
}
