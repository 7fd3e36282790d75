package org.rfc644.ncp.connection;

import java.util.ArrayDeque;

/** A first-in first-out queue of octets, kept as the arrays that were added. */
final class OctetQueue {

    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private int headOffset;
    private long size;

    void add(byte[] octets) {
        if (octets.length > 0) {
            chunks.add(octets);
            size += octets.length;
        }
    }

    long size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Removes and returns the first {@code count} octets; {@code count} must not exceed size. */
    byte[] take(int count) {
        byte[] result = new byte[count];
        int filled = 0;
        while (filled < count) {
            byte[] head = chunks.peek();
            int n = Math.min(count - filled, head.length - headOffset);
            System.arraycopy(head, headOffset, result, filled, n);
            filled += n;
            headOffset += n;
            if (headOffset == head.length) {
                chunks.poll();
                headOffset = 0;
            }
        }
        size -= count;
        return result;
    }

    void clear() {
        chunks.clear();
        headOffset = 0;
        size = 0;
    }
}
