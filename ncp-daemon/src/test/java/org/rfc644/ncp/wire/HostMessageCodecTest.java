package org.rfc644.ncp.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rfc644.ncp.wire.ControlCommandGoldenTest.hex;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Host/Host messages: leader, M1, S, C, M2, text as a bit stream, M3. Golden octets are written
 * by hand from the Message Format section of NIC 8246.
 */
class HostMessageCodecTest {

    @Test
    void encodesControlMessage() {
        HostMessage message = HostMessage.control(5, hex("00 09 2a"));

        byte[] encoded = HostMessageCodec.encode(message);

        // Leader: type 0, host 5, link 0. M1 0, S 8, C 3, M2 0, then NOP and ECO 42.
        assertArrayEquals(hex("00050000 00 08 0003 00 00 092a"), encoded);
    }

    @Test
    void encodesThree36BitBytes() {
        HostMessage message = HostMessage.of(new Leader(Leader.REGULAR, 12, 5), 36,
                hex("0123456789 0fedcba987 0000000001"));

        byte[] encoded = HostMessageCodec.encode(message);

        // S 0x24 = 36, C 3; 108 bits of text, then 4 bits of M3.
        assertArrayEquals(hex("000c0500 00 24 0003 00 123456789fedcba98700000000 10"), encoded);
        assertEquals(108, message.textBits());
    }

    @Test
    void decodesNineOneBitBytes() throws MalformedMessageException {
        HostMessage message = HostMessageCodec.decode(hex("000c0500 00 01 0009 00 b080"));

        assertEquals(new Leader(Leader.REGULAR, 12, 5), message.leader());
        assertEquals(1, message.byteSize());
        assertEquals(9, message.byteCount());
        assertArrayEquals(hex("01 00 01 01 00 00 00 00 01"), message.text());
        assertFalse(message.isControl());
    }

    @Test
    void decodesEmptyText() throws MalformedMessageException {
        HostMessage message = HostMessageCodec.decode(hex("000c0500 00 20 0000 00"));

        assertEquals(0, message.byteCount());
        assertEquals(0, message.text().length);
    }

    @Test
    void acceptsZeroPaddingToWordBoundary() throws MalformedMessageException {
        // NIC 8246 lets M3 fill a message out to the sender's word boundary.
        HostMessage message = HostMessageCodec.decode(hex("000c0500 00 01 0009 00 b080 0000"));

        assertEquals(9, message.byteCount());
    }

