package org.rfc644.bench.loopback;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollServerSocketChannel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The TCP counterpart of a ping: an echo server on one loopback address and a client on the
 * other sending one octet and waiting for it to come back, one round trip after the other. Both
 * use Netty's epoll transport, like the daemons.
 */
@Command(name = "tcp-echo", mixinStandardHelpOptions = true,
        description = "Median round trip of one octet through a TCP echo server, in microseconds.")
final class TcpEcho implements Callable<Integer> {

    @Option(names = "--server", defaultValue = "127.0.0.2",
            description = "Loopback address of the echo server (default: ${DEFAULT-VALUE}).")
    private String serverAddress;

    @Option(names = "--count", defaultValue = "500",
            description = "Round trips (default: ${DEFAULT-VALUE}).")
    private int count;

    @Option(names = "--warmup", defaultValue = "100",
            description = "Round trips first, not counted (default: ${DEFAULT-VALUE}).")
    private int warmup;

    @Override
    public Integer call() throws Exception {
        Duration timeout = Duration.ofSeconds(5);
        List<Double> roundTrips = new ArrayList<>();
        try (EventLoops loops = new EventLoops(2)) {
            Channel server = new ServerBootstrap()
                    .group(loops.group())
                    .channel(EpollServerSocketChannel.class)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel channel) {
                            channel.pipeline().addLast(new Echo());
                        }
                    })
                    .bind(new InetSocketAddress(serverAddress, 0))
                    .sync()
                    .channel();
            try (BlockingChannel client = BlockingChannel.connectTcp(loops,
                    (InetSocketAddress) server.localAddress(), () -> new ChannelHandler[0],
                    timeout)) {
                for (int i = 0; i < warmup + count; i++) {
                    long before = System.nanoTime();
                    client.send(Unpooled.wrappedBuffer(new byte[] {(byte) i}));
                    client.receive(timeout);
                    long after = System.nanoTime();
                    if (i >= warmup) {
                        roundTrips.add((after - before) / 1e3);
                    }
                }
            } finally {
                server.close().sync();
            }
        }
        Metrics.print("tcp.echo.us", new Samples(roundTrips).median());
        return 0;
    }

    /** Writes back whatever arrives. */
    private static final class Echo extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            ctx.writeAndFlush(message);
        }
    }
}
