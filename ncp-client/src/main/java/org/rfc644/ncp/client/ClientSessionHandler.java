package org.rfc644.ncp.client;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import org.rfc644.ncp.local.ClosedFrame;
import org.rfc644.ncp.local.DataFrame;
import org.rfc644.ncp.local.ErrorFrame;
import org.rfc644.ncp.local.InterruptedFrame;
import org.rfc644.ncp.local.LocalApiFrame;
import org.rfc644.ncp.local.OkFrame;
import org.rfc644.ncp.local.WelcomeFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hands each frame from the daemon to its {@link LocalApiClient} session, on the event loop. */
final class ClientSessionHandler extends SimpleChannelInboundHandler<LocalApiFrame> {

    private static final Logger log = LoggerFactory.getLogger(ClientSessionHandler.class);

    private final LocalApiClient session;
    private Throwable failure;

    ClientSessionHandler(LocalApiClient session) {
        this.session = session;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, LocalApiFrame frame) {
        if (frame instanceof WelcomeFrame welcome) {
            session.welcomeArrived(welcome);
        } else if (frame instanceof OkFrame ok) {
            session.okArrived(ok);
        } else if (frame instanceof ErrorFrame error) {
            session.errorArrived(error);
        } else if (frame instanceof DataFrame data) {
            session.dataArrived(data);
        } else if (frame instanceof InterruptedFrame interrupted) {
            session.interruptArrived(interrupted);
        } else if (frame instanceof ClosedFrame closed) {
            session.closedArrived(closed);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        session.writabilityChanged();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.warn("session with the NCP daemon failed; closing it", cause);
        failure = cause;
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        session.sessionEnded(failure);
        ctx.fireChannelInactive();
    }
}
