package org.rfc644.ncp.local;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.flush.FlushConsolidationHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.rfc644.ncp.connection.NcpEngine;
import org.rfc644.ncp.policy.SocketBindings;
import org.rfc644.ncp.policy.SocketPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's side of the local API: a Unix domain socket open to every local user, where each
 * connection is a {@link Session} identified by the peer credentials that the kernel reports.
 *
 * <p>Sessions run on the engine's event loop, which must therefore be an epoll loop.
 */
public final class LocalApiServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalApiServer.class);

    /**
     * Octets queued for a client above which its session is no longer read and no DATA is
     * written to it, and below which both resume. The high mark bounds a session's memory; it
     * is large enough for the reply to every request that a client may pipeline before it reads.
     */
    static final WriteBufferWaterMark REPLY_QUEUE = new WriteBufferWaterMark(1 << 20, 2 << 20);

    private final NcpEngine engine;
    private final SocketPolicy policy;
    private final SocketBindings<Session> bindings;
    private final Path socketPath;
    /** Open sessions per uid, for the sessions-per-uid limit; touched on the engine loop only. */
    private final Map<Integer, Integer> sessionsPerUid = new HashMap<>();
    private Channel serverChannel;

    public LocalApiServer(NcpEngine engine, SocketPolicy policy, Path socketPath) {
        this.engine = engine;
        this.policy = policy;
        this.bindings = new SocketBindings<>(policy);
        this.socketPath = socketPath;
    }

    /**
     * Creates the socket file with mode 0666, so that every user can connect. A missing directory
     * is created, and a file left at that path by an earlier run is removed first.
     */
    public void start() throws IOException {
        Path parent = socketPath.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (Files.deleteIfExists(socketPath)) {
            LOG.info("removed the stale socket file {}", socketPath);
        }

        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(engine.loop(), engine.loop())
                .channel(EpollServerDomainSocketChannel.class)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, REPLY_QUEUE)
                .childOption(ChannelOption.MESSAGE_SIZE_ESTIMATOR,
                        LocalApiFrameSizeEstimator.INSTANCE)
                .childHandler(new ChannelInitializer<EpollDomainSocketChannel>() {
                    @Override
                    protected void initChannel(EpollDomainSocketChannel channel) {
                        // DATA frames and replies written in one event loop task or read
                        // leave in one system call.
                        channel.pipeline().addLast(
                                new FlushConsolidationHandler(FlushConsolidationHandler
                                        .DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true),
                                new LocalApiFrameDecoder(FrameType.Sender.CLIENT),
                                new LocalApiFrameEncoder(),
                                new Session(LocalApiServer.this, channel));
                    }
                });
        try {
            serverChannel = bootstrap.bind(new DomainSocketAddress(socketPath.toFile())).sync()
                    .channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while binding " + socketPath, e);
        }
        Files.setPosixFilePermissions(socketPath, PosixFilePermissions.fromString("rw-rw-rw-"));
        LOG.info("local API listening on {}", socketPath);
    }

    public Path socketPath() {
        return socketPath;
    }

    NcpEngine engine() {
        return engine;
    }

    SocketPolicy policy() {
        return policy;
    }

    SocketBindings<Session> bindings() {
        return bindings;
    }

    /** Counts a new session of {@code uid}; false when the uid has reached its limit. */
    boolean admitSession(int uid) {
        int open = sessionsPerUid.getOrDefault(uid, 0);
        if (open >= engine.config().limits().sessionsPerUid()) {
            return false;
        }
        sessionsPerUid.put(uid, open + 1);
        return true;
    }

    void sessionEnded(int uid) {
        sessionsPerUid.computeIfPresent(uid, (key, open) -> open > 1 ? open - 1 : null);
    }

    /** Closes the socket and removes its file; open sessions end. */
    @Override
    public void close() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
            serverChannel = null;
            try {
                Files.deleteIfExists(socketPath);
            } catch (IOException e) {
                LOG.warn("cannot remove the socket file {}: {}", socketPath, e.toString());
            }
            LOG.info("local API on {} closed", socketPath);
        }
    }
}
