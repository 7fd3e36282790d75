package org.rfc644.ncp.link;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import org.rfc644.ncp.wire.Leader;

/** A regular message from the NCP on its way to another host, with the future that its RFNM completes. */
final class OutgoingMessage {

    private final byte[] message;
    private final int link;
    private final CompletableFuture<Void> result;
    private int messageId;
    private ScheduledFuture<?> rfnmTimer;

    OutgoingMessage(byte[] message, int link, CompletableFuture<Void> result) {
        this.message = message;
        this.link = link;
        this.result = result;
    }

    int link() {
        return link;
    }

    int messageId() {
        return messageId;
    }

    CompletableFuture<Void> result() {
        return result;
    }

    /**
     * Returns the frame to send: the NCP's message with its leader rewritten in place for the
     * tunnel (host field = sending host, message id in octet 3). The message is sent once, so its
     * array becomes the frame.
     */
    byte[] toFrame(int sendingHost, int messageId) {
        this.messageId = messageId;
        new TunnelLeader(Leader.REGULAR, sendingHost, link, messageId).writeTo(message);
        return message;
    }

    void startRfnmTimer(ScheduledFuture<?> timer) {
        this.rfnmTimer = timer;
    }

    void cancelRfnmTimer() {
        if (rfnmTimer != null) {
            rfnmTimer.cancel(false);
            rfnmTimer = null;
        }
    }
}
