package org.rfc644.ncp.link;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.rfc644.ncp.hosts.HostTableEntry;
import org.rfc644.ncp.wire.Leader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The path to one other host: its tunnel, the attempt to open one, the per-link queues and the
 * backoff. Every method runs on the interface's event loop.
 *
 * <p>Between two hosts there is at most one tunnel. When both open one at the same time, the
 * tunnel opened by the host with the lower number is kept. When one host opens a second tunnel
 * while an older one that it opened is still up, the newer one is kept. A host opens a tunnel only
 * when it has none, because it restarted or saw the old one fail.
 */
final class Peer {

    private static final Logger log = LoggerFactory.getLogger(Peer.class);

    /** State of the path to this host. */
    private enum State {
        /** No tunnel and no attempt yet: the first send opens one. */
        IDLE,
        /** A TCP connection to the host is being opened or is waiting for the host's greeting. */
        CONNECTING,
        /** A tunnel is up and carries messages. */
        UP,
        /** The last attempt failed; sends fail at once until the backoff timer tries again. */
        DEAD
    }

    private final HostTableEntry entry;
    private final TcpImpInterface owner;
    private final Backoff backoff;
    private final Map<Integer, LinkQueue> links = new HashMap<>();

    private State state = State.IDLE;
    private Channel tunnel;
    private boolean tunnelOpenedLocally;
    private Channel attempt;
    private int queued;
    private int failedAttempts;
    private boolean deadReported;
    private String lastFailure = "";
    private ScheduledFuture<?> retryTimer;

    Peer(HostTableEntry entry, TcpImpInterface owner) {
        this.entry = entry;
        this.owner = owner;
        this.backoff = new Backoff(owner.settings().initialBackoff(), owner.settings().maxBackoff());
    }

    int number() {
        return entry.number();
    }

    HostTableEntry entry() {
        return entry;
    }

    /** Queues a regular message for this host and sends it when its link is free and a tunnel is up. */
    void send(OutgoingMessage message) {
        // An IMP replied at once with DESTINATION DEAD to a message for a dead host.
        if (state == State.DEAD) {
            message.result().completeExceptionally(new HostDeadException(number(), lastFailure));
            return;
        }
        int limit = owner.settings().maxQueuedPerHost();
        if (queued >= limit) {
            message.result().completeExceptionally(new IOException("queue to host " + number() + " is full: "
                    + queued + " messages are waiting or in flight (limit " + limit + ")"));
            return;
        }

        queued++;
        links.computeIfAbsent(message.link(), link -> new LinkQueue()).add(message);

        if (state == State.IDLE) {
            connect();
        } else if (state == State.UP) {
            sendNext(message.link());
        }
    }

    /** Opens a TCP connection to the host; the greeting exchange follows in {@link TunnelHandler}. */
    private void connect() {
        state = State.CONNECTING;
        ChannelFuture connecting = owner.openTunnel(this);
        attempt = connecting.channel();
        connecting.addListener(done -> {
            if (!done.isSuccess()) {
                Throwable cause = done.cause();
                String detail = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
                channelClosed(connecting.channel(), "connect to " + entry.address() + " failed: " + detail);
            }
        });
    }

    /** Takes the tunnel that this interface opened, once the host greeted back. */
    void attemptGreeted(Channel channel) {
        if (channel != attempt) {
            channel.close();
            return;
        }
        attempt = null;
        becomeUp(channel, true);
    }

    /**
     * Decides about a tunnel that this host opened and that passed the address check. Returns true
     * when the tunnel is taken (the caller has already greeted back on it), false when an own
     * tunnel wins and this one should carry nothing.
     */
    boolean offerIncoming(Channel channel) {
        boolean ownTunnelExists = attempt != null || (tunnel != null && tunnelOpenedLocally);
        if (ownTunnelExists && owner.localHost() < number()) {
            log.info("keeping the tunnel to host {} that host {} opened; the one from {} stays unused"
                    + " until the peer closes it", number(), owner.localHost(), channel.remoteAddress());
            return false;
        }

        if (attempt != null) {
            Channel superseded = attempt;
            attempt = null;
            log.info("closing own attempt to reach host {}: host {} opened a tunnel, and the tunnel of the"
                    + " lower-numbered host is kept", number(), number());
            superseded.close();
        }
        if (tunnel != null) {
            Channel stale = tunnel;
            tunnel = null;
            stale.close();
            loseTunnel("host opened a new tunnel from " + channel.remoteAddress() + ", so it dropped the old one");
        }

        channel.writeAndFlush(Unpooled.wrappedBuffer(TunnelHandler.greeting(owner.localHost())));
        becomeUp(channel, false);
        return true;
    }

    private void becomeUp(Channel channel, boolean openedLocally) {
        tunnel = channel;
        tunnelOpenedLocally = openedLocally;
        state = State.UP;
        failedAttempts = 0;
        deadReported = false;
        backoff.reset();
        if (retryTimer != null) {
            retryTimer.cancel(false);
            retryTimer = null;
        }

        log.info("tunnel to host {} ({}) up: local {}, remote {}, opened by host {}", number(), entry.name(),
                channel.localAddress(), channel.remoteAddress(), openedLocally ? owner.localHost() : number());
        owner.reportHostUp(number());

        for (int link : links.keySet()) {
            sendNext(link);
        }
    }

