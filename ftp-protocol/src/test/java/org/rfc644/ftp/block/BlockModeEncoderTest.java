package org.rfc644.ftp.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Golden bytes written by hand from RFC 454's block header at byte size 8. The header is one octet
 * of descriptor code (0 ordinary, 1 EOR, 2 EOF, 3 suspect data, 4 restart marker). The byte count
 * in 16 bits follows, high octet first.
 */
class BlockModeEncoderTest {

    @Test
    void emptyFileIsZeroLengthEofBlock() throws IOException {
        assertArrayEquals(new byte[] {0x02, 0x00, 0x00}, encode(new byte[0]));
    }

    @Test
    void shortFileIsOneEofBlock() throws IOException {
        byte[] expected = {0x02, 0x00, 0x05, 'H', 'e', 'l', 'l', 'o'};

        assertArrayEquals(expected, encode("Hello".getBytes()));
    }

    @Test
    void fileOfMaxBlockLengthIsOneBlock() throws IOException {
        byte[] file = filled(65535);

        byte[] encoded = encode(file);

        assertEquals(3 + 65535, encoded.length);
        assertArrayEquals(new byte[] {0x02, (byte) 0xFF, (byte) 0xFF}, Arrays.copyOfRange(encoded, 0, 3));
        assertArrayEquals(file, Arrays.copyOfRange(encoded, 3, encoded.length));
    }

    @Test
    void longerFileSplitsAtMaxBlockLength() throws IOException {
        byte[] file = filled(70000);

        byte[] encoded = encode(file);

        // 70000 = 65535 + 4465, and 4465 is 0x1171.
        assertEquals(3 + 65535 + 3 + 4465, encoded.length);
        assertArrayEquals(new byte[] {0x00, (byte) 0xFF, (byte) 0xFF}, Arrays.copyOfRange(encoded, 0, 3));
        assertArrayEquals(Arrays.copyOfRange(file, 0, 65535), Arrays.copyOfRange(encoded, 3, 65538));
        assertArrayEquals(new byte[] {0x02, 0x11, 0x71}, Arrays.copyOfRange(encoded, 65538, 65541));
        assertArrayEquals(Arrays.copyOfRange(file, 65535, 70000), Arrays.copyOfRange(encoded, 65541, encoded.length));
    }

    @Test
    void blockWithEachDescriptor() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BlockModeEncoder encoder = new BlockModeEncoder(out);
        byte[] data = {'a', 'b', 'c', 'd'};

        encoder.writeBlock(BlockDescriptor.ORDINARY, data, 0, 1);
        encoder.writeBlock(BlockDescriptor.END_OF_RECORD, data, 1, 2);
        encoder.writeBlock(BlockDescriptor.SUSPECT_DATA, data, 3, 1);
        encoder.writeBlock(BlockDescriptor.RESTART_MARKER, data, 0, 0);
        encoder.writeBlock(BlockDescriptor.END_OF_FILE, data, 0, 0);

        byte[] expected = {0x00, 0x00, 0x01, 'a', 0x01, 0x00, 0x02, 'b', 'c', 0x03, 0x00, 0x01, 'd', 0x04, 0x00, 0x00,
            0x02, 0x00, 0x00};
        assertArrayEquals(expected, out.toByteArray());
    }

    @Test
    void blockOverMaxLengthRejected() {
        BlockModeEncoder encoder = new BlockModeEncoder(new ByteArrayOutputStream());

        assertThrows(IllegalArgumentException.class,
                () -> encoder.writeBlock(BlockDescriptor.ORDINARY, new byte[65536], 0, 65536));
    }

    private static byte[] encode(byte[] file) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new BlockModeEncoder(out).writeFile(file);
        return out.toByteArray();
    }

    private static byte[] filled(int length) {
        byte[] file = new byte[length];
        for (int i = 0; i < length; i++) {
            file[i] = (byte) (i * 7 + i / 251);
        }
        return file;
    }
}
