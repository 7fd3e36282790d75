package org.rfc644.ncp.connection;

import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.rfc644.ncp.link.ImpInterface;
import org.rfc644.ncp.wire.ControlCommand;
import org.rfc644.ncp.wire.ControlCommandEncoder;
import org.rfc644.ncp.wire.HostMessage;
import org.rfc644.ncp.wire.HostMessageCodec;
import org.rfc644.ncp.wire.Rrp;
import org.rfc644.ncp.wire.Rst;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends control commands to foreign hosts, packed into as few control messages as fit, and resets
 * a host (RST) before this host first talks to it. Commands queued while an earlier control message
 * to the same host waits for its RFNM stay queued and leave together once it arrives. The IMP
 * carries one message per link at a time anyway, so a control message per command, ALL above all,
 * would only queue behind the link and hold the allocations of every connection back.
 */
final class ControlSender {

    /** The logger of {@code --trace}: one line per control command sent or received. */
    static final Logger TRACE = LoggerFactory.getLogger("org.rfc644.ncp.trace");

    private static final Logger LOG = LoggerFactory.getLogger(ControlSender.class);

    private final EventLoop loop;
    private final ImpInterface imp;
    private final EngineConfig config;
    /** Called on the loop when a control message fails to reach its host. */
    private final BiConsumer<PeerHost, Throwable> failureHandler;
    /** Called on the loop when this host resets a foreign host, to purge its tables too. */
    private final Consumer<PeerHost> resetHandler;

    ControlSender(EventLoop loop, ImpInterface imp, EngineConfig config,
                  BiConsumer<PeerHost, Throwable> failureHandler,
                  Consumer<PeerHost> resetHandler) {
        this.loop = loop;
        this.imp = imp;
        this.config = config;
        this.failureHandler = failureHandler;
        this.resetHandler = resetHandler;
    }

    /** Queues {@code command} for {@code peer}; it leaves at the end of the current loop task. */
    void send(PeerHost peer, ControlCommand command) {
        peer.outgoing.add(command);
        if (!peer.flushScheduled) {
            peer.flushScheduled = true;
            loop.execute(() -> flush(peer));
        }
    }

    /**
     * Sends RST to {@code peer} alone in its control message and keeps every other command
     * queued until RRP arrives or the reset timeout passes. NIC 8246: the host that sent RST
     * should not communicate with the other host until the RST is answered.
     */
    void reset(PeerHost peer) {
        peer.synchronizedByReset = true;
        peer.resetPending = true;
        resetHandler.accept(peer);
        LOG.info("resetting {}: sent RST, waiting for RRP", peer);
        transmit(peer, List.of(new Rst()));
        peer.resetTimer = loop.schedule(() -> resetTimedOut(peer),
                config.resetTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Ends the wait for RRP and sends the commands held meanwhile. */
    void resetAnswered(PeerHost peer) {
        peer.resetPending = false;
        if (peer.resetTimer != null) {
            peer.resetTimer.cancel(false);
            peer.resetTimer = null;
        }
        flush(peer);
    }

    /** Forgets the reset state and the unsent commands of a host that died. */
    void forget(PeerHost peer) {
        peer.outgoing.clear();
        peer.controlMessagesInFlight = 0;
        peer.controlGeneration++;
        peer.synchronizedByReset = false;
        peer.resetPending = false;
        if (peer.resetTimer != null) {
            peer.resetTimer.cancel(false);
            peer.resetTimer = null;
        }
    }

    /** Tells whether {@code command} still waits in {@code peer}'s queue. */
    boolean isQueued(PeerHost peer, ControlCommand command) {
        return peer.outgoing.contains(command);
    }

    private void resetTimedOut(PeerHost peer) {
        peer.resetTimer = null;
        if (peer.resetPending) {
            LOG.warn("{} sent no RRP within {} ms; talking to it anyway", peer,
                    config.resetTimeout().toMillis());
            resetAnswered(peer);
        }
    }

    private void flush(PeerHost peer) {
        peer.flushScheduled = false;
        if (peer.outgoing.isEmpty() || peer.controlMessagesInFlight > 0) {
            // A control message in flight sends the queued commands when its RFNM comes.
            return;
        }
        if (!peer.synchronizedByReset) {
            reset(peer);
        }

        List<ControlCommand> ready = new ArrayList<>();
        if (peer.resetPending) {
            // NIC 8246: while its own RST is unanswered, a host still replies RRP to an RST.
            peer.outgoing.removeIf(command -> command instanceof Rrp && ready.add(command));
        } else {
            ready.addAll(peer.outgoing);
            peer.outgoing.clear();
        }
        if (!ready.isEmpty()) {
            transmit(peer, ready);
        }
    }

    private void transmit(PeerHost peer, List<ControlCommand> commands) {
        for (ControlCommand command : commands) {
            TRACE.info("sent to {}: {}", peer, command);
        }
        int generation = peer.controlGeneration;
        for (HostMessage message : ControlCommandEncoder.encodeMessages(peer.number, commands)) {
            peer.controlMessagesInFlight++;
            CompletableFuture<Void> delivered = imp.send(HostMessageCodec.encode(message));
            delivered.whenCompleteAsync(
                    (ignored, failure) -> controlDelivered(peer, generation, failure), loop);
        }
    }

    /**
     * Counts a control message as delivered (RFNM) or failed, then sends the commands queued
     * meanwhile.
     */
    private void controlDelivered(PeerHost peer, int generation, Throwable failure) {
        if (generation != peer.controlGeneration) {
            return;
        }
        peer.controlMessagesInFlight--;
        if (failure != null) {
            failureHandler.accept(peer, failure);
            if (generation != peer.controlGeneration) {
                return;
            }
        }
        if (peer.controlMessagesInFlight == 0) {
            flush(peer);
        }
    }
}
