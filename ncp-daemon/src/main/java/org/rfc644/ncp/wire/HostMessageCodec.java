package org.rfc644.ncp.wire;

import java.util.Optional;

/**
 * Encodes and decodes Host/Host messages as the octets that cross the host's interface to its IMP.
 *
 * <p>Layout (NIC 8246, Message Format): the 32-bit leader, M1 (8 bits, zero), S (8 bits, byte
 * size), C (16 bits, byte count), M2 (8 bits, zero), then the text of C bytes of S bits as a bit
 * stream, then M3: zero bits up to an octet boundary. These first 72 bits are the message header.
 */
public final class HostMessageCodec {

    /** Length of the message header (leader, M1, S, C, M2) in octets: 72 bits. */
    public static final int HEADER_OCTETS = 9;

    /**
     * Maximum length of a message from a host to its IMP, leader included, in bits.
     *
     * <p>BBN Report 1822 limits a message from a host to its IMP to 8095 bits, counting the
     * 32-bit leader. With the 96-bit leader of later editions the limit is 8159 bits, which leaves
     * the same 8063 bits after the leader. NIC 8246 adds no limit of its own except the 120 bytes
     * of a control message.
     *
     * <p>NOTE: these figures come from secondary sources, not from Report 1822 itself: RFC 791
     * (an ARPANET message is "about 1012 octets (8096 bits)"), a history of the ARPANET protocols
     * (8095 bits) and the KLH10 emulator's IMP interface (8159 bits with the 96-bit leader).
     */
    public static final int MAX_MESSAGE_BITS = 8095;

    /**
     * Maximum length of an encoded message in octets: the whole octets within
     * {@link #MAX_MESSAGE_BITS}, because the padding M3 to an octet boundary is sent too.
     */
    public static final int MAX_MESSAGE_OCTETS = MAX_MESSAGE_BITS / 8;

    private HostMessageCodec() {
    }

    /**
     * Returns how many bytes of {@code byteSize} bits fit in one message: the bits of
     * {@link #MAX_MESSAGE_OCTETS} octets after the header, divided by the byte size. For example
     * 8016 bytes of 1 bit, 1002 of 8, 250 of 32, 222 of 36, 31 of 255.
     */
    public static int maxBytes(int byteSize) {
        if (byteSize < BitText.MIN_BYTE_SIZE || byteSize > BitText.MAX_BYTE_SIZE) {
            throw new IllegalArgumentException("byte size must be " + BitText.MIN_BYTE_SIZE + " to "
                    + BitText.MAX_BYTE_SIZE + ": " + byteSize);
        }
        return (MAX_MESSAGE_OCTETS - HEADER_OCTETS) * 8 / byteSize;
    }

    /** Returns the octets of {@code message}: header, text as a bit stream, and M3 padding. */
    public static byte[] encode(HostMessage message) {
        byte[] packed = new byte[HEADER_OCTETS
                + BitText.packedLength(message.byteSize(), message.byteCount())];
        message.leader().writeTo(packed, 0);
        packed[5] = (byte) message.byteSize();
        packed[6] = (byte) (message.byteCount() >>> 8);
        packed[7] = (byte) message.byteCount();
        BitText.packInto(message.sharedText(), message.byteSize(), packed, HEADER_OCTETS);
        return packed;
    }

    /**
     * Decodes a message received from another host; its leader names the source host.
     *
     * @throws MalformedMessageException when the message breaks the format. The exception carries
     *     an ERR with code 0 (NIC 8246 defines no code for a bad message header) whose data field
     *     is the message header and the first octet of text, zero-filled, as for code 5.
     */
    public static HostMessage decode(byte[] message) throws MalformedMessageException {
        if (message.length < HEADER_OCTETS) {
            throw malformed(message, "message of " + message.length
                    + " octets is shorter than the 72-bit header");
        }
        if (message.length > MAX_MESSAGE_OCTETS) {
            throw malformed(message, "message of " + message.length + " octets is longer than the "
                    + MAX_MESSAGE_OCTETS + " octets (" + MAX_MESSAGE_BITS
                    + " bits) that an IMP carries");
        }

        Leader leader = readLeader(message);
        if (leader.messageType() != Leader.REGULAR) {
            throw malformed(message, "leader type " + leader.messageType()
                    + " is not a Host/Host message (type " + Leader.REGULAR + ")");
        }
        if (message[4] != 0 || message[8] != 0) {
            throw malformed(message, "fields M1 and M2 must be zero: M1=" + (message[4] & 0xff)
                    + " M2=" + (message[8] & 0xff));
        }

        int byteSize = message[5] & 0xff;
        int byteCount = ((message[6] & 0xff) << 8) | (message[7] & 0xff);
        if (byteSize == 0) {
            throw malformed(message, "byte size 0 is prohibited");
        }
        Optional<String> violation = HostMessage.ruleViolation(leader.link(), byteSize, byteCount);
        if (violation.isPresent()) {
            throw malformed(message, violation.get());
        }

        checkTextLength(message, byteSize, byteCount);
        byte[] text = BitText.unpack(message, HEADER_OCTETS, byteSize, byteCount);
        return new HostMessage(leader, byteSize, byteCount, text);
    }

    /**
     * Checks that the message contains the C bytes of S bits its header announces, and that M3, the
     * bits after them, is all zero. M3 may run past the next octet boundary: NIC 8246 lets a host
     * fill out a message to its own word boundary.
     */
    private static void checkTextLength(byte[] message, int byteSize, int byteCount)
            throws MalformedMessageException {
        long textBits = (long) byteSize * byteCount;
        long availableBits = 8L * (message.length - HEADER_OCTETS);
        if (availableBits < textBits) {
            throw malformed(message, "text of " + byteCount + " bytes of " + byteSize
                    + " bits needs " + textBits + " bits, but the message has " + availableBits);
        }

        int lastTextOctet = HEADER_OCTETS + (int) (textBits / 8);
        int usedBitsOfLastOctet = (int) (textBits % 8);
        for (int index = lastTextOctet; index < message.length; index++) {
            int padding = index == lastTextOctet
                    ? (message[index] & 0xff) & (0xff >>> usedBitsOfLastOctet)
                    : message[index] & 0xff;
            if (padding != 0) {
                throw malformed(message, "padding M3 must be zero: octet " + index + " is 0x"
                        + Integer.toHexString(message[index] & 0xff));
            }
        }
    }

    private static Leader readLeader(byte[] message) throws MalformedMessageException {
        try {
            return Leader.readFrom(message, 0);
        } catch (IllegalArgumentException badLeader) {
            throw malformed(message, badLeader.getMessage());
        }
    }

    private static MalformedMessageException malformed(byte[] message, String detail) {
        return new MalformedMessageException(detail, Err.quoting(ErrorCode.UNDEFINED, message, 0));
    }
}
