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
 * tunnel opened by the host with the lower number is kept. A host opens a tunnel only when it has
 * none, because it restarted or saw the old one fail. So a second tunnel that claims this host
 * while its tunnel is up is held, and the old tunnel is probed: when the probe gets no reply
 * within {@link TunnelSettings#probeTimeout()} or the old tunnel closes, the old tunnel is dead
 * and the new one replaces it. When the old tunnel replies, the new one is rejected, because a
 * working tunnel is never handed to a connection that only comes from the right address.
 */
final class Peer {

    private static final Logger log = LoggerFactory.getLogger(Peer.class);

    /** Decision of {@link #offerIncoming} about a tunnel that the host opened. */
    enum Admission {
        /** The tunnel is taken and greeted back. */
        TAKEN,
        /** This host's own attempt is kept; the tunnel carries nothing until it closes. */
        PARKED,
        /** The tunnel waits while the current tunnel is probed, and its handler gets the outcome. */
        HELD,
        /** The tunnel was rejected and is closing. */
        REJECTED
    }

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
    private Channel attempt;
    /** A tunnel that claims this host while {@link #tunnel} is up, held until the probe ends. */
    private TunnelHandler newcomer;
    private ScheduledFuture<?> probeTimer;
    private int probeId;
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
     * Decides about a tunnel that this host opened and that passed the address check, whose
     * handler is {@code handler}.
     */
    Admission offerIncoming(TunnelHandler handler) {
        Channel channel = handler.channel();

        // Simultaneous opens: the tunnel opened by the lower-numbered host is kept.
        if (attempt != null && owner.localHost() < number()) {
            log.info("keeping the tunnel to host {} that host {} is opening; the one from {} stays unused"
                    + " until the peer closes it", number(), owner.localHost(), channel.remoteAddress());
            return Admission.PARKED;
        }

        if (tunnel != null) {
            return holdForProbe(handler);
        }

        if (attempt != null) {
            Channel superseded = attempt;
            attempt = null;
            log.info("closing own attempt to reach host {}: host {} opened a tunnel, and the tunnel of the"
                    + " lower-numbered host is kept", number(), number());
            superseded.close();
        }
        take(channel);
        return Admission.TAKEN;
    }

    /** Greets back on {@code channel} and makes it the tunnel. */
    private void take(Channel channel) {
        byte[] greeting = TunnelHandler.greeting(owner.localHost());
        TunnelHandler.logFrame("sent", channel, greeting);
        channel.writeAndFlush(Unpooled.wrappedBuffer(greeting));
        becomeUp(channel, false);
    }

    /**
     * Holds a second tunnel that claims this host while the current one is up, and probes the
     * current one. Only one newcomer is held at a time; a further one is rejected at once.
     */
    // TODO: probe an idle tunnel periodically too, so that a peer that vanished without closing
    // its tunnel is reported dead before a message to it times out.
    private Admission holdForProbe(TunnelHandler handler) {
        if (newcomer != null) {
            handler.reject("the tunnel to host " + number() + " is up and is already probed for the tunnel from "
                    + newcomer.channel().remoteAddress());
            return Admission.REJECTED;
        }

        newcomer = handler;
        probeId = (probeId + 1) % (TunnelLeader.MAX_MESSAGE_ID + 1);
        Duration timeout = owner.settings().probeTimeout();
        log.info("tunnel from {} claims host {}, whose tunnel ({}) is up; probing that tunnel for {} ms",
                handler.channel().remoteAddress(), number(), tunnel.remoteAddress(), timeout.toMillis());

        byte[] probe = new TunnelLeader(Leader.NOP, owner.localHost(), TunnelLeader.PROBE_LINK, probeId).toFrame();
        TunnelHandler.logFrame("sent", tunnel, probe);
        tunnel.writeAndFlush(Unpooled.wrappedBuffer(probe));
        probeTimer = owner.eventLoop().schedule(this::probeUnanswered, timeout.toMillis(), TimeUnit.MILLISECONDS);
        return Admission.HELD;
    }

    /** Rejects the held newcomer: the current tunnel replied to the probe, so it is alive. */
    void probeReplied(int messageId) {
        if (newcomer == null || messageId != probeId) {
            log.debug("dropped a probe reply from host {} with message id {}: no probe is waiting for it",
                    number(), messageId);
            return;
        }

        cancelProbeTimer();
        TunnelHandler rejected = newcomer;
        newcomer = null;
        rejected.reject("the tunnel to host " + number() + " (" + tunnel.remoteAddress()
                + ") is up and replied to a probe");
    }

    /** Replaces the current tunnel by the held newcomer: no reply came, so the old tunnel is dead. */
    private void probeUnanswered() {
        probeTimer = null;
        if (newcomer == null) {
            return;
        }

        Channel stale = tunnel;
        tunnel = null;
        stale.close();
        loseTunnel("no reply to a probe within " + owner.settings().probeTimeout().toMillis()
                + " ms after host " + number() + " opened a new tunnel from " + newcomer.channel().remoteAddress());
        takeNewcomer();
    }

    private void takeNewcomer() {
        TunnelHandler taken = newcomer;
        newcomer = null;
        take(taken.channel());
        taken.takenAsTunnel();
    }

    private void cancelProbeTimer() {
        if (probeTimer != null) {
            probeTimer.cancel(false);
            probeTimer = null;
        }
    }

    private void becomeUp(Channel channel, boolean openedLocally) {
        tunnel = channel;
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

    /** Handles the end of a TCP connection to this host: the tunnel, an attempt, a newcomer, or none. */
    void channelClosed(Channel channel, String reason) {
        if (channel == tunnel) {
            tunnel = null;
            loseTunnel(reason);
            if (newcomer != null) {
                // The probed tunnel closed: the newcomer need not wait for the probe timeout.
                cancelProbeTimer();
                log.info("taking the tunnel from {} to host {} at once: the old tunnel closed during the probe",
                        newcomer.channel().remoteAddress(), number());
                takeNewcomer();
            } else {
                scheduleRetry();
            }
        } else if (channel == attempt) {
            attempt = null;
            attemptFailed(reason);
        } else if (newcomer != null && channel == newcomer.channel()) {
            newcomer = null;
            cancelProbeTimer();
            log.debug("tunnel from {} to host {} closed while its probe was running: {}",
                    channel.remoteAddress(), number(), reason);
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
        log.debug("next attempt to reach host {} in {} ms", number(), delay.toMillis());
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
        writeFrame(frame);
    }

    /**
     * Writes a frame of the data path on the tunnel. Nothing waits for the write itself, so it
     * takes the void promise, which spares a promise per frame. A failed write reaches the
     * tunnel's handler, which closes the tunnel and so fails every message in flight.
     */
    private void writeFrame(byte[] frame) {
        tunnel.writeAndFlush(Unpooled.wrappedBuffer(frame), tunnel.voidPromise());
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
        writeFrame(rfnm);
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
        cancelProbeTimer();
        failAll("interface closed");

        // Forget the channels before closing them, so their close events find nothing to report.
        Channel closingTunnel = tunnel;
        Channel closingAttempt = attempt;
        Channel closingNewcomer = newcomer == null ? null : newcomer.channel();
        tunnel = null;
        attempt = null;
        newcomer = null;
        state = State.IDLE;
        if (closingNewcomer != null) {
            closingNewcomer.close();
        }
        if (closingTunnel != null) {
            closingTunnel.close();
        }
        if (closingAttempt != null) {
            closingAttempt.close();
        }
    }
}
