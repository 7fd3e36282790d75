package org.rfc644.ncp.connection;

import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.rfc644.ncp.client.NcpException;
import org.rfc644.ncp.client.NcpException.Code;
import org.rfc644.ncp.wire.Eco;
import org.rfc644.ncp.wire.Erp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pings by ECO and ERP. NIC 8246 forbids a second ECO to a host while one is unanswered, so the
 * pings of one host go one after another, each with its own data octet.
 */
final class Pinger {

    private static final Logger LOG = LoggerFactory.getLogger(Pinger.class);

    private final EventLoop loop;
    private final ControlSender control;

    Pinger(EventLoop loop, ControlSender control) {
        this.loop = loop;
        this.control = control;
    }

    /** Queues a ping of {@code peer}; completes with the round trip or fails with TIMEOUT. */
    CompletableFuture<Duration> ping(PeerHost peer, Duration timeout) {
        PeerHost.Ping ping = new PeerHost.Ping();
        peer.pings.add(ping);
        ping.timer = loop.schedule(() -> timedOut(peer, ping, timeout),
                timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (peer.pings.size() == 1) {
            sendEco(peer);
        }
        return ping.roundTripNanos.thenApply(Duration::ofNanos);
    }

    /** Completes the outstanding ping whose data the ERP carries; any other ERP is logged. */
    void erpReceived(PeerHost peer, Erp erp) {
        PeerHost.Ping ping = peer.pings.peek();
        if (ping == null || ping.data != erp.data()) {
            LOG.info("{} sent ERP {} that matches no outstanding ECO", peer, erp.data());
            return;
        }
        peer.pings.poll();
        ping.timer.cancel(false);
        ping.roundTripNanos.complete(System.nanoTime() - ping.sentAt);
        sendEco(peer);
    }

    /** Fails every ping of a host that died with HOST_DEAD. */
    void hostDead(PeerHost peer, String reason) {
        for (PeerHost.Ping ping : peer.pings) {
            ping.timer.cancel(false);
            ping.roundTripNanos.completeExceptionally(new NcpException(Code.HOST_DEAD,
                    peer.name + " is dead: " + reason));
        }
        peer.pings.clear();
    }

    private void sendEco(PeerHost peer) {
        PeerHost.Ping ping = peer.pings.peek();
        if (ping == null) {
            return;
        }
        ping.data = peer.nextEcoData;
        peer.nextEcoData = (peer.nextEcoData + 1) & 0xFF;
        ping.sentAt = System.nanoTime();
        control.send(peer, new Eco(ping.data));
    }

    private void timedOut(PeerHost peer, PeerHost.Ping ping, Duration timeout) {
        boolean wasOutstanding = peer.pings.peek() == ping;
        if (!peer.pings.remove(ping)) {
            return;
        }
        ping.roundTripNanos.completeExceptionally(new NcpException(Code.TIMEOUT,
                "no ERP from " + peer.name + " within " + timeout.toMillis() + " ms"));
        if (wasOutstanding) {
            // NOTE: NIC 8246 forbids a second ECO while one is unanswered. After the ping's
            // timeout this NCP gives up on that ECO and lets the next ping send its own.
            sendEco(peer);
        }
    }
}
