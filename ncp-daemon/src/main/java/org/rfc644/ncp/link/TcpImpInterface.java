package org.rfc644.ncp.link;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.flush.FlushConsolidationHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.rfc644.ncp.hosts.HostTable;
import org.rfc644.ncp.hosts.HostTableEntry;
import org.rfc644.ncp.wire.Leader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IMP subnet stood in for by TCP: one tunnel per pair of hosts, each message framed as a
 * 16-bit big-endian length followed by the message octets.
 *
 * <p>The interface listens on its own host table address. A tunnel to another host is opened on
 * the first message to it, or accepted when that host opens it first, and after a failure it is
 * reopened with exponential backoff. A second tunnel that claims a host whose tunnel is up
 * replaces it only when the old tunnel does not reply to a probe. Outgoing connections are bound
 * to this host's table address, because the peer recognizes a host by the IP address its tunnel
 * comes from.
 *
 * <p>All work, including every call of the {@link ImpListener} and the completion of every send
 * future, runs on one I/O thread: the NCP's event loop when {@link #shareEventLoop} gave one, or
 * else a thread of the interface's own.
 */
public final class TcpImpInterface implements ImpInterface {

    /**
     * Largest message, leader included, in octets: a host could hand its IMP at most 8095 bits,
     * which is 1012 octets once the last one is padded.
     *
     * <p>NOTE: this counts the 32-bit leader within the 8095 bits; if the leader came on top, the
     * limit would be 1016 octets.
     */
    public static final int MAX_MESSAGE_OCTETS = 1012;

    /** Size of the length field that precedes each message on a tunnel. */
    private static final int LENGTH_FIELD_OCTETS = 2;

    private static final Logger log = LoggerFactory.getLogger(TcpImpInterface.class);

    private final HostTable hosts;
    private final HostTableEntry self;
    private final TunnelSettings settings;
    /** The path to each host that this interface has talked with; used on the event loop only. */
    private final Map<Integer, Peer> peers = new HashMap<>();
    private final GreetingLimit greetingLimit = new GreetingLimit();

    /** The loop of the NCP given by {@link #shareEventLoop}, or null. */
    private EventLoop sharedLoop;
    /** The thread of this interface's own, when it shares no loop; null otherwise. */
    private EventLoopGroup ownGroup;
    private EventLoop eventLoop;
    private boolean started;
    private Channel server;
    private Bootstrap bootstrap;
    private ImpListener listener;
    private volatile boolean running;

    /** Creates the interface of host {@code localHost} with {@link TunnelSettings#defaults()}. */
    public TcpImpInterface(HostTable hosts, int localHost) {
        this(hosts, localHost, TunnelSettings.defaults());
    }

    /**
     * Creates the interface of host {@code localHost}; nothing is opened before {@link #start}.
     *
     * @throws IllegalArgumentException when {@code localHost} is not in the table
     */
    public TcpImpInterface(HostTable hosts, int localHost, TunnelSettings settings) {
        this.hosts = hosts;
        this.self = hosts.byNumber(localHost).orElseThrow(() ->
                new IllegalArgumentException("host " + localHost + " is not in the host table"));
        this.settings = settings;
    }

    @Override
    public int localHost() {
        return self.number();
    }

    /** Returns the address this interface listens on: its own host table address. */
    public InetSocketAddress listenAddress() {
        return self.address();
    }

    /**
     * Starts listening on this host's table address.
     *
     * @throws IOException when the address cannot be bound
     * @throws IllegalStateException when the interface was started before
     */
    @Override
    public synchronized void start(ImpListener listener) throws IOException {
        if (started) {
            throw new IllegalStateException("IMP interface of host " + localHost() + " was already started");
        }
        started = true;
        this.listener = listener;

        // One thread does all the work, so the state of the peers needs no locks.
        boolean epoll = sharedLoop instanceof IoEventLoop loop && loop.isIoType(EpollIoHandler.class);
        boolean nio = sharedLoop instanceof IoEventLoop loop && loop.isIoType(NioIoHandler.class);
        if (epoll || nio) {
            eventLoop = sharedLoop;
        } else {
            ownGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
            eventLoop = ownGroup.next();
        }
        bootstrap = new Bootstrap()
                .group(eventLoop)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout().toMillis())
                .option(ChannelOption.TCP_NODELAY, true);