    static Stream<Arguments> malformedMessages() {
        return Stream.of(
                Arguments.of("shorter than header", "000c0500 00 08 0000"),
                Arguments.of("leader flag bits", "100c0500 00 08 0000 00"),
                Arguments.of("leader octet 3", "000c0501 00 08 0000 00"),
                Arguments.of("leader type RFNM", "050c0500 00 08 0000 00"),
                Arguments.of("M1 not zero", "000c0500 01 08 0001 00 41"),
                Arguments.of("M2 not zero", "000c0500 00 08 0001 80 41"),
                Arguments.of("byte size 0", "000c0500 00 00 0000 00"),
                Arguments.of("control byte size 32", "000c0000 00 20 0001 00 00000000"),
                Arguments.of("control byte count 121", "000c0000 00 08 0079 00" + "00".repeat(121)),
                Arguments.of("text shorter than C", "000c0500 00 08 0003 00 4142"),
                Arguments.of("36-bit text one bit short", "000c0500 00 24 0001 00 12345678"),
                Arguments.of("M3 bits not zero", "000c0500 00 01 0009 00 b081"),
                Arguments.of("octet after text not zero", "000c0500 00 01 0009 00 b080 01"),
                Arguments.of("longer than 1011 octets",
                        "000c0500 00 08 0000 00" + "00".repeat(1003)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedMessages")
    void rejectsMalformedMessageWithErr(String problem, String octets) {
        byte[] message = hex(octets);

        MalformedMessageException error = assertThrows(MalformedMessageException.class,
                () -> HostMessageCodec.decode(message));

        assertEquals(ErrorCode.UNDEFINED, error.code());
        assertArrayEquals(Arrays.copyOf(message, 10), error.err().data());
    }

    @Test
    void computesMaxBytes() {
        assertEquals(8016, HostMessageCodec.maxBytes(1));
        assertEquals(1145, HostMessageCodec.maxBytes(7));
        assertEquals(1002, HostMessageCodec.maxBytes(8));
        assertEquals(250, HostMessageCodec.maxBytes(32));
        assertEquals(222, HostMessageCodec.maxBytes(36));
        assertEquals(31, HostMessageCodec.maxBytes(255));
    }

    @Test
    void maxBytesFillsButNeverExceedsMaxMessage() {
        // 1011 octets are 8088 bits, the whole octets within 8095 bits.
        for (int byteSize = 1; byteSize <= 255; byteSize++) {
            int maxBytes = HostMessageCodec.maxBytes(byteSize);
            long headerBits = 72;

            long fullBits = headerBits + (long) byteSize * maxBytes;
            long overfullBits = headerBits + (long) byteSize * (maxBytes + 1);

            assertTrue(fullBits <= 8088, "byte size " + byteSize + ": " + fullBits + " bits");
            assertTrue(overfullBits > 8088, "byte size " + byteSize + ": " + overfullBits + " bits");
        }
    }

    @ParameterizedTest(name = "byte size {0}")
    @ValueSource(ints = {1, 7, 8, 32, 36, 255})
    void acceptsMaxAndRejectsOneMore(int byteSize) throws MalformedMessageException {
        Random random = new Random(byteSize);
        int maxBytes = HostMessageCodec.maxBytes(byteSize);
        Leader leader = new Leader(Leader.REGULAR, 3, 9);
        byte[] fullText = BitTextTest.randomProgramOctets(random, byteSize, maxBytes);

        byte[] encoded = HostMessageCodec.encode(HostMessage.of(leader, byteSize, fullText));

        assertTrue(encoded.length <= HostMessageCodec.MAX_MESSAGE_OCTETS,
                encoded.length + " octets");
        assertArrayEquals(fullText, HostMessageCodec.decode(encoded).text());

        byte[] overfullText = BitTextTest.randomProgramOctets(random, byteSize, maxBytes + 1);
        assertThrows(IllegalArgumentException.class,
                () -> HostMessage.of(leader, byteSize, overfullText));

        byte[] overfull = overfullMessage(byteSize, maxBytes + 1);
        assertThrows(MalformedMessageException.class, () -> HostMessageCodec.decode(overfull));
    }

    /** Builds the octets of a message of {@code byteCount} zero bytes by hand, past any check. */
    private static byte[] overfullMessage(int byteSize, int byteCount) {
        int textOctets = (int) (((long) byteSize * byteCount + 7) / 8);
        byte[] message = new byte[9 + textOctets];
        message[1] = 3;
        message[2] = 9;
        message[5] = (byte) byteSize;
        message[6] = (byte) (byteCount >>> 8);
        message[7] = (byte) byteCount;
        return message;
    }

    @Test
    void acceptsControlMessageOf120Bytes() throws MalformedMessageException {
        byte[] text = new byte[120];

        byte[] encoded = HostMessageCodec.encode(HostMessage.control(1, text));

        assertEquals(120, HostMessageCodec.decode(encoded).byteCount());
        assertThrows(IllegalArgumentException.class, () -> HostMessage.control(1, new byte[121]));
    }

    @Test
    void rejectsControlMessageOfOtherByteSize() {
        Leader control = new Leader(Leader.REGULAR, 1, HostMessage.CONTROL_LINK);

        assertThrows(IllegalArgumentException.class,
                () -> HostMessage.of(control, 32, new byte[4]));
    }

    @Test
    void rejectsCountThatDisagreesWithText() {
        Leader leader = new Leader(Leader.REGULAR, 1, 5);

        assertThrows(IllegalArgumentException.class,
                () -> new HostMessage(leader, 36, 2, new byte[5]));
    }

    @ParameterizedTest(name = "byte size {0}")
    @ValueSource(ints = {1, 7, 8, 32, 36, 255})
    void randomMessagesSurviveRoundTrip(int byteSize) throws MalformedMessageException {
        Random random = new Random(644L * byteSize);
        int maxBytes = HostMessageCodec.maxBytes(byteSize);

        for (int iteration = 0; iteration < 500; iteration++) {
            int byteCount = iteration < 2 ? iteration * maxBytes : random.nextInt(maxBytes + 1);
            int host = random.nextInt(256);
            int link = 1 + random.nextInt(255);
            Leader leader = new Leader(Leader.REGULAR, host, link);
            byte[] text = BitTextTest.randomProgramOctets(random, byteSize, byteCount);
            HostMessage message = HostMessage.of(leader, byteSize, text);

            byte[] encoded = HostMessageCodec.encode(message);

            assertEquals(9 + ((long) byteSize * byteCount + 7) / 8, encoded.length);
            assertEquals(message, HostMessageCodec.decode(encoded));
        }
    }
}
