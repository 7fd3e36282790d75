package org.rfc644.ncp.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random control commands through the encoder and decoder, and the records' own checks. */
class ControlCommandRoundTripTest {

    @Test
    void randomCommandsSurviveRoundTrip() {
        RandomCommands generator = new RandomCommands(new Random(8246));

        for (int iteration = 0; iteration < 20_000; iteration++) {
            ControlCommand command = generator.next();

            byte[] octets = ControlCommandEncoder.encode(command);
            DecodedControlMessage decoded = ControlCommandDecoder.decode(octets);

            assertEquals(command.length(), octets.length, command::toString);
            assertEquals(command.opcode(), octets[0] & 0xff, command::toString);
            assertTrue(decoded.error().isEmpty(), command::toString);
            assertEquals(List.of(command), decoded.commands());
        }
    }

    @Test
    void randomOctetsNeverThrow() {
        Random random = new Random(1972);

        for (int iteration = 0; iteration < 20_000; iteration++) {
            byte[] text = new byte[random.nextInt(121)];
            random.nextBytes(text);

            DecodedControlMessage decoded = ControlCommandDecoder.decode(text);

            int decodedLength = decoded.commands().stream().mapToInt(ControlCommand::length).sum();
            if (decoded.error().isEmpty()) {
                assertEquals(text.length, decodedLength);
            } else {
                assertTrue(decodedLength < text.length);
            }
        }
    }

    @Test
    void errCopiesItsData() {
        byte[] data = new byte[10];
        Err err = new Err(ErrorCode.UNDEFINED, data);

        data[0] = 1;
        err.data()[1] = 1;

        assertArrayEquals(new byte[10], err.data());
    }

    @Test
    void recordsRejectFieldsOutsideTheirWidth() {
        assertThrows(IllegalArgumentException.class, () -> new Rts(0x1_0000_0000L, 3, 5));
        assertThrows(IllegalArgumentException.class, () -> new Rts(-2, 3, 5));
        assertThrows(IllegalArgumentException.class, () -> new Str(3, 232, 256));
        assertThrows(IllegalArgumentException.class, () -> new All(5, 65536, 0));
        assertThrows(IllegalArgumentException.class, () -> new Ret(5, 0, 0x1_0000_0000L));
        assertThrows(IllegalArgumentException.class, () -> new Gvb(5, 256, 0));
        assertThrows(IllegalArgumentException.class, () -> new Eco(256));
        assertThrows(IllegalArgumentException.class, () -> new Erp(-1));
        assertThrows(IllegalArgumentException.class,
                () -> new Err(ErrorCode.UNDEFINED, new byte[9]));
    }

    @Test
    void recordsRejectBadParameters() {
        assertThrows(IllegalArgumentException.class, () -> new Rts(233, 3, 5));
        assertThrows(IllegalArgumentException.class, () -> new Rts(232, 2, 5));
        assertThrows(IllegalArgumentException.class, () -> new Rts(232, 3, 72));
        assertThrows(IllegalArgumentException.class, () -> new Str(2, 232, 8));
        assertThrows(IllegalArgumentException.class, () -> new Str(3, 232, 0));
        assertThrows(IllegalArgumentException.class, () -> new Cls(232, 2));
        assertThrows(IllegalArgumentException.class, () -> new Inr(0));
        assertThrows(IllegalArgumentException.class, () -> new Ins(192));
    }
}
