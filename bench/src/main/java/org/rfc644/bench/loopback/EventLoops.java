package org.rfc644.bench.loopback;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import java.util.concurrent.TimeUnit;

/** The one group of epoll event loops that a driver's Netty channels share. */
final class EventLoops implements AutoCloseable {

    private final EventLoopGroup group;

    EventLoops(int threads) {
        group = new MultiThreadIoEventLoopGroup(threads, EpollIoHandler.newFactory());
    }

    EventLoopGroup group() {
        return group;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
