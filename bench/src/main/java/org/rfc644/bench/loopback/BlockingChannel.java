package org.rfc644.bench.loopback;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A Netty client channel used from a plain thread: {@link #send} writes, {@link #receive} waits
 * for the next decoded inbound message. A ByteBuf that reaches the end of the pipeline is handed
 * over as a byte array.
 */
final class BlockingChannel implements AutoCloseable {

    private static final Object END = new Object();

    private final Channel channel;
    private final BlockingQueue<Object> inbound;

    private BlockingChannel(Channel channel, BlockingQueue<Object> inbound) {
        this.channel = channel;
        this.inbound = inbound;
    }

    static BlockingChannel connectUnix(EventLoops loops, Path socket,
                                       Supplier<ChannelHandler[]> codec, Duration timeout)
            throws IOException {
        return connect(loops, EpollDomainSocketChannel.class,
                new DomainSocketAddress(socket.toString()), codec, timeout);
    }

    static BlockingChannel connectTcp(EventLoops loops, InetSocketAddress address,
                                      Supplier<ChannelHandler[]> codec, Duration timeout)
            throws IOException {
        return connect(loops, EpollSocketChannel.class, address, codec, timeout);
    }

    private static BlockingChannel connect(EventLoops loops, Class<? extends Channel> type,
                                           SocketAddress address,
                                           Supplier<ChannelHandler[]> codec, Duration timeout)
            throws IOException {
        BlockingQueue<Object> inbound = new LinkedBlockingQueue<>();
        Bootstrap bootstrap = new Bootstrap()
                .group(loops.group())
                .channel(type)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout.toMillis())
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast(codec.get());
                        channel.pipeline().addLast(new QueueingHandler(inbound));
                    }
                });
        if (type == EpollSocketChannel.class) {
            bootstrap.option(ChannelOption.TCP_NODELAY, true);
        }
        ChannelFuture connected = bootstrap.connect(address);
        if (!connected.awaitUninterruptibly(timeout.toMillis() + 1000)) {
            connected.channel().close();
            throw new IOException("no connection to " + address + " within " + timeout);
        }
        if (!connected.isSuccess()) {
            throw new IOException("cannot connect to " + address + ": "
                    + connected.cause().getMessage(), connected.cause());
        }
        return new BlockingChannel(connected.channel(), inbound);
    }

    void send(Object message) {
        channel.writeAndFlush(message);
    }

    /**
     * Returns the next inbound message.
     *
     * @throws IOException when the channel closed or failed, or nothing came within the timeout
     */
    Object receive(Duration timeout) throws IOException {
        Object next;
        try {
            next = inbound.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting on " + channel.remoteAddress(), e);
        }
        if (next == null) {
            throw new IOException("nothing from " + channel.remoteAddress() + " within " + timeout);
        }
        if (next == END) {
            inbound.add(END);
            throw new IOException(channel.remoteAddress() + " closed the connection");
        }
        if (next instanceof Throwable cause) {
            throw new IOException("connection to " + channel.remoteAddress() + " failed: "
                    + cause.getMessage(), cause);
        }
        return next;
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(1000);
    }

    /** Moves every inbound message into the queue, and the end of the channel as END. */
    private static final class QueueingHandler extends ChannelInboundHandlerAdapter {

        private final BlockingQueue<Object> inbound;

        QueueingHandler(BlockingQueue<Object> inbound) {
            this.inbound = inbound;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            if (message instanceof ByteBuf buffer) {
                try {
                    inbound.add(ByteBufUtil.getBytes(buffer));
                } finally {
                    ReferenceCountUtil.release(buffer);
                }
                return;
            }
            inbound.add(message);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            inbound.add(END);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            inbound.add(cause);
            ctx.close();
        }
    }
}
