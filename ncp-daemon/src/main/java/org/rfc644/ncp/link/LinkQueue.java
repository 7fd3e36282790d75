package org.rfc644.ncp.link;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The messages to one host on one link. As the 1972 IMP enforced, a link carries one message at a
 * time: the next one leaves only after the RFNM (or the failure) of the one in flight.
 */
final class LinkQueue {

    private final Deque<OutgoingMessage> waiting = new ArrayDeque<>();
    private OutgoingMessage inFlight;
    private int nextMessageId;

    void add(OutgoingMessage message) {
        waiting.add(message);
    }

    OutgoingMessage inFlight() {
        return inFlight;
    }

    /** Returns true when no message is in flight and one is waiting. */
    boolean readyToSend() {
        return inFlight == null && !waiting.isEmpty();
    }

    /** Moves the first waiting message into flight and returns it. */
    OutgoingMessage takeNext() {
        inFlight = waiting.poll();
        return inFlight;
    }

    /** Returns the message id for the next message on this link: a counter modulo 16. */
    int nextMessageId() {
        int id = nextMessageId;
        nextMessageId = (nextMessageId + 1) % (TunnelLeader.MAX_MESSAGE_ID + 1);
        return id;
    }

    /** Ends the flight of the current message, after its RFNM or its failure. */
    void clearInFlight() {
        inFlight = null;
    }

    /** Removes and returns every message, the one in flight first. */
    Deque<OutgoingMessage> drain() {
        Deque<OutgoingMessage> all = new ArrayDeque<>();
        if (inFlight != null) {
            all.add(inFlight);
            inFlight = null;
        }
        all.addAll(waiting);
        waiting.clear();
        return all;
    }
}
