package org.rfc644.ncp.link;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.rfc644.ncp.hosts.HostTableEntry;
import org.rfc644.ncp.wire.Leader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCP connection between two interfaces: the greeting exchange, the address check, and then
 * the frames of the tunnel, which go to the {@link Peer}.
 *
 * <p>The side that opens the connection sends a greeting first: a leader of type NOP whose host
 * field is its own host number. The accepting side believes that claim only when the connection
 * comes from the IP address that the host table gives for that host. This check takes the place of
 * the IMP's physical port, because an IMP knew which host was on which cable. A rejected
 * connection is logged and closed, and nothing it carried is acted upon. An accepted one is answered with
 * the accepting host's own greeting, and only then does either side send messages.
 *
 * <p>On an open tunnel a NOP on link {@link TunnelLeader#PROBE_LINK} is a probe, which is answered
 * at once with a NOP on link {@link TunnelLeader#PROBE_REPLY_LINK} and the same message id. The
 * {@link Peer} probes its tunnel when a second tunnel claims the same host.
 */
final class TunnelHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(TunnelHandler.class);

    /** How far the connection has come. */
    private enum Stage {
        /** Waiting for the other side's greeting. */
        GREETING,
        /** Accepted, but the tunnel that this host opened to the same peer is kept instead. */
        PARKED,
        /** Accepted while a tunnel to the same peer is up; waits until the peer has probed that tunnel. */
        HELD,
        /** The tunnel carries messages. */
        UP,
        /** The greeting was rejected; the connection is closing. */
        REJECTED
    }

    private final TcpImpInterface owner;
    private final boolean opener;
    private Peer peer;
    private Channel channel;
    private InetAddress remoteIp;
    private Stage stage = Stage.GREETING;
    /** True while this accepted connection counts against the {@link GreetingLimit}. */
    private boolean countedAsWaiting;
    private ScheduledFuture<?> greetingTimer;
    private String closeReason = "connection closed by the peer";

    /** Creates the handler of a connection that this interface opens to {@code peer}. */
    static TunnelHandler opening(TcpImpInterface owner, Peer peer) {
        return new TunnelHandler(owner, true, peer);
    }

    /** Creates the handler of a connection that another interface opened to this one. */
    static TunnelHandler accepting(TcpImpInterface owner) {
        return new TunnelHandler(owner, false, null);
    }

    private TunnelHandler(TcpImpInterface owner, boolean opener, Peer peer) {
        this.owner = owner;
        this.opener = opener;
        this.peer = peer;
    }

    /** Returns the greeting frame of {@code host}: a NOP leader whose host field is the sender. */
    static byte[] greeting(int host) {
        return new TunnelLeader(Leader.NOP, host, 0, 0).toFrame();
    }

    /** Logs one frame at trace level: direction, remote address and leader octets. */
    static void logFrame(String direction, Channel channel, byte[] frame) {
        if (log.isTraceEnabled()) {
            log.trace("{} {} octets {} {}: leader {}", direction, frame.length, "sent".equals(direction) ? "to" : "from",
                    channel.remoteAddress(), ByteBufUtil.hexDump(frame, 0, Math.min(frame.length, Leader.OCTETS)));
        }
    }

    /** Returns the connection this handler serves, once it is active. */
    Channel channel() {
        return channel;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        remoteIp = ((InetSocketAddress) channel.remoteAddress()).getAddress();
        if (!opener) {
            if (!owner.greetingLimit().admit(remoteIp)) {
                stage = Stage.REJECTED;
                closeReason = "rejected: too many connections waiting for their greeting";
                ctx.close();
                return;
            }
            countedAsWaiting = true;
        }

        long timeout = owner.settings().greetingTimeout().toMillis();
        greetingTimer = ctx.executor().schedule(() -> greetingTimedOut(ctx), timeout, TimeUnit.MILLISECONDS);

        if (opener) {
            log.debug("connected to host {} at {} from {}; sending greeting", peer.number(),
                    ctx.channel().remoteAddress(), ctx.channel().localAddress());
            byte[] greeting = greeting(owner.localHost());
            logFrame("sent", ctx.channel(), greeting);
            ctx.writeAndFlush(Unpooled.wrappedBuffer(greeting));
        } else {
            log.debug("accepted connection from {}", ctx.channel().remoteAddress());
        }
        ctx.fireChannelActive();
    }

    private void greetingTimedOut(ChannelHandlerContext ctx) {
        if (stage == Stage.PARKED) {
            log.info("closing unused tunnel from host {} ({}): the peer did not close it", peer.number(),
                    ctx.channel().remoteAddress());
        } else {
            closeReason = "no greeting from " + ctx.channel().remoteAddress() + " within "
                    + owner.settings().greetingTimeout().toMillis() + " ms";
            log.warn("closing connection: {}", closeReason);
        }
        ctx.close();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buffer = (ByteBuf) msg;
        byte[] frame;
        try {
            frame = ByteBufUtil.getBytes(buffer);
        } finally {
            buffer.release();
        }
        logFrame("received", ctx.channel(), frame);

        TunnelLeader leader;
        try {
            leader = TunnelLeader.readFrom(frame);
        } catch (IllegalArgumentException e) {
            log.warn("invalid frame from {}: {}; dropped", describe(ctx), e.getMessage());
            if (stage == Stage.GREETING) {
                reject(ctx, "the first frame is not a greeting: " + e.getMessage());
            }
            return;
        }

        switch (stage) {
            case GREETING -> greetingReceived(ctx, leader);
            case UP -> tunnelFrameReceived(ctx, leader, frame);
            case PARKED, HELD, REJECTED -> log.debug("dropped a frame from {}: the connection carries no messages",
                    describe(ctx));
        }
    }

    private void greetingReceived(ChannelHandlerContext ctx, TunnelLeader leader) {
        stopCountingAsWaiting();
        if (leader.messageType() != Leader.NOP) {
            reject(ctx, "the first frame has message type " + leader.messageType() + ", not a greeting (NOP)");
            return;
        }

        if (opener) {
            if (leader.host() != peer.number()) {
                reject(ctx, "the host at " + ctx.channel().remoteAddress() + " greeted as host " + leader.host()
                        + ", but the host table gives that address to host " + peer.number());
                return;
            }
            enterUp();
            peer.attemptGreeted(ctx.channel());
            return;
        }

        Optional<Peer> claimed = checkClaim(ctx, leader.host());
        if (claimed.isEmpty()) {
            return;
        }
        peer = claimed.get();
        switch (peer.offerIncoming(this)) {
            case TAKEN -> enterUp();
            case PARKED -> stage = Stage.PARKED;
            case HELD -> {
                // The probe timeout, shorter than the greeting timeout, bounds the wait from here.
                stage = Stage.HELD;
                greetingTimer.cancel(false);
            }
            case REJECTED -> {
                // The peer has already logged the rejection and closed the connection.
            }
        }
    }

    /** Makes this held connection the tunnel, after the peer has greeted back on it. */
    void takenAsTunnel() {
        enterUp();
    }

    /**
     * Closes this connection, which claimed its peer's host while a tunnel to that host was up,
     * with a warning that names the remote address, the claimed host and {@code reason}.
     */
    void reject(String reason) {
        stage = Stage.REJECTED;
        closeReason = "rejected: " + reason;
        log.warn("rejected tunnel from {} claiming host {}: {}", channel.remoteAddress(), peer.number(), reason);
        channel.close();
    }

    /**
     * Checks a greeting's claim to be {@code claimedHost} against the address the connection comes
     * from. The port plays no part, because the peer's outgoing port is ephemeral.
     */
    private Optional<Peer> checkClaim(ChannelHandlerContext ctx, int claimedHost) {
        Optional<HostTableEntry> entry = owner.hosts().byNumber(claimedHost);

        if (entry.isEmpty()) {
            reject(ctx, "greeting from " + remoteIp.getHostAddress() + " claims host " + claimedHost
                    + ", which is not in the host table");
            return Optional.empty();
        }
        if (claimedHost == owner.localHost()) {
            reject(ctx, "greeting from " + remoteIp.getHostAddress() + " claims host " + claimedHost
                    + ", which is this host");
            return Optional.empty();
        }
        InetAddress expected = entry.get().address().getAddress();
        if (!expected.equals(remoteIp)) {
            reject(ctx, "greeting from " + remoteIp.getHostAddress() + " claims host " + claimedHost
                    + ", whose table address is " + expected.getHostAddress());
            return Optional.empty();
        }
        return Optional.of(owner.peer(claimedHost));
    }

    private void enterUp() {
        stage = Stage.UP;
        greetingTimer.cancel(false);
    }

    private void reject(ChannelHandlerContext ctx, String reason) {
        stopCountingAsWaiting();
        stage = Stage.REJECTED;
        closeReason = "rejected: " + reason;
        log.warn("rejected tunnel from {}: {}", ctx.channel().remoteAddress(), reason);
        ctx.close();
    }

    private void tunnelFrameReceived(ChannelHandlerContext ctx, TunnelLeader leader, byte[] frame) {
        if (!peer.isTunnel(ctx.channel())) {
            log.debug("dropped a frame from host {} on a replaced tunnel ({})", peer.number(),
                    ctx.channel().remoteAddress());
            return;
        }
        if (leader.host() != peer.number()) {
            log.warn("dropped a message from host {} ({}) whose leader names host {}", peer.number(),
                    ctx.channel().remoteAddress(), leader.host());
            return;
        }

        switch (leader.messageType()) {
            case Leader.REGULAR -> peer.regularReceived(leader, frame);
            case Leader.RFNM -> peer.rfnmReceived(leader);
            case Leader.NOP -> nopReceived(ctx, leader);
            default -> log.warn("dropped a message of unknown type {} from host {} ({})", leader.messageType(),
                    peer.number(), ctx.channel().remoteAddress());
        }
    }

    private void nopReceived(ChannelHandlerContext ctx, TunnelLeader leader) {
        switch (leader.link()) {
            case TunnelLeader.PROBE_LINK -> {
                byte[] reply = new TunnelLeader(Leader.NOP, owner.localHost(), TunnelLeader.PROBE_REPLY_LINK,
                        leader.messageId()).toFrame();
                logFrame("sent", ctx.channel(), reply);
                ctx.writeAndFlush(Unpooled.wrappedBuffer(reply));
            }
            case TunnelLeader.PROBE_REPLY_LINK -> peer.probeReplied(leader.messageId());
            default -> log.debug("NOP from host {} on link {} ignored", peer.number(), leader.link());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            // The frame decoder skips the oversize frame, so the stream stays in step and the
            // tunnel goes on. Before the greeting nothing is trusted, so the connection closes.
            log.warn("rejected oversize frame from {}: {}", describe(ctx), cause.getMessage());
            if (stage == Stage.GREETING) {
                reject(ctx, "oversize frame before the greeting");
            }
            return;
        }

        closeReason = cause.toString();
        log.warn("error on the connection with {}; closing it", describe(ctx), cause);
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        stopCountingAsWaiting();
        if (greetingTimer != null) {
            greetingTimer.cancel(false);
        }
        log.debug("connection with {} closed: {}", describe(ctx), closeReason);
        if (peer != null) {
            peer.channelClosed(ctx.channel(), closeReason);
        }
        ctx.fireChannelInactive();
    }

    private void stopCountingAsWaiting() {
        if (countedAsWaiting) {
            countedAsWaiting = false;
            owner.greetingLimit().release(remoteIp);
        }
    }

    private String describe(ChannelHandlerContext ctx) {
        if (peer == null) {
            return String.valueOf(ctx.channel().remoteAddress());
        }
        return "host " + peer.number() + " (" + ctx.channel().remoteAddress() + ")";
    }
}
