package org.rfc644.ncp.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.rfc644.ncp.wire.ControlCommandGoldenTest.hex;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Packing program octets into the bit stream of a message text and back. */
class BitTextTest {

    @Test
    void packsThree36BitBytesInto14Octets() {
        // 0x123456789, 0xfedcba987, 0x000000001: 108 bits, then 4 bits of padding.
        byte[] program = hex("0123456789 0fedcba987 0000000001");

        byte[] packed = BitText.pack(program, 36);

        assertArrayEquals(hex("123456789fedcba98700000000 10"), packed);
        assertArrayEquals(program, BitText.unpack(packed, 0, 36, 3));
    }

    @Test
    void packsOneBitBytes() {
        byte[] program = hex("01 00 01 01 00 00 00 00 01");

        byte[] packed = BitText.pack(program, 1);

        assertArrayEquals(hex("b0 80"), packed);
        assertArrayEquals(program, BitText.unpack(packed, 0, 1, 9));
    }

    @Test
    void packsSevenBitBytes() {
        // 1111111 0000001, then 2 bits of padding.
        byte[] packed = BitText.pack(hex("7f 01"), 7);

        assertArrayEquals(hex("fe 04"), packed);
    }

    @Test
    void packsEightAndThirtyTwoBitBytesUnchanged() {
        assertArrayEquals(hex("00 41 ff"), BitText.pack(hex("00 41 ff"), 8));
        assertArrayEquals(hex("deadbeef 00000001"), BitText.pack(hex("deadbeef 00000001"), 32));
    }

    @Test
    void packs255BitByte() {
        // One byte of 255 one bits: 32 program octets, the first with its top bit zero.
        byte[] program = new byte[32];
        Arrays.fill(program, (byte) 0xff);
        program[0] = 0x7f;
        byte[] expected = new byte[32];
        Arrays.fill(expected, (byte) 0xff);
        expected[31] = (byte) 0xfe;

        byte[] packed = BitText.pack(program, 255);

        assertArrayEquals(expected, packed);
        assertArrayEquals(program, BitText.unpack(packed, 0, 255, 1));
    }

    @Test
    void rejectsNonzeroBitsAboveByteSize() {
        assertThrows(IllegalArgumentException.class, () -> BitText.pack(hex("1000000000"), 36));
        assertThrows(IllegalArgumentException.class, () -> BitText.pack(hex("02"), 1));
        assertThrows(IllegalArgumentException.class, () -> BitText.pack(hex("80"), 7));
        byte[] topBitSet = hex("80" + "00".repeat(31));
        assertThrows(IllegalArgumentException.class, () -> BitText.pack(topBitSet, 255));
    }

    @Test
    void rejectsPartialByte() {
        assertThrows(IllegalArgumentException.class, () -> BitText.pack(new byte[6], 36));
        assertThrows(IllegalArgumentException.class, () -> BitText.pack(new byte[3], 32));
    }

    @Test
    void rejectsByteSizeOutsideRange() {
        assertThrows(IllegalArgumentException.class, () -> BitText.pack(new byte[0], 0));
        assertThrows(IllegalArgumentException.class, () -> BitText.pack(new byte[0], 256));
    }

    @Test
    void rejectsShortBitStream() {
        assertThrows(IllegalArgumentException.class, () -> BitText.unpack(new byte[13], 0, 36, 3));
    }

    @Test
    void countsOctetsPerByte() {
        assertEquals(1, BitText.octetsPerByte(1));
        assertEquals(1, BitText.octetsPerByte(8));
        assertEquals(2, BitText.octetsPerByte(9));
        assertEquals(5, BitText.octetsPerByte(36));
        assertEquals(32, BitText.octetsPerByte(255));
    }

    @Test
    void randomBytesMatchBitByBitReference() {
        Random random = new Random(36);

        for (int iteration = 0; iteration < 5_000; iteration++) {
            int byteSize = 1 + random.nextInt(255);
            int byteCount = random.nextInt(40);
            byte[] program = randomProgramOctets(random, byteSize, byteCount);

            byte[] packed = BitText.pack(program, byteSize);

            assertArrayEquals(referencePack(program, byteSize), packed, "byte size " + byteSize);
            assertArrayEquals(program, BitText.unpack(packed, 0, byteSize, byteCount),
                    "byte size " + byteSize);
        }
    }

    @Test
    void wholeOctetByteSizesRoundTripFullMessage() {
        Random random = new Random(8);

        for (int byteSize : new int[] {8, 16, 24, 32, 248}) {
            int byteCount = HostMessageCodec.maxBytes(byteSize);
            byte[] program = randomProgramOctets(random, byteSize, byteCount);

            byte[] packed = BitText.pack(program, byteSize);
            byte[] message = new byte[HostMessageCodec.HEADER_OCTETS + packed.length + 3];
            System.arraycopy(packed, 0, message, HostMessageCodec.HEADER_OCTETS, packed.length);
            byte[] unpacked = BitText.unpack(message, HostMessageCodec.HEADER_OCTETS, byteSize,
                    byteCount);

            assertArrayEquals(referencePack(program, byteSize), packed, "byte size " + byteSize);
            assertArrayEquals(program, unpacked, "byte size " + byteSize);
        }
    }

    @Test
    void unpackOfWholeOctetsCopiesSource() {
        byte[] source = hex("00 41 42 43");

        byte[] unpacked = BitText.unpack(source, 1, 8, 2);
        source[1] = 0;

        assertArrayEquals(hex("41 42"), unpacked);
    }

    /** Random program octets: the unused high bits of each byte's first octet are zero. */
    static byte[] randomProgramOctets(Random random, int byteSize, int byteCount) {
        int perByte = (byteSize + 7) / 8;
        int topBits = byteSize - 8 * (perByte - 1);
        byte[] program = new byte[byteCount * perByte];
        random.nextBytes(program);
        for (int index = 0; index < program.length; index += perByte) {
            program[index] &= (byte) ((1 << topBits) - 1);
        }
        return program;
    }

    /** Packs by writing each byte's value as a string of bits, independently of BitText. */
    private static byte[] referencePack(byte[] program, int byteSize) {
        int perByte = (byteSize + 7) / 8;
        StringBuilder bits = new StringBuilder();
        for (int start = 0; start < program.length; start += perByte) {
            StringBuilder value = new StringBuilder();
            for (int index = start; index < start + perByte; index++) {
                String octet = Integer.toBinaryString(program[index] & 0xff);
                value.append("0".repeat(8 - octet.length())).append(octet);
            }
            bits.append(value.substring(value.length() - byteSize));
        }
        while (bits.length() % 8 != 0) {
            bits.append('0');
        }

        byte[] packed = new byte[bits.length() / 8];
        for (int index = 0; index < packed.length; index++) {
            packed[index] = (byte) Integer.parseInt(bits.substring(8 * index, 8 * index + 8), 2);
        }
        return packed;
    }
}
