package org.rfc644.ncp.connection;

import io.netty.util.concurrent.ScheduledFuture;
import org.rfc644.ncp.wire.ControlCommand;
import org.rfc644.ncp.wire.Rts;

/**
 * A request for connection (RTS or STR) from a foreign host that no local open matched yet: held
 * for a while when nobody listens on its socket, or queued for a listener.
 */
final class PendingRequest {

    final ConnectionKey key;
    final String foreignHostName;
    /** The foreign RTS (whose link the connection will use) or STR (whose byte size it will use). */
    final ControlCommand rfc;
    ScheduledFuture<?> holdTimer;

    PendingRequest(ConnectionKey key, String foreignHostName, ControlCommand rfc) {
        this.key = key;
        this.foreignHostName = foreignHostName;
        this.rfc = rfc;
    }

    boolean isRts() {
        return rfc instanceof Rts;
    }

    void cancelHoldTimer() {
        if (holdTimer != null) {
            holdTimer.cancel(false);
            holdTimer = null;
        }
    }
}
