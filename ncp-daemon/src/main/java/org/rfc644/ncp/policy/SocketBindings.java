package org.rfc644.ncp.policy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The sessions that have bound local sockets. A socket is bound by one session at a time. Not
 * thread-safe, so the daemon uses it from its engine thread only.
 *
 * @param <S> the session type
 */
public final class SocketBindings<S> {

    /** First socket of the search for free sockets, above the sockets of well-known services. */
    public static final long FIRST_FREE_SOCKET = 1024;

    private final SocketPolicy policy;
    private final Map<Long, S> owners = new HashMap<>();
    private final Map<S, Integer> counts = new HashMap<>();
    private long nextFree = FIRST_FREE_SOCKET;

    public SocketBindings(SocketPolicy policy) {
        this.policy = policy;
    }

    /** Returns the session that has bound {@code socket}, or null. */
    public S owner(long socket) {
        return owners.get(socket);
    }

    /**
     * Binds {@code socket} to {@code session} unless another session has bound it.
     *
     * @return true when {@code session} has the socket now (also when it had it already)
     */
    public boolean bind(long socket, S session) {
        S owner = owners.putIfAbsent(socket, session);
        if (owner == null) {
            counts.merge(session, 1, Integer::sum);
        }
        return owner == null || owner == session;
    }

    public void release(long socket, S session) {
        if (owners.remove(socket, session)) {
            counts.computeIfPresent(session, (key, count) -> count > 1 ? count - 1 : null);
        }
    }

    /** Returns the number of sockets that {@code session} has bound. */
    public int countOf(S session) {
        return counts.getOrDefault(session, 0);
    }

    /** Releases every socket that {@code session} holds and returns them. */
    public List<Long> releaseAll(S session) {
        List<Long> released = owners.entrySet().stream()
                .filter(entry -> entry.getValue() == session)
                .map(Map.Entry::getKey)
                .toList();
        released.forEach(owners::remove);
        counts.remove(session);
        return released;
    }

    /**
     * Binds {@code count} consecutive free sockets that no policy line reserves, the first one of
     * gender {@code firstGender} (0 even, 1 odd), and returns the first; empty when the socket
     * space is exhausted.
     */
    public OptionalLong allocate(int count, int firstGender, S session) {
        long start = nextFree;
        long candidate = alignTo(start, firstGender);
        do {
            long last = candidate + count - 1;
            if (last > SocketPolicy.MAX_SOCKET) {
                candidate = alignTo(FIRST_FREE_SOCKET, firstGender);
                continue;
            }
            if (isFree(candidate, last)) {
                for (long socket = candidate; socket <= last; socket++) {
                    owners.put(socket, session);
                }
                counts.merge(session, count, Integer::sum);
                nextFree = last + 1;
                return OptionalLong.of(candidate);
            }
            candidate += 2;
        } while (candidate != alignTo(start, firstGender));
        return OptionalLong.empty();
    }

    private boolean isFree(long first, long last) {
        if (policy.reservesAny(first, last)) {
            return false;
        }
        for (long socket = first; socket <= last; socket++) {
            if (owners.containsKey(socket)) {
                return false;
            }
        }
        return true;
    }

    private static long alignTo(long socket, int gender) {
        return (socket & 1) == gender ? socket : socket + 1;
    }
}
