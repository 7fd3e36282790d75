package org.rfc644.ncp.wire;

/**
 * The 32-bit leader that starts every message between a host and its IMP (BBN Report 1822, in
 * the format of 1972 that NIC 8246 refers to).
 *
 * <p>Octet 0 holds the message type in its low four bits (the high four bits are flags, sent as
 * zero); octet 1 is the host: the destination on a message from a host to its IMP, the source on a
 * message from the IMP to a host; octet 2 is the link; octet 3 is zero.
 */
public record Leader(int messageType, int host, int link) {

    /** Size of a leader in octets. */
    public static final int OCTETS = 4;

    /** A message between hosts: NCP data or control (link 0). */
    public static final int REGULAR = 0;
    /** IMP to host: the IMP's own no-op; the TCP stand-in uses it to greet a new peer. */
    public static final int NOP = 4;
    /** IMP to host: Ready For Next Message, the destination host took the message on this link. */
    public static final int RFNM = 5;
    /** IMP to host: the destination host is dead or unreachable; the message was not delivered. */
    public static final int DESTINATION_DEAD = 7;
    /** IMP to host: the message was lost in the subnet after it left the host. */
    public static final int INCOMPLETE_TRANSMISSION = 9;

    public Leader {
        if (messageType < 0 || messageType > 15) {
            throw new IllegalArgumentException("message type must be 0 to 15: " + messageType);
        }
        if (host < 0 || host > 255) {
            throw new IllegalArgumentException("host must be 0 to 255: " + host);
        }
        if (link < 0 || link > 255) {
            throw new IllegalArgumentException("link must be 0 to 255: " + link);
        }
    }

    /** Writes the four octets of this leader at {@code offset}. */
    public void writeTo(byte[] target, int offset) {
        target[offset] = (byte) messageType;
        target[offset + 1] = (byte) host;
        target[offset + 2] = (byte) link;
        target[offset + 3] = 0;
    }

    /**
     * Reads a leader from four octets at {@code offset}.
     *
     * @throws IllegalArgumentException when the flag bits or octet 3 are not zero
     */
    public static Leader readFrom(byte[] source, int offset) {
        int first = source[offset] & 0xff;
        if ((first & 0xf0) != 0 || source[offset + 3] != 0) {
            throw new IllegalArgumentException("leader flag bits and octet 3 must be zero");
        }
        return new Leader(first, source[offset + 1] & 0xff, source[offset + 2] & 0xff);
    }
}
