package org.rfc644.ncp.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MessageSizeEstimator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Sizing of queued frames for the write water marks of a local API channel. */
class LocalApiFrameSizeEstimatorTest {

    private static final WriteBufferWaterMark MARKS = new WriteBufferWaterMark(64 * 1024, 256 * 1024);

    private EventLoopGroup group;
    private Channel server;

    @BeforeEach
    void startServer() throws InterruptedException {
        group = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
        server = new ServerBootstrap()
                .group(group)
                .channel(LocalServerChannel.class)
                .childHandler(new ChannelInboundHandlerAdapter())
                .bind(new LocalAddress("estimator-test"))
                .sync()
                .channel();
    }

    @AfterEach
    void stopServer() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void sizesDataFramesByTheirData() {
        MessageSizeEstimator.Handle sizes = LocalApiFrameSizeEstimator.INSTANCE.newHandle();

        // Each SEND or DATA frame adds its length field, type octet and handle to the data.
        assertEquals(1000 + 9, sizes.size(new SendFrame(1, new byte[1000])));
        assertEquals(SendFrame.MAX_DATA + 9,
                sizes.size(new SendFrame(1, new byte[SendFrame.MAX_DATA])));
        assertEquals(17 + 9, sizes.size(new DataFrame(2, new byte[17])));
        assertEquals(5, sizes.size(Unpooled.wrappedBuffer(new byte[5])));
    }

    @Test
    void sendFramesQueuedFromOtherThreadEndWritability() throws InterruptedException {
        Channel channel = connect();
        CountDownLatch release = new CountDownLatch(1);
        try {
            // While the loop is busy, writes from this thread wait as tasks, not yet encoded.
            channel.eventLoop().execute(() -> awaitQuietly(release));
            int frames = 0;
            while (channel.isWritable() && frames < 100) {
                channel.write(new SendFrame(1, new byte[SendFrame.MAX_DATA]));
                frames++;
            }

            assertFalse(channel.isWritable(), "still writable after " + frames + " SEND frames");
            assertTrue(frames <= MARKS.high() / SendFrame.MAX_DATA + 1, frames + " frames queued");
        } finally {
            release.countDown();
            channel.close().syncUninterruptibly();
        }
    }

    private Channel connect() throws InterruptedException {
        return new Bootstrap()
                .group(group)
                .channel(LocalChannel.class)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, MARKS)
                .option(ChannelOption.MESSAGE_SIZE_ESTIMATOR, LocalApiFrameSizeEstimator.INSTANCE)
                .handler(new LocalApiFrameEncoder())
                .connect(new LocalAddress("estimator-test"))
                .sync()
                .channel();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
