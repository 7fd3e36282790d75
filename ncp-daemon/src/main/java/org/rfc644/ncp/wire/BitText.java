package org.rfc644.ncp.wire;

import java.util.Arrays;

/**
 * Converts the text of a message between program octets and the bit stream on the wire.
 *
 * <p>On the wire (NIC 8246, Message Format) the text is C bytes of S bits each, one after another,
 * most significant bit first, followed by zero bits (field M3) up to the next octet boundary.
 *
 * <p>Program octets are the form that local programs read and write: each byte of S bits takes
 * ceil(S / 8) octets, big-endian, with the value right-justified and the unused high bits zero.
 * A 36-bit byte is 5 octets whose top 4 bits are zero; a 1-bit byte is one octet, 0 or 1.
 */
public final class BitText {

    public static final int MIN_BYTE_SIZE = 1;
    public static final int MAX_BYTE_SIZE = 255;

    private BitText() {
    }

    /** Returns how many program octets hold one byte of {@code byteSize} bits: ceil(S / 8). */
    public static int octetsPerByte(int byteSize) {
        checkByteSize(byteSize);
        return (byteSize + 7) / 8;
    }

    /** Returns the length in octets of the bit stream of {@code byteCount} bytes, M3 included. */
    public static int packedLength(int byteSize, int byteCount) {
        checkByteSize(byteSize);
        return (int) (((long) byteSize * byteCount + 7) / 8);
    }

    /**
     * Returns the number of bytes in {@code programOctets}.
     *
     * @throws IllegalArgumentException when the length is not a multiple of ceil(S / 8), or when a
     *     byte has a nonzero bit above its {@code byteSize} bits
     */
    public static int byteCount(byte[] programOctets, int byteSize) {
        int perByte = octetsPerByte(byteSize);
        if (programOctets.length % perByte != 0) {
            throw new IllegalArgumentException(programOctets.length + " program octets are not a"
                    + " whole number of " + byteSize + "-bit bytes of " + perByte + " octets each");
        }

        int topBits = topOctetBits(byteSize);
        if (topBits == 8) {
            // Every bit of every octet belongs to the byte, so no octet can be out of range.
            return programOctets.length / perByte;
        }
        for (int index = 0; index < programOctets.length; index += perByte) {
            if ((programOctets[index] & 0xff) >>> topBits != 0) {
                throw new IllegalArgumentException("byte " + index / perByte + " has a nonzero bit"
                        + " above its " + byteSize + " bits: first octet 0x"
                        + Integer.toHexString(programOctets[index] & 0xff));
            }
        }
        return programOctets.length / perByte;
    }

    /** Returns the bit stream of {@code programOctets}, validated as {@link #byteCount} does. */
    public static byte[] pack(byte[] programOctets, int byteSize) {
        int byteCount = byteCount(programOctets, byteSize);
        byte[] packed = new byte[packedLength(byteSize, byteCount)];
        packInto(programOctets, byteSize, packed, 0);
        return packed;
    }

    /**
     * Writes the bit stream of {@code programOctets} into {@code target} from {@code offset},
     * {@link #packedLength} octets in all, the last one padded with zero bits. The program octets
     * must already be valid ({@link #byteCount}).
     */
    static void packInto(byte[] programOctets, int byteSize, byte[] target, int offset) {
        if (isWholeOctets(byteSize)) {
            System.arraycopy(programOctets, 0, target, offset, programOctets.length);
            return;
        }
        int perByte = octetsPerByte(byteSize);
        int topBits = topOctetBits(byteSize);
        int accumulator = 0;
        int accumulatedBits = 0;
        int position = offset;

        for (int index = 0; index < programOctets.length; index++) {
            int bits = index % perByte == 0 ? topBits : 8;
            accumulator = (accumulator << bits) | (programOctets[index] & 0xff);
            accumulatedBits += bits;

            if (accumulatedBits >= 8) {
                accumulatedBits -= 8;
                target[position++] = (byte) (accumulator >>> accumulatedBits);
                accumulator &= (1 << accumulatedBits) - 1;
            }
        }

        if (accumulatedBits > 0) {
            target[position] = (byte) (accumulator << (8 - accumulatedBits));
        }
    }

    /**
     * Returns the program octets of {@code byteCount} bytes of {@code byteSize} bits read from the
     * bit stream in {@code source} from {@code offset}. The padding after the last byte is not
     * read.
     *
     * @throws IllegalArgumentException when {@code source} ends before the last byte
     */
    public static byte[] unpack(byte[] source, int offset, int byteSize, int byteCount) {
        int needed = packedLength(byteSize, byteCount);
        if (byteCount < 0 || offset < 0 || source.length - offset < needed) {
            throw new IllegalArgumentException(byteCount + " bytes of " + byteSize + " bits need "
                    + needed + " octets; " + (source.length - offset) + " are left");
        }

        if (isWholeOctets(byteSize)) {
            return Arrays.copyOfRange(source, offset, offset + needed);
        }
        int perByte = octetsPerByte(byteSize);
        int topBits = topOctetBits(byteSize);
        byte[] programOctets = new byte[byteCount * perByte];
        int accumulator = 0;
        int accumulatedBits = 0;
        int position = offset;

        for (int index = 0; index < programOctets.length; index++) {
            int bits = index % perByte == 0 ? topBits : 8;
            while (accumulatedBits < bits) {
                accumulator = (accumulator << 8) | (source[position++] & 0xff);
                accumulatedBits += 8;
            }

            accumulatedBits -= bits;
            programOctets[index] = (byte) (accumulator >>> accumulatedBits);
            accumulator &= (1 << accumulatedBits) - 1;
        }
        return programOctets;
    }

    /**
     * Tells whether bytes of {@code byteSize} bits fill whole octets (8, 16, 24 ... 248 bits). The
     * bit stream of such bytes is then the program octets themselves, in the same order, with no
     * padding M3.
     */
    private static boolean isWholeOctets(int byteSize) {
        return byteSize % 8 == 0;
    }

    /** Returns how many bits of a byte sit in its first program octet: 1 to 8. */
    private static int topOctetBits(int byteSize) {
        return byteSize - 8 * (octetsPerByte(byteSize) - 1);
    }

    private static void checkByteSize(int byteSize) {
        if (byteSize < MIN_BYTE_SIZE || byteSize > MAX_BYTE_SIZE) {
            throw new IllegalArgumentException("byte size must be " + MIN_BYTE_SIZE + " to "
                    + MAX_BYTE_SIZE + ": " + byteSize);
        }
    }
}