        ChannelFuture bound = new ServerBootstrap()
                .group(eventLoop)
                .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(tunnelPipeline(() -> TunnelHandler.accepting(this)))
                .bind(self.address())
                .awaitUninterruptibly();
        if (!bound.isSuccess()) {
            if (ownGroup != null) {
                ownGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            }
            throw new IOException("cannot listen on " + self.address() + " for host " + localHost() + ": "
                    + bound.cause().getMessage(), bound.cause());
        }
        server = bound.channel();
        running = true;
        log.info("IMP interface of host {} ({}) listening on {}, {}", localHost(), self.name(), server.localAddress(),
                ownGroup == null ? "on the NCP's event loop" : "on a thread of its own");
    }

    /**
     * Runs the tunnels on {@code loop} when it is a Netty epoll or NIO loop; any other loop is
     * ignored and the interface starts a thread of its own.
     *
     * @throws IllegalStateException when the interface was started already
     */
    @Override
    public synchronized void shareEventLoop(EventLoop loop) {
        if (started) {
            throw new IllegalStateException("IMP interface of host " + localHost() + " was already started");
        }
        sharedLoop = loop;
    }

    /**
     * Sends a regular message to the host its leader names.
     *
     * <p>The future fails with {@link IllegalArgumentException} when the message is shorter than a
     * leader, longer than {@link #MAX_MESSAGE_OCTETS}, has an invalid leader or is not of type
     * REGULAR; with {@link HostDeadException} when the destination is not in the table, cannot be
     * reached or its tunnel is lost; with {@link IncompleteTransmissionException} when no RFNM
     * comes within the RFNM timeout; and with {@link IOException} when the queue to the host is
     * full or the interface is not running.
     */
    @Override
    public CompletableFuture<Void> send(byte[] message) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        Leader leader;
        try {
            leader = checkMessage(message);
        } catch (IllegalArgumentException e) {
            result.completeExceptionally(e);
            return result;
        }
        if (!running) {
            result.completeExceptionally(new IOException("IMP interface of host " + localHost() + " is not running"));
            return result;
        }

        byte[] copy = message.clone();
        try {
            eventLoop.execute(() -> dispatch(copy, leader, result));
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new IOException("IMP interface of host " + localHost() + " is closing", e));
        }
        return result;
    }

    private static Leader checkMessage(byte[] message) {
        if (message == null || message.length < Leader.OCTETS) {
            throw new IllegalArgumentException("a message must hold at least the " + Leader.OCTETS + "-octet leader");
        }
        if (message.length > MAX_MESSAGE_OCTETS) {
            throw new IllegalArgumentException("message of " + message.length + " octets exceeds the maximum of "
                    + MAX_MESSAGE_OCTETS);
        }
        Leader leader = Leader.readFrom(message, 0);
        if (leader.messageType() != Leader.REGULAR) {
            throw new IllegalArgumentException("only regular messages (type 0) can be sent, not type "
                    + leader.messageType());
        }
        return leader;
    }

    private void dispatch(byte[] message, Leader leader, CompletableFuture<Void> result) {
        // send() accepted the message before close() began, so it fails as every queued one does.
        if (!running) {
            result.completeExceptionally(new HostDeadException(leader.host(), "the IMP interface of host "
                    + localHost() + " closed before the message left"));
            return;
        }

        // As the IMP does, a message to the host's own number comes straight back to it.
        if (leader.host() == localHost()) {
            deliver(message);
            result.complete(null);
            return;
        }

        if (hosts.byNumber(leader.host()).isEmpty()) {
            result.completeExceptionally(new HostDeadException(leader.host(),
                    "host " + leader.host() + " is not in the host table"));
            return;
        }
        peer(leader.host()).send(new OutgoingMessage(message, leader.link(), result));
    }

    /** Stops listening, closes every tunnel and fails every queued message with {@link HostDeadException}. */
    @Override
    public synchronized void close() {
        if (!running) {
            return;
        }
        running = false;

        // A shared loop belongs to the NCP, which shuts it down itself.
        Runnable closeAll = () -> {
            peers.values().forEach(Peer::close);
            server.close();
        };
        if (eventLoop.inEventLoop()) {
            closeAll.run();
            if (ownGroup != null) {
                ownGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            }
        } else {
            eventLoop.submit(closeAll).awaitUninterruptibly();
            if (ownGroup != null) {
                ownGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
            }
        }
        log.info("IMP interface of host {} ({}) stopped", localHost(), self.name());
    }

    /** Returns the pipeline of a tunnel: length framing on both ways, then {@code handler}. */
    private static ChannelInitializer<SocketChannel> tunnelPipeline(Supplier<TunnelHandler> handler) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel channel) {
                // One flush per event loop read or task instead of one system call per frame:
                // data messages, RFNMs and control messages to a host share its tunnel.
                channel.pipeline().addLast(
                        new FlushConsolidationHandler(
                                FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true),
                        framer(),
                        new LengthFieldPrepender(LENGTH_FIELD_OCTETS),
                        handler.get());
            }
        };
    }

    /** Returns the decoder of tunnel frames; a frame longer than the largest message is rejected. */
    private static LengthFieldBasedFrameDecoder framer() {
        // Netty counts the length field itself in the maximum frame length.
        return new LengthFieldBasedFrameDecoder(MAX_MESSAGE_OCTETS + LENGTH_FIELD_OCTETS,
                0, LENGTH_FIELD_OCTETS, 0, LENGTH_FIELD_OCTETS);
    }

    /** Opens a TCP connection to {@code peer}, bound to this host's table address. */
    ChannelFuture openTunnel(Peer peer) {
        InetSocketAddress local = new InetSocketAddress(self.address().getAddress(), 0);
        log.debug("opening tunnel to host {} at {} from {}", peer.number(), peer.entry().address(), local.getAddress());
        return bootstrap.clone()
                .handler(tunnelPipeline(() -> TunnelHandler.opening(this, peer)))
                .connect(peer.entry().address(), local);
    }

    Peer peer(int host) {
        return peers.computeIfAbsent(host, number -> new Peer(hosts.byNumber(number).orElseThrow(), this));
    }

    GreetingLimit greetingLimit() {
        return greetingLimit;
    }

    HostTable hosts() {
        return hosts;
    }

    TunnelSettings settings() {
        return settings;
    }

    EventLoop eventLoop() {
        return eventLoop;
    }

    void deliver(byte[] message) {
        try {
            listener.messageReceived(message);
        } catch (RuntimeException e) {
            log.error("listener failed on a message from host {} on link {}", message[1] & 0xff, message[2] & 0xff, e);
        }
    }

    void reportHostUp(int host) {
        try {
            listener.hostUp(host);
        } catch (RuntimeException e) {
            log.error("listener failed on host {} up", host, e);
        }
    }

    void reportHostDead(int host, String reason) {
        try {
            listener.hostDead(host, reason);
        } catch (RuntimeException e) {
            log.error("listener failed on host {} dead", host, e);
        }
    }
}
