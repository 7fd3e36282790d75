package org.rfc644.ncp.daemon;

import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.rfc644.ncp.connection.EngineConfig;
import org.rfc644.ncp.connection.NcpEngine;
import org.rfc644.ncp.hosts.HostTable;
import org.rfc644.ncp.hosts.HostTableEntry;
import org.rfc644.ncp.link.TcpImpInterface;
import org.rfc644.ncp.local.LocalApiServer;
import org.rfc644.ncp.policy.SocketPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running NCP daemon: the TCP stand-in for the IMP, the protocol engine and the local API
 * server, wired together. The engine and the sessions share one epoll event loop.
 */
public final class NcpDaemon implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NcpDaemon.class);

    private final HostTableEntry self;
    private final MultiThreadIoEventLoopGroup group;
    private final TcpImpInterface imp;
    private final NcpEngine engine;
    private final LocalApiServer server;

    private NcpDaemon(HostTableEntry self, MultiThreadIoEventLoopGroup group, TcpImpInterface imp,
                      NcpEngine engine, LocalApiServer server) {
        this.self = self;
        this.group = group;
        this.imp = imp;
        this.engine = engine;
        this.server = server;
    }

    /**
     * Starts a daemon for host {@code hostName} of {@code hosts}: it listens for other daemons on
     * the host's table address and for local programs on {@code socketPath}.
     */
    public static NcpDaemon start(HostTable hosts, String hostName, Path socketPath,
                                  SocketPolicy policy, EngineConfig config) throws IOException {
        HostTableEntry self = hosts.find(hostName).orElseThrow(() ->
                new IOException("host \"" + hostName + "\" is not in the host table"));
        MultiThreadIoEventLoopGroup group =
                new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        TcpImpInterface imp = new TcpImpInterface(hosts, self.number());
        EventLoop loop = group.next();
        NcpEngine engine = new NcpEngine(loop, imp, hosts, config);
        LocalApiServer server = new LocalApiServer(engine, policy, socketPath);
        NcpDaemon daemon = new NcpDaemon(self, group, imp, engine, server);
        try {
            engine.start();
            server.start();
        } catch (IOException | RuntimeException e) {
            daemon.close();
            throw e;
        }
        LOG.info("NCP daemon started: host {} ({}), tunnel address {}, local API socket {}",
                self.number(), self.name(), self.address(), socketPath);
        return daemon;
    }

    public HostTableEntry host() {
        return self;
    }

    public NcpEngine engine() {
        return engine;
    }

    public Path socketPath() {
        return server.socketPath();
    }

    /** Stops the local API, the links to other hosts and the event loop. */
    @Override
    public void close() {
        server.close();
        imp.close();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        LOG.info("NCP daemon of host {} ({}) stopped", self.number(), self.name());
    }
}
