package org.rfc644.ncp.connection;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Foreign requests for connection that no local open matched yet: held for a socket that nobody
 * listens on, or queued on the socket's listener. Also the listeners themselves.
 */
final class PendingRequests {

    private final Map<Long, List<PendingRequest>> held = new HashMap<>();
    private final Map<Long, SocketListener> listeners = new HashMap<>();
    private int total;

    SocketListener listener(long localSocket) {
        return listeners.get(localSocket);
    }

    List<SocketListener> listeners() {
        return new ArrayList<>(listeners.values());
    }

    /** Adds a listener; the requests held for its socket move to its queue. */
    void addListener(SocketListener listener) {
        listeners.put(listener.localSocket(), listener);
        List<PendingRequest> heldForSocket = held.remove(listener.localSocket());
        if (heldForSocket != null) {
            for (PendingRequest request : heldForSocket) {
                request.cancelHoldTimer();
                listener.requests.add(request);
            }
        }
    }

    /** Removes a listener and returns the requests that were queued on it. */
    List<PendingRequest> removeListener(SocketListener listener) {
        listeners.remove(listener.localSocket(), listener);
        List<PendingRequest> queued = new ArrayList<>(listener.requests);
        listener.requests.clear();
        total -= queued.size();
        return queued;
    }

    void hold(PendingRequest request) {
        held.computeIfAbsent(request.key.localSocket(), socket -> new ArrayList<>()).add(request);
        total++;
    }

    void queue(SocketListener listener, PendingRequest request) {
        listener.requests.add(request);
        total++;
    }

    /** Removes and returns the oldest request queued on {@code listener}, or null. */
    PendingRequest pollQueued(SocketListener listener) {
        PendingRequest request = listener.requests.poll();
        if (request != null) {
            total--;
        }
        return request;
    }

    /** Removes a held request; false when it is no longer held. */
    boolean removeHeld(PendingRequest request) {
        List<PendingRequest> heldForSocket = held.get(request.key.localSocket());
        if (heldForSocket == null || !heldForSocket.remove(request)) {
            return false;
        }
        if (heldForSocket.isEmpty()) {
            held.remove(request.key.localSocket());
        }
        request.cancelHoldTimer();
        total--;
        return true;
    }

    /** Returns the held or queued request with {@code key}, or null. */
    PendingRequest find(ConnectionKey key) {
        for (PendingRequest request : held.getOrDefault(key.localSocket(), List.of())) {
            if (request.key.equals(key)) {
                return request;
            }
        }
        SocketListener listener = listeners.get(key.localSocket());
        if (listener != null) {
            for (PendingRequest request : listener.requests) {
                if (request.key.equals(key)) {
                    return request;
                }
            }
        }
        return null;
    }

    /** Removes and returns the held or queued request with {@code key}, or null. */
    PendingRequest remove(ConnectionKey key) {
        PendingRequest request = find(key);
        if (request == null) {
            return null;
        }
        if (!removeHeld(request)) {
            listeners.get(key.localSocket()).requests.remove(request);
            total--;
        }
        return request;
    }

    /** Returns the number of requests held or queued for all sockets. */
    int total() {
        return total;
    }

    int countFor(long localSocket) {
        int count = held.getOrDefault(localSocket, List.of()).size();
        SocketListener listener = listeners.get(localSocket);
        if (listener != null) {
            count += listener.requests.size();
        }
        return count;
    }

    /** Returns every request held or queued from {@code host}. */
    List<PendingRequest> from(int host) {
        List<PendingRequest> result = new ArrayList<>();
        for (List<PendingRequest> requests : held.values()) {
            for (PendingRequest request : requests) {
                if (request.key.foreignHost() == host) {
                    result.add(request);
                }
            }
        }
        for (SocketListener listener : listeners.values()) {
            for (PendingRequest request : listener.requests) {
                if (request.key.foreignHost() == host) {
                    result.add(request);
                }
            }
        }
        return result;
    }
}
