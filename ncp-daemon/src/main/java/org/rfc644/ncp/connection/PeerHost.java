package org.rfc644.ncp.connection;

import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.rfc644.ncp.wire.ControlCommand;

/** The engine's state for one foreign host: its links, its control traffic and its pings. */
final class PeerHost {

    /** A PING that waits for its ERP, or for the ERP of an earlier ECO to let it go. */
    static final class Ping {
        final CompletableFuture<Long> roundTripNanos = new CompletableFuture<>();
        long sentAt;
        int data = -1;
        ScheduledFuture<?> timer;
    }

    final int number;
    final String name;

    /** Receive connections (this host assigned the link) by link. */
    final Map<Integer, Connection> receiveLinks = new HashMap<>();
    /** Send connections (the foreign RTS assigned the link) by link. */
    final Map<Integer, Connection> sendLinks = new HashMap<>();

    /** Commands to send in the next control message. */
    final List<ControlCommand> outgoing = new ArrayList<>();
    boolean flushScheduled;
    /** Control messages handed to the IMP whose RFNM or failure has not come back yet. */
    int controlMessagesInFlight;
    /**
     * Generation of the control state. Forgetting the host raises it, so that the late RFNM of a
     * control message sent before is ignored.
     */
    int controlGeneration;

    /** This host and the foreign host reset their tables (RST/RRP) since the path came up. */
    boolean synchronizedByReset;

    /** This host sent RST and waits for RRP; commands other than RRP wait in {@link #outgoing}. */
    boolean resetPending;
    ScheduledFuture<?> resetTimer;

    /** Pings in order; the first one's ECO is the one outstanding, if it has data. */
    final ArrayDeque<Ping> pings = new ArrayDeque<>();
    int nextEcoData;

    PeerHost(int number, String name) {
        this.number = number;
        this.name = name;
    }

    /** Returns the lowest link from 2 to 71 that no receive connection with this host uses, or -1. */
    int freeReceiveLink() {
        for (int link = 2; link <= 71; link++) {
            if (!receiveLinks.containsKey(link)) {
                return link;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return "host " + number + " (" + name + ")";
    }
}
