package org.rfc644.mailer.delivery;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The reserved ICP sockets that deliveries share (RFC 644 section 4c: a set of ICP "from" sockets
 * for authenticated mail when one socket is too contended). A delivery keeps a socket U for a
 * whole FTP session, during which it also uses U+2 and U+3 (the command connection) and U+5 (the
 * default data socket of RFC 454), so two pool sockets must lie at least 6 apart. Thread-safe.
 */
public final class SocketPool {

    /** The sockets of one delivery: U through U+5. */
    public static final int SOCKETS_PER_DELIVERY = 6;

    /** RFC 644's ICP "from" socket for mail. */
    public static final int DEFAULT_ICP_SOCKET = 232;

    private final List<Integer> sockets;
    private final Deque<Integer> free;

    /**
     * @throws IllegalArgumentException when the list is empty, a socket is odd (U is a receive
     *     socket in RFC 165's ICP) or two sockets lie closer than 6
     */
    public SocketPool(List<Integer> sockets) {
        if (sockets.isEmpty()) {
            throw new IllegalArgumentException("the ICP socket pool is empty");
        }
        TreeSet<Integer> sorted = new TreeSet<>();
        for (int socket : sockets) {
            if (socket <= 0 || socket % 2 != 0) {
                throw new IllegalArgumentException("ICP socket " + socket
                        + " must be a positive even number: RFC 165's user socket U receives");
            }
            Integer below = sorted.floor(socket);
            Integer above = sorted.ceiling(socket);
            if ((below != null && socket - below < SOCKETS_PER_DELIVERY)
                    || (above != null && above - socket < SOCKETS_PER_DELIVERY)) {
                throw new IllegalArgumentException("ICP socket " + socket + " overlaps another"
                        + " pool socket: each U uses U to U+5, so pool sockets must lie 6 apart");
            }
            sorted.add(socket);
        }
        this.sockets = List.copyOf(sorted);
        this.free = new ArrayDeque<>(sorted);
    }

    public List<Integer> sockets() {
        return sockets;
    }

    /** Takes a free socket, or returns empty when every socket serves a delivery. */
    public synchronized Optional<Integer> tryAcquire() {
        return Optional.ofNullable(free.pollFirst());
    }

    /** Gives back a socket that {@link #tryAcquire()} returned. */
    public synchronized void release(int socket) {
        if (!sockets.contains(socket) || free.contains(socket)) {
            throw new IllegalStateException("socket " + socket + " is not taken from this pool");
        }
        free.addLast(socket);
    }
}
