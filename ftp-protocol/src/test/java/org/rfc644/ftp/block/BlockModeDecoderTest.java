package org.rfc644.ftp.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Block-mode input written by hand from RFC 454's header layout at byte size 8. */
class BlockModeDecoderTest {

    private static final int LIMIT = 1000;

    @Test
    void singleEofBlock() throws IOException {
        byte[] wire = {0x02, 0x00, 0x03, 'a', 'b', 'c'};

        assertArrayEquals(new byte[] {'a', 'b', 'c'}, decoder(wire).readFile());
    }

    @Test
    void zeroLengthEofBlockEndsFile() throws IOException {
        byte[] wire = {0x00, 0x00, 0x02, 'a', 'b', 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 'c', 0x02, 0x00, 0x00};

        assertArrayEquals(new byte[] {'a', 'b', 'c'}, decoder(wire).readFile());
    }

    @Test
    void emptyFile() throws IOException {
        assertArrayEquals(new byte[0], decoder(new byte[] {0x02, 0x00, 0x00}).readFile());
    }

    @Test
    void endOfRecordBlockIsData() throws IOException {
        byte[] wire = {0x01, 0x00, 0x04, 'o', 'n', 'e', '\n', 0x02, 0x00, 0x03, 't', 'w', 'o'};

        assertArrayEquals("one\ntwo".getBytes(), decoder(wire).readFile());
    }

    @Test
    void sixteenBitByteCount() throws IOException {
        // Byte count 0x0102 = 258: the first count octet is the high one.
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(new byte[] {0x02, 0x01, 0x02});
        wire.writeBytes(new byte[258]);
        wire.writeBytes(new byte[] {'x'});
        ByteArrayInputStream in = new ByteArrayInputStream(wire.toByteArray());

        assertEquals(258, new BlockModeDecoder(in, LIMIT).readFile().length);
        assertEquals(1, in.available());
    }

    @Test
    void twoFilesInTurnOnOneStream() throws IOException {
        byte[] wire = {0x02, 0x00, 0x01, '1', 0x00, 0x00, 0x01, '2', 0x02, 0x00, 0x01, '3', 0x02, 0x00, 0x00};
        BlockModeDecoder decoder = decoder(wire);

        assertArrayEquals(new byte[] {'1'}, decoder.readFile());
        assertArrayEquals(new byte[] {'2', '3'}, decoder.readFile());
        assertArrayEquals(new byte[0], decoder.readFile());
        assertEquals(BlockModeException.Reason.INCOMPLETE_FILE, failure(decoder).reason());
    }

    @Test
    void closeBeforeAnyBlockIsIncomplete() {
        assertEquals(BlockModeException.Reason.INCOMPLETE_FILE, failure(new byte[0]).reason());
    }

    @Test
    void closeAfterOrdinaryBlockIsIncomplete() {
        BlockModeException incomplete = failure(new byte[] {0x00, 0x00, 0x02, 'a', 'b'});

        assertEquals(BlockModeException.Reason.INCOMPLETE_FILE, incomplete.reason());
        assertTrue(incomplete.getMessage().contains("after 2 octets of file data"), incomplete.getMessage());
    }

    @Test
    void closeInsideHeaderIsIncomplete() {
        assertEquals(BlockModeException.Reason.INCOMPLETE_FILE, failure(new byte[] {0x00, 0x00, 0x01, 'a', 0x02}).reason());
    }

    @Test
    void closeInsideEofBlockDataIsIncomplete() {
        assertEquals(BlockModeException.Reason.INCOMPLETE_FILE, failure(new byte[] {0x02, 0x00, 0x05, 'a', 'b'}).reason());
    }

    @Test
    void suspectDataRefused() {
        byte[] wire = {0x00, 0x00, 0x01, 'a', 0x03, 0x00, 0x01, 'b', 0x02, 0x00, 0x00};

        assertEquals(BlockModeException.Reason.SUSPECT_DATA, failure(wire).reason());
    }

    @Test
    void restartMarkerRefused() {
        byte[] wire = {0x04, 0x00, 0x02, 'M', '1', 0x02, 0x00, 0x00};

        assertEquals(BlockModeException.Reason.RESTART_MARKER, failure(wire).reason());
    }

    @Test
    void unassignedDescriptorCodesRefused() {
        for (int code : new int[] {5, 6, 0x10, 0x80, 0x82, 0xFF}) {
            BlockModeException refused = failure(new byte[] {(byte) code, 0x00, 0x00});

            assertEquals(BlockModeException.Reason.UNKNOWN_DESCRIPTOR, refused.reason(), "code " + code);
            assertTrue(refused.getMessage().contains("code " + code), refused.getMessage());
        }
    }

    @Test
    void fileOfExactlyTheLimitAccepted() throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(new byte[] {0x00, 0x01, (byte) 0xF4});
        wire.writeBytes(new byte[500]);
        wire.writeBytes(new byte[] {0x02, 0x01, (byte) 0xF4});
        wire.writeBytes(new byte[500]);

        assertEquals(LIMIT, decoder(wire.toByteArray()).readFile().length);
    }

    @Test
    void fileOverTheLimitRefusedBeforeItsData() {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(new byte[] {0x00, 0x01, (byte) 0xF4});
        wire.writeBytes(new byte[500]);
        wire.writeBytes(new byte[] {0x02, 0x01, (byte) 0xF5});
        wire.writeBytes(new byte[501]);
        ByteArrayInputStream in = new ByteArrayInputStream(wire.toByteArray());

        BlockModeException tooLarge = assertThrows(BlockModeException.class, () -> new BlockModeDecoder(in, LIMIT).readFile());

        assertEquals(BlockModeException.Reason.FILE_TOO_LARGE, tooLarge.reason());
        assertEquals(501, in.available());
    }

    @Test
    void encodedFilesDecodeUnchanged() throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        BlockModeEncoder encoder = new BlockModeEncoder(wire);
        int[] sizes = {0, 1, 65534, 65535, 65536, 200_000};
        for (int size : sizes) {
            encoder.writeFile(filled(size));
        }

        BlockModeDecoder decoder = new BlockModeDecoder(new ByteArrayInputStream(wire.toByteArray()), 200_000);
        for (int size : sizes) {
            assertArrayEquals(filled(size), decoder.readFile(), "file of " + size + " octets");
        }
    }

    private static BlockModeDecoder decoder(byte[] wire) {
        return new BlockModeDecoder(new ByteArrayInputStream(wire), LIMIT);
    }

    private static BlockModeException failure(byte[] wire) {
        return failure(decoder(wire));
    }

    private static BlockModeException failure(BlockModeDecoder decoder) {
        return assertThrows(BlockModeException.class, decoder::readFile);
    }

    private static byte[] filled(int length) {
        byte[] file = new byte[length];
        for (int i = 0; i < length; i++) {
            file[i] = (byte) (i % 253);
        }
        return file;
    }
}
