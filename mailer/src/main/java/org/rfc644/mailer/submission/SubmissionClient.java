package org.rfc644.mailer.submission;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainSocketAddress;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Submits one message to the mailer over its submission socket and waits for the reply. */
public final class SubmissionClient {

    /** Default path of the mailer's submission socket. */
    public static final Path DEFAULT_SOCKET = Path.of("/run/mailer/submit.sock");

    private SubmissionClient() {
    }

    /**
     * Sends SUBMIT and returns once the mailer has the message on disk.
     *
     * @throws SubmissionRejectedException when the mailer rejects the message
     * @throws IOException when the mailer cannot be reached, closes without a reply, or does not
     *     reply within {@code timeout}
     */
    public static AcceptedReply submit(Path socketPath, List<String> recipients, byte[] message,
                                       Duration timeout)
            throws IOException, SubmissionRejectedException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        CompletableFuture<SubmissionFrame> reply = new CompletableFuture<>();
        try {
            Channel channel = connect(group, socketPath, reply);
            channel.writeAndFlush(new SubmitRequest(recipients, message));
            SubmissionFrame frame = reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            channel.close();
            return toResult(frame);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while submitting to " + socketPath, e);
        } catch (ExecutionException e) {
            throw new IOException("submission to the mailer at " + socketPath + " failed: "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("the mailer at " + socketPath + " did not reply within "
                    + timeout.toSeconds() + " s");
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    /** Connects to the mailer, with a message that distinguishes a stopped mailer from other failures. */
    private static Channel connect(EventLoopGroup group, Path socketPath,
                                   CompletableFuture<SubmissionFrame> reply)
            throws IOException, InterruptedException {
        ChannelFuture connected = new Bootstrap()
                .group(group)
                .channel(EpollDomainSocketChannel.class)
                .handler(new ChannelInitializer<EpollDomainSocketChannel>() {
                    @Override
                    protected void initChannel(EpollDomainSocketChannel channel) {
                        channel.pipeline().addLast(
                                SubmissionFrameCodec.newFrameDecoder(),
                                SubmissionFrameCodec.newLengthPrepender(),
                                new SubmissionFrameCodec(),
                                new ReplyHandler(reply));
                    }
                })
                .connect(new DomainSocketAddress(socketPath.toString()))
                .await();
        if (connected.isSuccess()) {
            return connected.channel();
        }

        // Netty reports ENOENT as FileNotFoundException and every other connect errno, such
        // as ECONNREFUSED for a socket file left by a mailer that stopped, as ConnectException.
        Throwable cause = connected.cause();
        if (cause instanceof FileNotFoundException) {
            throw notRunning(socketPath, "the socket does not exist");
        }
        if (cause instanceof ConnectException && String.valueOf(cause.getMessage())
                .contains("Connection refused")) {
            throw notRunning(socketPath, "nothing listens on the socket");
        }
        throw new IOException("cannot connect to the mailer at " + socketPath + ": "
                + (cause.getMessage() != null ? cause.getMessage() : cause.toString()), cause);
    }

    private static IOException notRunning(Path socketPath, String reason) {
        return new IOException("the mailer is not running at " + socketPath + " (" + reason
                + "). Start it, or give the socket it listens on with --submit-socket");
    }

    private static AcceptedReply toResult(SubmissionFrame frame) throws IOException,
            SubmissionRejectedException {
        if (frame instanceof AcceptedReply accepted) {
            return accepted;
        }
        if (frame instanceof RejectedReply rejected) {
            throw new SubmissionRejectedException(rejected.reason(), rejected.message());
        }
        throw new IOException("the mailer replied with an unexpected " + frame);
    }

    /** Completes the future with the first frame, or with an error when the connection ends. */
    private static final class ReplyHandler extends SimpleChannelInboundHandler<SubmissionFrame> {

        private final CompletableFuture<SubmissionFrame> reply;

        ReplyHandler(CompletableFuture<SubmissionFrame> reply) {
            this.reply = reply;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, SubmissionFrame frame) {
            reply.complete(frame);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            reply.completeExceptionally(new IOException("the mailer closed the connection"
                    + " without a reply"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            reply.completeExceptionally(cause);
            ctx.close();
        }
    }
}