    /** Handles the end of a TCP connection to this host: the tunnel, an attempt, or neither. */
    void channelClosed(Channel channel, String reason) {
        if (channel == tunnel) {
            tunnel = null;
            loseTunnel(reason);
            scheduleRetry();
        } else if (channel == attempt) {
            attempt = null;
            attemptFailed(reason);
        }
    }

    private void attemptFailed(String reason) {
        lastFailure = reason;
        failedAttempts++;
        failAll(reason);

        if (!deadReported) {
            log.warn("host {} ({}) at {} unreachable: {}", number(), entry.name(), entry.address(), reason);
            reportDead(reason);
        } else {
            log.debug("attempt {} to reach host {} failed: {}", failedAttempts, number(), reason);
        }
        scheduleRetry();
    }

    private void loseTunnel(String reason) {
        lastFailure = reason;
        failAll(reason);
        state = State.IDLE;
        log.warn("tunnel to host {} ({}) down: {}", number(), entry.name(), reason);
        reportDead(reason);
    }

    private void reportDead(String reason) {
        deadReported = true;
        owner.reportHostDead(number(), reason);
    }

    private void scheduleRetry() {
        state = State.DEAD;
        Duration delay = backoff.nextDelay();
        lastFailure = lastFailure + "; next attempt in " + delay.toMillis() + " ms";
        retryTimer = owner.eventLoop().schedule(() -> {
            retryTimer = null;
            if (state == State.DEAD) {
                log.debug("trying again to reach host {} at {}", number(), entry.address());
                connect();
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void sendNext(int link) {
        LinkQueue queue = links.get(link);
        if (state != State.UP || queue == null || !queue.readyToSend()) {
            return;
        }

        OutgoingMessage message = queue.takeNext();
        byte[] frame = message.toFrame(owner.localHost(), queue.nextMessageId());
        Duration timeout = owner.settings().rfnmTimeout();
        message.startRfnmTimer(owner.eventLoop().schedule(
                () -> rfnmTimedOut(message), timeout.toMillis(), TimeUnit.MILLISECONDS));

        TunnelHandler.logFrame("sent", tunnel, frame);
        tunnel.writeAndFlush(Unpooled.wrappedBuffer(frame));
    }

    /**
     * Returns true when {@code channel} is the current tunnel. A tunnel that was just replaced may
     * still deliver frames before it closes, and those are dropped.
     */
    boolean isTunnel(Channel channel) {
        return channel == tunnel;
    }

    /** Delivers a regular message that came through the tunnel, then replies with an RFNM. */
    void regularReceived(TunnelLeader leader, byte[] frame) {
        // The NCP gets the 1822 leader of an IMP-to-host message: the host field names the source,
        // which the tunnel has already checked, and octet 3 is zero.
        frame[3] = 0;
        owner.deliver(frame);

        byte[] rfnm = new TunnelLeader(Leader.RFNM, owner.localHost(), leader.link(), leader.messageId()).toFrame();
        TunnelHandler.logFrame("sent", tunnel, rfnm);
        tunnel.writeAndFlush(Unpooled.wrappedBuffer(rfnm));
    }

    /** Completes the message in flight on the RFNM's link and lets the next one go. */
    void rfnmReceived(TunnelLeader rfnm) {
        LinkQueue queue = links.get(rfnm.link());
        OutgoingMessage message = queue == null ? null : queue.inFlight();
        if (message == null || message.messageId() != rfnm.messageId()) {
            log.warn("RFNM from host {} on link {} with message id {} matches no message in flight; dropped"
                    + " (a late RFNM of a message that timed out?)", number(), rfnm.link(), rfnm.messageId());
            return;
        }

        message.cancelRfnmTimer();
        queue.clearInFlight();
        queued--;
        message.result().complete(null);
        sendNext(rfnm.link());
    }

    private void rfnmTimedOut(OutgoingMessage message) {
        LinkQueue queue = links.get(message.link());
        if (queue == null || queue.inFlight() != message) {
            return;
        }

        queue.clearInFlight();
        queued--;
        String detail = "no RFNM within " + owner.settings().rfnmTimeout().toMillis() + " ms";
        log.warn("message to host {} on link {} failed: INCOMPLETE TRANSMISSION, {}", number(), message.link(), detail);
        message.result().completeExceptionally(new IncompleteTransmissionException(number(), message.link(), detail));
        sendNext(message.link());
    }

    private void failAll(String reason) {
        for (LinkQueue queue : links.values()) {
            for (OutgoingMessage message : queue.drain()) {
                message.cancelRfnmTimer();
                message.result().completeExceptionally(new HostDeadException(number(), reason));
            }
        }
        queued = 0;
    }

    /** Closes the tunnel and any attempt and fails every queued message; reports nothing. */
    void close() {
        if (retryTimer != null) {
            retryTimer.cancel(false);
        }
        failAll("interface closed");

        // Forget the channels before closing them, so their close events find nothing to report.
        Channel closingTunnel = tunnel;
        Channel closingAttempt = attempt;
        tunnel = null;
        attempt = null;
        state = State.IDLE;
        if (closingTunnel != null) {
            closingTunnel.close();
        }
        if (closingAttempt != null) {
            closingAttempt.close();
        }
    }
}
