package org.rfc644.ncp.link;

import org.rfc644.ncp.wire.Leader;

/**
 * The leader of a message as it crosses a tunnel between two interfaces.
 *
 * <p>It is the 1822 leader of {@link Leader} with two differences. The host field always contains the
 * sending host, which the receiver checks against the host the tunnel was opened with. The high
 * four bits of octet 3 carry a message id: RFC 533 extends the link field by these four bits so
 * that messages on one link can be distinguished, and the RFNM returns them. The interfaces use the
 * id only to match an RFNM to its message. The id is cleared before a message reaches the NCP.
 */
record TunnelLeader(int messageType, int host, int link, int messageId) {

    /** Largest message id: the four bits that RFC 533 adds to the link field. */
    static final int MAX_MESSAGE_ID = 15;

    /**
     * Link field of a NOP that probes an open tunnel. The receiver sends back a NOP on
     * {@link #PROBE_REPLY_LINK} with the same message id. A NOP on link 0 is a greeting.
     */
    static final int PROBE_LINK = 1;

    /** Link field of the NOP that replies to a probe. */
    static final int PROBE_REPLY_LINK = 2;

    /** Writes the four octets of this leader at the start of {@code frame}. */
    void writeTo(byte[] frame) {
        frame[0] = (byte) messageType;
        frame[1] = (byte) host;
        frame[2] = (byte) link;
        frame[3] = (byte) (messageId << 4);
    }

    /** Returns a frame that contains only this leader (a greeting, a probe, a probe reply or an RFNM). */
    byte[] toFrame() {
        byte[] frame = new byte[Leader.OCTETS];
        writeTo(frame);
        return frame;
    }

    /**
     * Reads the leader at the start of {@code frame}.
     *
     * @throws IllegalArgumentException when the frame is shorter than a leader or when the flag bits
     *     of octet 0 or the low four bits of octet 3 are not zero
     */
    static TunnelLeader readFrom(byte[] frame) {
        if (frame.length < Leader.OCTETS) {
            throw new IllegalArgumentException("frame of " + frame.length + " octets is shorter than a leader");
        }
        int first = frame[0] & 0xff;
        int last = frame[3] & 0xff;
        if ((first & 0xf0) != 0 || (last & 0x0f) != 0) {
            throw new IllegalArgumentException(String.format(
                    "leader octet 0 is 0x%02x and octet 3 is 0x%02x: flag and padding bits must be zero", first, last));
        }
        return new TunnelLeader(first, frame[1] & 0xff, frame[2] & 0xff, last >>> 4);
    }
}
