package org.rfc644.ncp.connection;

import io.netty.channel.EventLoop;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.rfc644.ncp.client.ConnectionStatus;
import org.rfc644.ncp.client.NcpException;
import org.rfc644.ncp.client.NcpException.Code;
import org.rfc644.ncp.hosts.HostTable;
import org.rfc644.ncp.hosts.HostTableEntry;
import org.rfc644.ncp.link.HostDeadException;
import org.rfc644.ncp.link.ImpInterface;
import org.rfc644.ncp.link.ImpListener;
import org.rfc644.ncp.wire.All;
import org.rfc644.ncp.wire.Cls;
import org.rfc644.ncp.wire.ControlCommand;
import org.rfc644.ncp.wire.ControlCommandDecoder;
import org.rfc644.ncp.wire.DecodedControlMessage;
import org.rfc644.ncp.wire.Eco;
import org.rfc644.ncp.wire.Erp;
import org.rfc644.ncp.wire.Err;
import org.rfc644.ncp.wire.ErrorCode;
import org.rfc644.ncp.wire.Gvb;
import org.rfc644.ncp.wire.HostMessage;
import org.rfc644.ncp.wire.HostMessageCodec;
import org.rfc644.ncp.wire.Inr;
import org.rfc644.ncp.wire.Ins;
import org.rfc644.ncp.wire.Leader;
import org.rfc644.ncp.wire.MalformedMessageException;
import org.rfc644.ncp.wire.Nop;
import org.rfc644.ncp.wire.Ret;
import org.rfc644.ncp.wire.Rrp;
import org.rfc644.ncp.wire.Rst;
import org.rfc644.ncp.wire.Rts;
import org.rfc644.ncp.wire.Str;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NCP: the Host/Host protocol of NIC 8246 between this host and the others, for the local
 * programs that own connections.
 *
 * <p>All state lives on one event loop, so nothing here takes a lock. The {@link ImpListener}
 * methods may be called from any thread and hop onto the loop; every other public method must be
 * called on the loop ({@link #loop()}), where the local API sessions run.
 */
public final class NcpEngine implements ImpListener {

    private static final Logger LOG = LoggerFactory.getLogger(NcpEngine.class);
    private static final Logger TRACE = ControlSender.TRACE;

    private final EventLoop loop;
    private final ImpInterface imp;
    private final HostTable hosts;
    private final EngineConfig config;
    private final ControlSender control;
    private final Pinger pinger;
    private final DataTransfer data;
    private final Map<Integer, PeerHost> peers = new HashMap<>();
    private final ConnectionTable connections = new ConnectionTable();
    private final PendingRequests pending = new PendingRequests();

    public NcpEngine(EventLoop loop, ImpInterface imp, HostTable hosts, EngineConfig config) {
        this.loop = loop;
        this.imp = imp;
        this.hosts = hosts;
        this.config = config;
        this.control = new ControlSender(loop, imp, config, this::controlFailed, this::purgeForReset);
        this.pinger = new Pinger(loop, control);
        this.data = new DataTransfer(this, loop, imp, config, control);
        for (HostTableEntry entry : hosts.entries()) {
            PeerHost peer = new PeerHost(entry.number(), entry.name());
            // The IMP returns messages to the host's own number, and a host has no tables to
            // reset with itself.
            peer.synchronizedByReset = entry.number() == imp.localHost();
            peers.put(entry.number(), peer);
        }
    }

    /**
     * Starts the IMP interface on the engine's event loop, if it can use it; from now on messages
     * and host changes arrive.
     */
    public void start() throws IOException {
        imp.shareEventLoop(loop);
        imp.start(this);
    }

    public EventLoop loop() {
        return loop;
    }

    public int localHost() {
        return imp.localHost();
    }

    public HostTable hosts() {
        return hosts;
    }

    public EngineConfig config() {
        return config;
    }

    // ---------------------------------------------------------------- the IMP's reports

    @Override
    public void messageReceived(byte[] message) {
        // An IMP interface on the engine's own loop delivers here directly, without a task.
        if (loop.inEventLoop()) {
            receive(message);
        } else {
            loop.execute(() -> receive(message));
        }
    }

    @Override
    public void hostUp(int host) {
        loop.execute(() -> {
            PeerHost peer = peers.get(host);
            if (peer == null) {
                return;
            }
            LOG.info("{} is up", peer);
            // NIC 8246 lets a host that comes up send RST so that both hosts purge their tables.
            // One exchange per path is enough, whichever host starts it.
            if (!peer.synchronizedByReset) {
                control.reset(peer);
            }
        });
    }

    @Override
    public void hostDead(int host, String reason) {
        loop.execute(() -> {
            PeerHost peer = peers.get(host);
            if (peer != null) {
                declareDead(peer, reason);
            }
        });
    }

    // ---------------------------------------------------------------- local operations

    /**
     * Sends ECO to {@code host} and completes with the round trip once the matching ERP arrives.
     * NIC 8246 forbids a second ECO to a host while one is unanswered, so pings to one host go
     * one after another.
     */
    public CompletableFuture<Duration> ping(int host, Duration timeout) {
        PeerHost peer = peers.get(host);
        if (peer == null) {
            return CompletableFuture.failedFuture(unknownHost(host));
        }
        return pinger.ping(peer, timeout);
    }

    /**
     * Initiates a connection from {@code localSocket} (RTS from a receive socket, STR from a send
     * socket) and completes when the foreign host sends the matching request. A held or queued
     * request from that foreign socket matches at once (RFC 165: the user side may Init after the
     * server's request arrived). The caller has checked the socket policy and bound the socket.
     *
     * @param byteSize the byte size for STR from a send socket; for a receive socket the byte
     *     size that the foreign STR must carry
     */
    public CompletableFuture<Connection> open(ConnectionOwner owner, long localSocket, int host,
                                              long foreignSocket, int byteSize, Duration timeout) {
        PeerHost peer = peers.get(host);
        if (peer == null) {
            return CompletableFuture.failedFuture(unknownHost(host));
        }
        if (byteSize < 1 || byteSize > 255) {
            return failed(Code.BAD_REQUEST, "byte size must be 1 to 255: " + byteSize);
        }
        // NIC 8246: the sockets at either end of a connection must be of opposite gender.
        if (((localSocket ^ foreignSocket) & 1) == 0) {
            return failed(Code.BAD_REQUEST, "local socket " + localSocket + " and foreign socket "
                    + foreignSocket + " have the same gender; one must be even (receive) and the"
                    + " other odd (send)");
        }
        NcpException busy = checkNewConnection(owner, localSocket, peer);
        if (busy != null) {
            return CompletableFuture.failedFuture(busy);
        }

        ConnectionKey key = new ConnectionKey(localSocket, host, foreignSocket);
        PendingRequest request = pending.remove(key);
        if (request != null) {
            LOG.info("open of {} matches the request held since it arrived", key);
            if (request.rfc instanceof Str str && str.byteSize() != byteSize) {
                refuse(peer, key, "byte size " + str.byteSize() + " instead of " + byteSize);
                return failed(Code.REFUSED, peer.name + " offered byte size " + str.byteSize()
                        + ", not " + byteSize);
            }
            return acceptRequest(owner, request, byteSize);
        }

        Connection connection = new Connection(key, peer.name, owner, ConnectionState.RFC_SENT,
                byteSize);
        if (connection.isReceive()) {
            // NIC 8246: the receiving host assigns each of its connections from one host a
            // unique link, 2 to 71.
            int link = peer.freeReceiveLink();
            if (link < 0) {
                return failed(Code.LIMIT_EXCEEDED, "all links 2 to 71 to " + peer + " are in use");
            }
            connection.link = link;
            peer.receiveLinks.put(link, connection);
            connection.rfc = new Rts(localSocket, foreignSocket, link);
        } else {
            connection.rfc = new Str(localSocket, foreignSocket, byteSize);
        }
        connections.add(connection);
        connection.opening = new CompletableFuture<>();
        connection.timer = loop.schedule(() -> openTimedOut(connection, timeout),
                timeout.toMillis(), TimeUnit.MILLISECONDS);
        control.send(peer, connection.rfc);
        return connection.opening;
    }

    /**
     * Listens on {@code localSocket}: foreign requests for it queue until accepted. Requests held
     * for the socket move to the queue. The caller has checked the policy and bound the socket.
     *
     * @param byteSize the byte size for STR from a send socket; for a receive socket the byte
     *     size that a foreign STR must carry to be accepted
     * @throws NcpException {@code SOCKET_IN_USE} when the socket has a listener already,
     *     {@code LIMIT_EXCEEDED} when the owner's uid holds its limit of connections and listeners
     */
    public SocketListener listen(ConnectionOwner owner, long localSocket, int byteSize)
            throws NcpException {
        if (pending.listener(localSocket) != null) {
            throw new NcpException(Code.SOCKET_IN_USE, "socket " + localSocket
                    + " already has a listener");
        }
        NcpException limit = checkOwnerLimit(owner);
        if (limit != null) {
            throw limit;
        }
        SocketListener listener = new SocketListener(localSocket, byteSize, owner);
        pending.addListener(listener);
        LOG.info("uid {} pid {} listens on socket {}", owner.uid(), owner.pid(), localSocket);
        return listener;
    }

    /** Takes the oldest request queued on {@code listener}, waiting up to {@code timeout}. */
    public CompletableFuture<Connection> accept(SocketListener listener, Duration timeout) {
        if (listener.stopped) {
            return failed(Code.CLOSED, "listener on socket " + listener.localSocket()
                    + " is closed");
        }
        SocketListener.WaitingAccept waiting = new SocketListener.WaitingAccept();
        listener.accepts.add(waiting);
        waiting.timer = loop.schedule(() -> {
            if (listener.accepts.remove(waiting)) {
                waiting.result.completeExceptionally(new NcpException(Code.TIMEOUT,
                        "no request for connection to socket " + listener.localSocket()
                                + " within " + timeout.toMillis() + " ms"));
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        serveAccepts(listener);
        return waiting.result;
    }

    /** Stops {@code listener}: its queued requests are refused with CLS, its ACCEPTs fail. */
    public void stopListening(SocketListener listener) {
        if (listener.stopped) {
            return;
        }
        listener.stopped = true;
        for (PendingRequest request : pending.removeListener(listener)) {
            refuse(peers.get(request.key.foreignHost()), request.key, "the listener closed");
        }
        for (SocketListener.WaitingAccept waiting : listener.accepts) {
            waiting.timer.cancel(false);
            waiting.result.completeExceptionally(new NcpException(Code.CLOSED,
                    "listener on socket " + listener.localSocket() + " closed"));
        }
        listener.accepts.clear();
    }

    /**
     * Queues data (program octets, ceil(byte size / 8) per byte) on a send connection; it leaves
     * as the foreign host's allocation allows. Data for a connection that is closing is dropped.
     */
    public void send(Connection connection, byte[] octets) {
        if (connection.isReceive()) {
            throw new IllegalArgumentException("socket " + connection.localSocket()
                    + " is a receive socket; only send sockets (odd) send data");
        }
        if (!connections.contains(connection) || connection.state != ConnectionState.OPEN) {
            LOG.debug("dropping {} octets for {}: it is no longer open", octets.length, connection);
            return;
        }
        connection.unsent.add(octets);
        // NIC 8246 lets data leave only within the receiver's allocation (ALL), and the IMP takes
        // one message per link until its RFNM. Unsent data would grow at the writer's pace, so
        // above the backlog the owner stops taking data from its program.
        if (!connection.overBacklog && connection.unsent.size() > config.sendBacklogOctets()) {
            connection.overBacklog = true;
            connection.owner().sendBacklogChanged(connection, true);
        }
        data.transmitData(connection);
    }

    /** Sends an interrupt: INR from the receive side, INS from the send side. */
    public void interrupt(Connection connection) throws NcpException {
        if (!connections.contains(connection) || connection.state != ConnectionState.OPEN) {
            throw new NcpException(Code.CLOSED, "connection " + connection.key() + " is not open");
        }
        PeerHost peer = peers.get(connection.foreignHost());
        // NIC 8246: INR goes from the receiving host to the sending host, INS the other way.
        ControlCommand interrupt = connection.isReceive()
                ? new Inr(connection.link) : new Ins(connection.link);
        control.send(peer, interrupt);
    }

    /**
     * Closes a connection from the local side and completes once the CLS handshake ends or the
     * close timeout passes. A send connection first sends its unsent data.
     */
    public CompletableFuture<Void> close(Connection connection) {
        if (connection.closing != null) {
            return connection.closing;
        }
        connection.closing = new CompletableFuture<>();
        if (!connections.contains(connection)) {
            connection.closing.complete(null);
            return connection.closing;
        }
        switch (connection.state) {
            case RFC_SENT -> {
                // NIC 8246: a host aborts its outstanding request for connection with CLS.
                failOpening(connection, Code.CLOSED, "closed before " + connection.foreignHostName()
                        + " answered the request for connection");
                sendCls(connection);
            }
            case OPEN -> {
                if (connection.isReceive()) {
                    data.dropUndelivered(connection);
                    sendCls(connection);
                } else {
                    connection.state = ConnectionState.CLOSING;
                    connection.cancelTimer();
                    connection.timer = loop.schedule(() -> closeTimedOut(connection),
                            config.closeTimeout().toMillis(), TimeUnit.MILLISECONDS);
                    sendClsWhenDrained(connection);
                }
            }
            default -> {
                // CLOSING and CLS_SENT already wait for the handshake.
            }
        }
        return connection.closing;
    }

    /** Delivers data that waited because the owner was not ready; call when it becomes ready. */
    public void ownerReady(ConnectionOwner owner) {
        for (Connection connection : connections.all()) {
            if (connection.owner() == owner && !connection.undelivered.isEmpty()) {
                data.deliverUndelivered(connection);
            }
        }
    }

    /** Closes every connection and listener of an owner whose session ended. */
    public void ownerGone(ConnectionOwner owner) {
        for (SocketListener listener : pending.listeners()) {
            if (listener.owner() == owner) {
                stopListening(listener);
            }
        }
        for (Connection connection : connections.all()) {
            if (connection.owner() == owner) {
                close(connection);
            }
        }
    }

    /** Tells whether {@code connection} is still in the tables, not ended. */
    boolean isCurrent(Connection connection) {
        return connections.contains(connection);
    }

    PeerHost peer(int host) {
        return peers.get(host);
    }

    /** Tells whether {@code localSocket} has a connection in any state. */
    public boolean hasConnection(long localSocket) {
        return connections.onSocket(localSocket) != null;
    }

    /**
     * Returns the octets that the engine holds for the connection on {@code localSocket}: data
     * of a send connection not yet sent in a message, or data received on a receive connection
     * not yet handed to its owner. Zero when the socket has no connection.
     */
    public long heldOctets(long localSocket) {
        Connection connection = connections.onSocket(localSocket);
        if (connection == null) {
            return 0;
        }
        long undelivered = 0;
        for (byte[] octets : connection.undelivered) {
            undelivered += octets.length;
        }
        return connection.unsent.size() + undelivered;
    }

    /** Returns every connection and listener, as {@code ncp status} prints them. */
    public List<ConnectionStatus> status() {
        List<ConnectionStatus> result = new ArrayList<>();
        for (SocketListener listener : pending.listeners()) {
            result.add(new ConnectionStatus((int) listener.localSocket(), "*", 0,
                    listener.byteSize(), "LISTEN", listener.owner().uid(), 0, 0));
        }
        for (Connection connection : connections.all()) {
            if (connection.owner() != null) {
                result.add(new ConnectionStatus((int) connection.localSocket(),
                        connection.foreignHostName(), (int) connection.foreignSocket(),
                        connection.byteSize(), connection.state.name(), connection.owner().uid(),
                        connection.bytesIn(), connection.bytesOut()));
            }
        }
        return result;
    }

    // ---------------------------------------------------------------- received messages

    private void receive(byte[] octets) {
        HostMessage message;
        try {
            message = HostMessageCodec.decode(octets);
        } catch (MalformedMessageException malformed) {
            receiveMalformed(octets, malformed);
            return;
        }
        PeerHost peer = peers.get(message.leader().host());
        if (peer == null) {
            LOG.warn("dropping a message from host {}, which is not in the host table",
                    message.leader().host());
            return;
        }
        try {
            if (message.isControl()) {
                receiveControl(peer, message);
            } else {
                data.receiveData(peer, message, octets);
            }
        } catch (RuntimeException bug) {
            LOG.error("failed to process {} from {}", message, peer, bug);
        }
    }

    private void receiveMalformed(byte[] octets, MalformedMessageException malformed) {
        if (octets.length < Leader.OCTETS) {
            LOG.warn("dropping a message of {} octets: {}", octets.length, malformed.getMessage());
            return;
        }
        PeerHost peer = peers.get(octets[1] & 0xff);
        LOG.warn("malformed message from host {}: {}", octets[1] & 0xff, malformed.getMessage());
        if (peer != null) {
            control.send(peer, malformed.err());
        }
    }

    private void receiveControl(PeerHost peer, HostMessage message) {
        DecodedControlMessage decoded = ControlCommandDecoder.decode(message.sharedText());
        for (ControlCommand command : decoded.commands()) {
            TRACE.info("received from {}: {}", peer, command);
            dispatch(peer, command);
        }
        decoded.error().ifPresent(error -> {
            LOG.warn("invalid control command from {}: {}", peer, error.detail());
            control.send(peer, error.err());
        });
    }

    private void dispatch(PeerHost peer, ControlCommand command) {
        if (command instanceof Nop nop) {
            onNop(peer, nop);
        } else if (command instanceof Rts rts) {
            onRts(peer, rts);
        } else if (command instanceof Str str) {
            onStr(peer, str);
        } else if (command instanceof Cls cls) {
            onCls(peer, cls);
        } else if (command instanceof All all) {
            onAll(peer, all);
        } else if (command instanceof Gvb gvb) {
            onGvb(peer, gvb);
        } else if (command instanceof Ret ret) {
            onRet(peer, ret);
        } else if (command instanceof Inr inr) {
            onInr(peer, inr);
        } else if (command instanceof Ins ins) {
            onIns(peer, ins);
        } else if (command instanceof Eco eco) {
            onEco(peer, eco);
        } else if (command instanceof Erp erp) {
            onErp(peer, erp);
        } else if (command instanceof Err err) {
            onErr(peer, err);
        } else if (command instanceof Rst rst) {
            onRst(peer, rst);
        } else if (command instanceof Rrp rrp) {
            onRrp(peer, rrp);
        }
    }

    /** NIC 8246: NOP may be sent at any time and is discarded by the receiver. */
    void onNop(PeerHost peer, Nop nop) {
        // Nothing to do.
    }

    /** RTS from the host of the receive socket: our local socket is the (odd) send socket. */
    void onRts(PeerHost peer, Rts rts) {
        receiveRequest(peer, new ConnectionKey(rts.sendSocket(), peer.number, rts.receiveSocket()),
                rts);
    }

    /** STR from the host of the send socket: our local socket is the (even) receive socket. */
    void onStr(PeerHost peer, Str str) {
        receiveRequest(peer, new ConnectionKey(str.receiveSocket(), peer.number, str.sendSocket()),
                str);
    }

    /**
     * CLS: refuses or aborts a request for connection, or closes an established connection.
     * NIC 8246 requires each side to send and receive CLS before the sockets are free.
     */
    void onCls(PeerHost peer, Cls cls) {
        ConnectionKey key = new ConnectionKey(cls.yourSocket(), peer.number, cls.mySocket());
        Connection connection = connections.get(key);
        if (connection == null) {
            if (pending.remove(key) != null) {
                // The foreign host aborts its request; NIC 8246 obliges us to acknowledge.
                LOG.info("{} withdrew its request for {}", peer, key);
                control.send(peer, new Cls(key.localSocket(), key.foreignSocket()));
                return;
            }
            rejectCommand(peer, ErrorCode.REQUEST_ON_NONEXISTENT_SOCKET, cls,
                    "CLS for " + key + ", which has no connection or request");
            return;
        }

        connection.foreignClsReceived = true;
        switch (connection.state) {
            case RFC_SENT -> {
                // The foreign host refuses our request for connection.
                control.send(peer, new Cls(key.localSocket(), key.foreignSocket()));
                remove(connection);
                failOpening(connection, Code.REFUSED, peer.name + " refused the connection from"
                        + " socket " + key.localSocket() + " to its socket " + key.foreignSocket());
            }
            case OPEN -> {
                if (connection.isReceive()) {
                    // A CLS from the sender means that it sends no more, so the data that
                    // arrived goes to the owner and the CLS is acknowledged.
                    control.send(peer, new Cls(key.localSocket(), key.foreignSocket()));
                    remove(connection);
                    data.flushUndelivered(connection);
                    notifyClosed(connection, "closed by " + peer.name);
                } else {
                    // A CLS from the receiver demands that the sender stop; NIC 8246 forbids our
                    // CLS while a message is in transit, so it waits for that message's RFNM.
                    data.dropUnsent(connection);
                    if (!connection.messageInTransit) {
                        finishForeignClose(connection);
                    }
                }
            }
            case CLOSING -> {
                data.dropUnsent(connection);
                if (!connection.messageInTransit) {
                    finishForeignClose(connection);
                }
            }
            case CLS_SENT -> {
                remove(connection);
                completeClosing(connection);
                LOG.debug("CLS handshake for {} complete", key);
            }
        }
    }

    /**
     * ALL: increases the sender's message and bit counters. NIC 8246: legal only on an
     * established connection, and never above 2^16-1 messages or 2^32-1 bits (bad parameters).
     */
    void onAll(PeerHost peer, All all) {
        Connection connection = peer.sendLinks.get(all.link());
        if (!isEstablished(connection)) {
            rejectLinkCommand(peer, all, connection);
            return;
        }
        long messages = (long) connection.messageSpace + all.messageSpace();
        long bits = connection.bitSpace + all.bitSpace();
        if (messages > 0xFFFF || bits > 0xFFFF_FFFFL) {
            rejectCommand(peer, ErrorCode.BAD_PARAMETERS, all, "ALL would raise the counters of "
                    + connection.key() + " to " + messages + " messages and " + bits + " bits");
            return;
        }
        connection.messageSpace = (int) messages;
        connection.bitSpace = bits;
        data.transmitData(connection);
    }

    /**
     * GVB: the sender must return at least the requested fractions (in 128ths, rounded up; 128
     * or more means all) of its allocation with RET, "quickly".
     */
    void onGvb(PeerHost peer, Gvb gvb) {
        Connection connection = peer.sendLinks.get(gvb.link());
        if (!isEstablished(connection)) {
            rejectLinkCommand(peer, gvb, connection);
            return;
        }
        int messages = (int) returnedShare(connection.messageSpace, gvb.messageFraction());
        long bits = returnedShare(connection.bitSpace, gvb.bitFraction());
        connection.messageSpace -= messages;
        connection.bitSpace -= bits;
        control.send(peer, new Ret(gvb.link(), messages, bits));
    }

    /**
     * RET: NIC 8246 allows it only in reply to GVB. This NCP allocates only space that it can
     * buffer, so it never sends GVB. A RET is reported with ERR, and its space is still taken
     * back so that both counters agree.
     */
    void onRet(PeerHost peer, Ret ret) {
        Connection connection = peer.receiveLinks.get(ret.link());
        if (!isEstablished(connection)) {
            rejectLinkCommand(peer, ret, connection);
            return;
        }
        connection.messagesAllocated = Math.max(0, connection.messagesAllocated - ret.messageSpace());
        connection.bitsAllocated = Math.max(0, connection.bitsAllocated - ret.bitSpace());
        rejectCommand(peer, ErrorCode.UNDEFINED, ret, "RET on " + connection.key()
                + " without a GVB");
        data.allocate(connection);
    }

    /** INR: the receiving process interrupts the sending process, ours. */
    void onInr(PeerHost peer, Inr inr) {
        Connection connection = peer.sendLinks.get(inr.link());
        if (!isEstablished(connection)) {
            rejectLinkCommand(peer, inr, connection);
            return;
        }
        connection.owner().interruptReceived(connection);
    }

    /** INS: the sending process interrupts the receiving process, ours. */
    void onIns(PeerHost peer, Ins ins) {
        Connection connection = peer.receiveLinks.get(ins.link());
        if (!isEstablished(connection)) {
            rejectLinkCommand(peer, ins, connection);
            return;
        }
        connection.owner().interruptReceived(connection);
    }

    /** ECO: NIC 8246 requires an ERP with the same data, sent "quickly". */
    void onEco(PeerHost peer, Eco eco) {
        control.send(peer, new Erp(eco.data()));
    }

    /** ERP: completes the ping whose ECO carried the same data; any other ERP is logged. */
    void onErp(PeerHost peer, Erp erp) {
        pinger.erpReceived(peer, erp);
    }

    /**
     * ERR: logged, as NIC 8246 urges. RFC 467: an ERR "socket (link) not connected" (code 5)
     * about a connection means that the foreign host has no entry for it, so it is closed
     * without CLS.
     */
    void onErr(PeerHost peer, Err err) {
        byte[] data = err.data();
        LOG.warn("{} reported ERR {} ({}) with data {}", peer, err.code().code(), err.code(),
                HexFormat.of().formatHex(data));
        if (err.code() != ErrorCode.SOCKET_NOT_CONNECTED) {
            return;
        }
        Connection connection = connectionNamedBy(peer, data);
        if (connection != null && connection.owner() != null) {
            LOG.warn("closing {} without CLS: {} does not know it (RFC 467)", connection, peer);
            remove(connection);
            failOpening(connection, Code.REFUSED, peer.name + " does not know the connection");
            completeClosing(connection);
            notifyClosed(connection, peer.name + " no longer knows the connection");
        }
    }

    /**
     * RST: NIC 8246 requires purging every table entry that arose from communication with the
     * sending host, and answering with RRP.
     */
    void onRst(PeerHost peer, Rst rst) {
        LOG.info("{} sent RST: purging its connections and answering RRP", peer);
        peer.synchronizedByReset = true;
        purgeForReset(peer);
        control.send(peer, new Rrp());
    }

    /**
     * RRP: the reply to our RST, after which this host talks to the foreign host again. NIC 8246:
     * one RRP replies to all RSTs sent, and any other RRP is discarded.
     */
    void onRrp(PeerHost peer, Rrp rrp) {
        if (peer.resetPending) {
            LOG.info("{} answered RST with RRP", peer);
            control.resetAnswered(peer);
        } else {
            LOG.debug("discarding RRP from {}: no RST outstanding", peer);
        }
    }

    // ---------------------------------------------------------------- connection establishment

    private void receiveRequest(PeerHost peer, ConnectionKey key, ControlCommand rfc) {
        Connection existing = connections.get(key);
        if (existing != null) {
            switch (existing.state) {
                case RFC_SENT -> {
                    establish(existing, rfc);
                    return;
                }
                case CLS_SENT -> {
                    // NIC 8246, Connection Termination example 2: the socket is not free yet,
                    // so a request crossing our CLS is discarded.
                    LOG.info("discarding {} from {}: CLS for {} is outstanding", rfc, peer, key);
                    return;
                }
                default -> {
                    // RFC 467: a request naming the sockets of an open connection shows that
                    // the foreign host closed it. Our end closes without CLS, then the request
                    // is handled as a new one.
                    LOG.warn("{} requested {} again while it was open; closing the old"
                            + " connection without CLS (RFC 467)", peer, key);
                    remove(existing);
                    completeClosing(existing);
                    notifyClosed(existing, peer.name + " opened the connection anew");
                }
            }
        }

        if (pending.find(key) != null) {
            LOG.info("discarding a repeated {} from {}: the first one is still pending", rfc, peer);
            return;
        }
        String refusal = checkPendingLimits(peer, key.localSocket());
        if (refusal != null) {
            LOG.warn("refusing {} from {}: {}", rfc, peer, refusal);
            refuse(peer, key, refusal);
            return;
        }

        PendingRequest request = new PendingRequest(key, peer.name, rfc);
        SocketListener listener = pending.listener(key.localSocket());
        if (listener != null && !byteSizeFits(listener, request)) {
            refuse(peer, key, "byte size " + ((Str) rfc).byteSize() + " instead of the "
                    + listener.byteSize() + " of the listener");
            return;
        }
        if (listener != null) {
            pending.queue(listener, request);
            serveAccepts(listener);
            return;
        }
        // NIC 8246 lets a host queue requests for an unused socket; RFC 165 needs it, because
        // the user side of ICP may Init only after the server's request arrived.
        pending.hold(request);
        request.holdTimer = loop.schedule(() -> holdExpired(request),
                config.holdTime().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Completes a connection that we requested when the matching request arrives. */
    private void establish(Connection connection, ControlCommand rfc) {
        PeerHost peer = peers.get(connection.foreignHost());
        if (rfc instanceof Str str && str.byteSize() != connection.byteSize) {
            LOG.warn("{} sent STR with byte size {} for {}, which expects {}; closing", peer,
                    str.byteSize(), connection.key(), connection.byteSize);
            failOpening(connection, Code.REFUSED, peer.name + " offered byte size "
                    + str.byteSize() + ", not " + connection.byteSize);
            sendCls(connection);
            return;
        }
        if (rfc instanceof Rts rts) {
            Connection other = peer.sendLinks.get(rts.link());
            if (other != null) {
                LOG.warn("{} assigned link {} to {}, which {} uses; closing", peer, rts.link(),
                        connection.key(), other.key());
                failOpening(connection, Code.REFUSED, peer.name + " assigned a link in use");
                sendCls(connection);
                return;
            }
            connection.link = rts.link();
            peer.sendLinks.put(rts.link(), connection);
        }
        connection.state = ConnectionState.OPEN;
        connection.cancelTimer();
        LOG.info("connection {} open, byte size {}, link {}, uid {}", connection.key(),
                connection.byteSize, connection.link, connection.owner().uid());
        CompletableFuture<Connection> opening = connection.opening;
        connection.opening = null;
        opening.complete(connection);
        data.allocate(connection);
    }

    /** Accepts a pending foreign request by sending the matching RTS or STR, which opens the connection. */
    private CompletableFuture<Connection> acceptRequest(ConnectionOwner owner,
                                                        PendingRequest request, int byteSize) {
        PeerHost peer = peers.get(request.key.foreignHost());
        ConnectionKey key = request.key;
        int connectionByteSize = request.rfc instanceof Str str ? str.byteSize() : byteSize;
        Connection connection = new Connection(key, peer.name, owner, ConnectionState.OPEN,
                connectionByteSize);

        if (request.rfc instanceof Rts rts) {
            if (peer.sendLinks.containsKey(rts.link())) {
                refuse(peer, key, "link " + rts.link() + " is in use");
                return failed(Code.REFUSED, peer.name + " assigned link " + rts.link()
                        + ", which another connection uses");
            }
            connection.link = rts.link();
            peer.sendLinks.put(rts.link(), connection);
            control.send(peer, new Str(key.localSocket(), key.foreignSocket(), byteSize));
        } else {
            int link = peer.freeReceiveLink();
            if (link < 0) {
                refuse(peer, key, "no free link");
                return failed(Code.LIMIT_EXCEEDED, "all links 2 to 71 to " + peer + " are in use");
            }
            connection.link = link;
            peer.receiveLinks.put(link, connection);
            control.send(peer, new Rts(key.localSocket(), key.foreignSocket(), link));
        }
        connections.add(connection);
        LOG.info("connection {} open, byte size {}, link {}, uid {}", key, connectionByteSize,
                connection.link, owner.uid());
        data.allocate(connection);
        return CompletableFuture.completedFuture(connection);
    }

    private void serveAccepts(SocketListener listener) {
        while (!listener.accepts.isEmpty() && !listener.requests.isEmpty()
                && connections.onSocket(listener.localSocket()) == null) {
            NcpException limit = checkOwnerLimit(listener.owner());
            if (limit != null) {
                SocketListener.WaitingAccept waiting = listener.accepts.poll();
                waiting.timer.cancel(false);
                waiting.result.completeExceptionally(limit);
                continue;
            }
            PendingRequest request = pending.pollQueued(listener);
            if (!byteSizeFits(listener, request)) {
                refuse(peers.get(request.key.foreignHost()), request.key, "byte size "
                        + ((Str) request.rfc).byteSize() + " instead of the "
                        + listener.byteSize() + " of the listener");
                continue;
            }
            SocketListener.WaitingAccept waiting = listener.accepts.peek();
            acceptRequest(listener.owner(), request, listener.byteSize()).whenComplete(
                    (connection, failure) -> {
                        if (failure == null) {
                            listener.accepts.remove(waiting);
                            waiting.timer.cancel(false);
                            waiting.result.complete(connection);
                        }
                    });
        }
    }

    /**
     * Tells whether a request fits the listener's byte size. RFC 165: Listen waits for a request
     * for connection with the byte size it names, so an STR with another size is refused.
     */
    private static boolean byteSizeFits(SocketListener listener, PendingRequest request) {
        return !(request.rfc instanceof Str str) || str.byteSize() == listener.byteSize();
    }

    private void holdExpired(PendingRequest request) {
        request.holdTimer = null;
        if (!pending.removeHeld(request)) {
            return;
        }
        LOG.info("refusing {}: nobody opened or listened on socket {} within {} ms",
                request.key, request.key.localSocket(), config.holdTime().toMillis());
        refuse(peers.get(request.key.foreignHost()), request.key, "nobody listens");
    }

    /**
     * Refuses a request for connection with CLS and waits for the foreign CLS (NIC 8246). When the
     * host already has as many entries as its limit allows, the CLS is sent without waiting.
     */
    private void refuse(PeerHost peer, ConnectionKey key, String reason) {
        LOG.info("refusing {} from {}: {}", key, peer, reason);
        control.send(peer, new Cls(key.localSocket(), key.foreignSocket()));
        if (connections.get(key) != null
                || connections.countWith(peer.number) >= config.limits().connectionsPerHost()) {
            return;
        }
        Connection refusal = new Connection(key, peer.name, null, ConnectionState.CLS_SENT, 0);
        connections.add(refusal);
        refusal.timer = loop.schedule(() -> clsTimedOut(refusal),
                config.closeTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void openTimedOut(Connection connection, Duration timeout) {
        connection.timer = null;
        if (connection.state != ConnectionState.RFC_SENT) {
            return;
        }
        failOpening(connection, Code.TIMEOUT, connection.foreignHostName()
                + " did not answer the request for connection within " + timeout.toMillis() + " ms");
        sendCls(connection);
    }

    // ---------------------------------------------------------------- termination

    /** Sends CLS for {@code connection} and waits for the foreign CLS, up to the close timeout. */
    private void sendCls(Connection connection) {
        connection.state = ConnectionState.CLS_SENT;
        connection.cancelTimer();
        control.send(peers.get(connection.foreignHost()),
                new Cls(connection.localSocket(), connection.foreignSocket()));
        if (connection.foreignClsReceived) {
            remove(connection);
            completeClosing(connection);
            return;
        }
        connection.timer = loop.schedule(() -> clsTimedOut(connection),
                config.closeTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Sends CLS once a closing send connection has no unsent data and no message in transit. */
    void sendClsWhenDrained(Connection connection) {
        if (connection.state == ConnectionState.CLOSING && connection.unsent.isEmpty()
                && !connection.messageInTransit) {
            sendCls(connection);
        }
    }

    /**
     * Ends a connection whose data message the network lost. The receiver's stream would go on
     * with a gap, so the owner gets CLOSED and CLS goes out instead.
     */
    void abortAfterLoss(Connection connection, String reason) {
        LOG.warn("closing {}: {}", connection.key(), reason);
        data.dropUnsent(connection);
        notifyClosed(connection, reason);
        sendCls(connection);
    }

    /** Sends the CLS that completes a foreign CLS on a send connection, once no message is in transit. */
    void finishForeignClose(Connection connection) {
        boolean closedLocally = connection.state == ConnectionState.CLOSING;
        control.send(peers.get(connection.foreignHost()),
                new Cls(connection.localSocket(), connection.foreignSocket()));
        remove(connection);
        if (closedLocally) {
            completeClosing(connection);
        } else {
            notifyClosed(connection, "closed by " + connection.foreignHostName());
        }
    }

    /**
     * NIC 8246 notes that forgetting a connection whose CLS is unanswered violates the protocol
     * but that hosts commonly do it after one to five minutes, so that a socket is not tied up.
     */
    private void clsTimedOut(Connection connection) {
        connection.timer = null;
        if (!connections.contains(connection)) {
            return;
        }
        LOG.warn("{} sent no CLS for {} within {} ms; forgetting the connection",
                connection.foreignHostName(), connection.key(), config.closeTimeout().toMillis());
        remove(connection);
        completeClosing(connection);
    }

    private void closeTimedOut(Connection connection) {
        connection.timer = null;
        if (connection.state == ConnectionState.CLOSING) {
            LOG.warn("{} could not send its last {} octets within {} ms; closing anyway",
                    connection.key(), connection.unsent.size(), config.closeTimeout().toMillis());
            data.dropUnsent(connection);
            sendCls(connection);
        }
    }

    // ---------------------------------------------------------------- host state

    void declareDead(PeerHost peer, String reason) {
        // The IMP reports a death both to the sender of a failed message and to the listener,
        // so only the first report finds state to drop and is logged as a warning.
        boolean known = peer.synchronizedByReset || !peer.pings.isEmpty()
                || !connections.with(peer.number).isEmpty();
        if (known) {
            LOG.warn("{} is dead: {}", peer, reason);
        } else {
            LOG.debug("{} is dead: {}", peer, reason);
        }
        control.forget(peer);
        String message = "host dead: " + reason;
        for (Connection connection : connections.with(peer.number)) {
            remove(connection);
            failOpening(connection, Code.HOST_DEAD, peer.name + " is dead: " + reason);
            completeClosing(connection);
            notifyClosed(connection, message);
        }
        dropPendingFrom(peer);
        pinger.hostDead(peer, reason);
    }

    /**
     * Purges every entry about {@code peer} for an RST sent or received (NIC 8246). A request for
     * connection that still waits in the control queue behind our RST is kept: the foreign host
     * has not seen it yet.
     */
    private void purgeForReset(PeerHost peer) {
        for (Connection connection : connections.with(peer.number)) {
            if (connection.state == ConnectionState.RFC_SENT
                    && control.isQueued(peer, connection.rfc)) {
                continue;
            }
            remove(connection);
            failOpening(connection, Code.REFUSED, peer.name + " reset its tables (RST)");
            completeClosing(connection);
            notifyClosed(connection, "reset: " + peer.name + " restarted or lost its tables");
        }
        dropPendingFrom(peer);
    }

    private void controlFailed(PeerHost peer, Throwable failure) {
        Throwable cause = failure instanceof CompletionException
                ? failure.getCause() : failure;
        if (cause instanceof HostDeadException) {
            declareDead(peer, cause.getMessage());
        } else {
            LOG.warn("a control message to {} was lost: {}", peer, cause.toString());
        }
    }

    // ---------------------------------------------------------------- tables

    /** Removes a connection from every table and frees its link and socket. */
    private void remove(Connection connection) {
        connection.cancelTimer();
        if (!connections.remove(connection)) {
            return;
        }
        PeerHost peer = peers.get(connection.foreignHost());
        if (connection.link >= 0) {
            if (connection.isReceive()) {
                peer.receiveLinks.remove(connection.link, connection);
            } else {
                peer.sendLinks.remove(connection.link, connection);
            }
        }
        if (connection.owner() == null) {
            return;
        }
        if (connection.overBacklog) {
            connection.overBacklog = false;
            connection.owner().sendBacklogChanged(connection, false);
        }
        SocketListener listener = pending.listener(connection.localSocket());
        if (listener != null) {
            loop.execute(() -> serveAccepts(listener));
        }
    }

    /** Returns why a new connection on {@code localSocket} cannot be made, or null. */
    private NcpException checkNewConnection(ConnectionOwner owner, long localSocket, PeerHost peer) {
        Connection existing = connections.onSocket(localSocket);
        if (existing != null) {
            return new NcpException(Code.SOCKET_IN_USE, "socket " + localSocket
                    + " already has a connection to " + existing.foreignHostName() + " socket "
                    + existing.foreignSocket() + " (" + existing.state + ")");
        }
        if (connections.countWith(peer.number) >= config.limits().connectionsPerHost()) {
            return new NcpException(Code.LIMIT_EXCEEDED, "the limit of "
                    + config.limits().connectionsPerHost() + " connections with " + peer.name
                    + " is reached");
        }
        return checkOwnerLimit(owner);
    }

    private NcpException checkOwnerLimit(ConnectionOwner owner) {
        int listenersOfUid = 0;
        for (SocketListener listener : pending.listeners()) {
            if (listener.owner().uid() == owner.uid()) {
                listenersOfUid++;
            }
        }
        int held = connections.countOwnedBy(owner.uid()) + listenersOfUid;
        if (held >= config.limits().connectionsPerUid()) {
            // The session logs this refusal, rate-limited.
            return new NcpException(Code.LIMIT_EXCEEDED, "uid " + owner.uid()
                    + " has reached its limit of " + config.limits().connectionsPerUid()
                    + " connections and listeners");
        }
        return null;
    }

    /** Returns why a new pending request for {@code localSocket} cannot be kept, or null. */
    private String checkPendingLimits(PeerHost peer, long localSocket) {
        if (pending.total() >= config.limits().pendingTotal()) {
            return "the limit of " + config.limits().pendingTotal() + " pending requests is reached";
        }
        if (pending.countFor(localSocket) >= config.limits().pendingPerSocket()) {
            return "the limit of " + config.limits().pendingPerSocket()
                    + " pending requests for socket " + localSocket + " is reached";
        }
        int withHost = connections.countWith(peer.number) + pending.from(peer.number).size();
        if (withHost >= config.limits().connectionsPerHost()) {
            return "the limit of " + config.limits().connectionsPerHost() + " connections with "
                    + peer.name + " is reached";
        }
        return null;
    }

    private void dropPendingFrom(PeerHost peer) {
        for (PendingRequest request : pending.from(peer.number)) {
            pending.remove(request.key);
        }
    }

    /** Tells whether {@code connection} exists and data and link commands may flow on it. */
    static boolean isEstablished(Connection connection) {
        return connection != null && (connection.state == ConnectionState.OPEN
                || connection.state == ConnectionState.CLOSING);
    }

    /**
     * Rejects a command about a link that no established connection uses. RFC 467 specifies
     * code 5, "socket (link) not connected", so that a host with a half-closed connection closes
     * its end. A command that crossed our own CLS is dropped silently.
     */
    private void rejectLinkCommand(PeerHost peer, ControlCommand command, Connection connection) {
        if (connection != null && connection.state == ConnectionState.CLS_SENT) {
            return;
        }
        rejectCommand(peer, ErrorCode.SOCKET_NOT_CONNECTED, command,
                command + " names a link with no open connection");
    }

    private void rejectCommand(PeerHost peer, ErrorCode code, ControlCommand command, String why) {
        LOG.warn("ERR {} to {}: {}", code.code(), peer, why);
        control.send(peer, Err.quoting(code, command));
    }

    /**
     * Finds the connection that the data of an ERR names: a quoted message header (leader type
     * 0, then host and link) for one of our send connections, a quoted link command, or a CLS.
     */
    private Connection connectionNamedBy(PeerHost peer, byte[] data) {
        int opcode = data[0] & 0xff;
        int link = data[1] & 0xff;
        switch (opcode) {
            case 0:
                return peer.sendLinks.get(data[2] & 0xff);
            case All.OPCODE, Gvb.OPCODE, Inr.OPCODE:
                return peer.receiveLinks.get(link);
            case Ret.OPCODE, Ins.OPCODE:
                return peer.sendLinks.get(link);
            case Cls.OPCODE:
                long mySocket = readU32(data, 1);
                long yourSocket = readU32(data, 5);
                return connections.get(new ConnectionKey(mySocket, peer.number, yourSocket));
            default:
                return null;
        }
    }

    private static long readU32(byte[] data, int offset) {
        return ((long) (data[offset] & 0xff) << 24) | ((data[offset + 1] & 0xff) << 16)
                | ((data[offset + 2] & 0xff) << 8) | (data[offset + 3] & 0xff);
    }

    /** Returns the share of {@code space} that a GVB fraction in 128ths requests, rounded up. */
    private static long returnedShare(long space, int fraction) {
        if (fraction >= Gvb.WHOLE_ALLOCATION) {
            return space;
        }
        return (space * fraction + Gvb.WHOLE_ALLOCATION - 1) / Gvb.WHOLE_ALLOCATION;
    }

    private static void failOpening(Connection connection, Code code, String message) {
        if (connection.opening != null) {
            CompletableFuture<Connection> opening = connection.opening;
            connection.opening = null;
            opening.completeExceptionally(new NcpException(code, message));
        }
    }

    private static void completeClosing(Connection connection) {
        if (connection.closing != null) {
            connection.closing.complete(null);
        }
    }

    /** Tells the owner that a connection ended, unless the owner closed it or never had it. */
    private static void notifyClosed(Connection connection, String reason) {
        if (connection.owner() != null && connection.closing == null
                && connection.opening == null && connection.state != ConnectionState.RFC_SENT) {
            connection.owner().connectionClosed(connection, reason);
        }
    }

    private static NcpException unknownHost(int host) {
        return new NcpException(Code.UNKNOWN_HOST, "host " + host + " is not in the host table");
    }

    private static <T> CompletableFuture<T> failed(Code code, String message) {
        return CompletableFuture.failedFuture(new NcpException(code, message));
    }
}
