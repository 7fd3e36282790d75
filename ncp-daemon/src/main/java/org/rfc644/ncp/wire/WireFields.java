package org.rfc644.ncp.wire;

/** Range checks for the fields of control commands, and the socket gender rule. */
final class WireFields {

    /** Lowest link that an RTS may assign to a connection (NIC 8246, Link Assignment). */
    static final int FIRST_CONNECTION_LINK = 2;

    /** Highest link that an RTS may assign to a connection (NIC 8246, Link Assignment). */
    static final int LAST_CONNECTION_LINK = 71;

    private WireFields() {
    }

    /** Throws unless {@code value} fits an unsigned field of {@code bits} bits (at most 32). */
    static long checkUnsigned(String name, long value, int bits) {
        long max = (1L << bits) - 1;
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(name + " must be 0 to " + max + ": " + value);
        }
        return value;
    }

    /**
     * Throws unless {@code link} can carry a connection: an RTS assigns only links 2 to 71, so a
     * command about any other link cannot name a connection (NIC 8246 lists such a link number
     * among the bad parameters of ERR code 3).
     */
    static int checkConnectionLink(int link) {
        if (link < FIRST_CONNECTION_LINK || link > LAST_CONNECTION_LINK) {
            throw new IllegalArgumentException("link must be " + FIRST_CONNECTION_LINK + " to "
                    + LAST_CONNECTION_LINK + ": " + link);
        }
        return link;
    }

    /** Returns whether {@code socket} is a receive socket: its low-order bit is 0 (1 is send). */
    static boolean isReceiveSocket(long socket) {
        return (socket & 1) == 0;
    }

    /** Throws unless {@code socket} is a 32-bit receive socket (even). */
    static long checkReceiveSocket(String name, long socket) {
        checkUnsigned(name, socket, 32);
        if (!isReceiveSocket(socket)) {
            throw new IllegalArgumentException(
                    name + " must be a receive socket (even): " + socket);
        }
        return socket;
    }

    /** Throws unless {@code socket} is a 32-bit send socket (odd). */
    static long checkSendSocket(String name, long socket) {
        checkUnsigned(name, socket, 32);
        if (isReceiveSocket(socket)) {
            throw new IllegalArgumentException(name + " must be a send socket (odd): " + socket);
        }
        return socket;
    }
}
