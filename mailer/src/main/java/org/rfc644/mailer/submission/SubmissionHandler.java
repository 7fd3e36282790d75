package org.rfc644.mailer.submission;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import java.io.IOException;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One submitter's connection: learns the uid from the kernel once, then replies to each SUBMIT with
 * ACCEPTED or REJECTED. Spooling blocks on fsync, so it runs on {@code spoolExecutor}, never on
 * the event loop.
 */
final class SubmissionHandler extends SimpleChannelInboundHandler<SubmissionFrame> {

    private static final Logger LOG = LoggerFactory.getLogger(SubmissionHandler.class);

    private final SubmissionAcceptor acceptor;
    private final Executor spoolExecutor;
    private int uid = -1;
    private int pid = -1;

    SubmissionHandler(SubmissionAcceptor acceptor, Executor spoolExecutor) {
        this.acceptor = acceptor;
        this.spoolExecutor = spoolExecutor;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws IOException {
        // SO_PEERCRED: the kernel's record of the connecting process, which it cannot forge.
        var credentials = ((EpollDomainSocketChannel) ctx.channel()).peerCredentials();
        uid = credentials.uid();
        pid = credentials.pid();
        LOG.debug("submission connection from uid {} pid {}", uid, pid);
        ctx.fireChannelActive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, SubmissionFrame frame) {
        if (!(frame instanceof SubmitRequest request)) {
            reject(ctx, new RejectedReply(RejectReason.MALFORMED,
                    "expected a SUBMIT frame, received " + frame.getClass().getSimpleName()));
            return;
        }
        ctx.channel().config().setAutoRead(false);
        spoolExecutor.execute(() -> {
            SubmissionFrame reply;
            try {
                reply = acceptor.accept(uid, request);
            } catch (SubmissionRejectedException e) {
                LOG.warn("submission rejected: uid {} pid {} {}: {}", uid, pid, e.reason(),
                        e.getMessage());
                reply = new RejectedReply(e.reason(), e.getMessage());
            }
            ctx.writeAndFlush(reply);
            ctx.channel().config().setAutoRead(true);
        });
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            LOG.warn("submission rejected: uid {} pid {} sent a frame over {} octets", uid, pid,
                    SubmissionCodec.MAX_FRAME_OCTETS);
            reject(ctx, new RejectedReply(RejectReason.TOO_LARGE, "the message is longer than "
                    + SubmissionCodec.MAX_FRAME_OCTETS + " octets, the most a submission carries"));
        } else if (cause instanceof CorruptedFrameException
                || cause instanceof DecoderException) {
            LOG.warn("submission rejected: uid {} pid {} sent a malformed frame: {}", uid, pid,
                    cause.getMessage());
            reject(ctx, new RejectedReply(RejectReason.MALFORMED, "malformed submission frame: "
                    + cause.getMessage()));
        } else {
            LOG.error("submission connection of uid {} pid {} failed", uid, pid, cause);
            ctx.close();
        }
    }

    private static void reject(ChannelHandlerContext ctx, RejectedReply reply) {
        ctx.writeAndFlush(reply).addListener(ChannelFutureListener.CLOSE);
    }
}
