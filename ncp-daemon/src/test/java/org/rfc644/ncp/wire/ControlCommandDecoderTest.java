package org.rfc644.ncp.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rfc644.ncp.wire.ControlCommandGoldenTest.hex;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Decoding of control message texts: several commands, and each ERR case of NIC 8246. */
class ControlCommandDecoderTest {

    @Test
    void decodesSeveralCommandsInOrder() {
        byte[] text = hex("0c" + "01 000000e8 00000003 05" + "00" + "04 05 0001 00000100"
                + "09 2a" + "03 000000e9 00000002" + "0d");

        DecodedControlMessage decoded = ControlCommandDecoder.decode(text);

        assertEquals(List.of(new Rst(), new Rts(232, 3, 5), new Nop(), new All(5, 1, 256),
                new Eco(42), new Cls(233, 2), new Rrp()), decoded.commands());
        assertTrue(decoded.error().isEmpty());
    }

    @Test
    void decodesEmptyText() {
        DecodedControlMessage decoded = ControlCommandDecoder.decode(new byte[0]);

        assertEquals(List.of(), decoded.commands());
        assertTrue(decoded.error().isEmpty());
    }

    static Stream<Arguments> malformedTexts() {
        return Stream.of(
                // Illegal opcode: the data field is ten octets from the opcode, zero-filled.
                Arguments.of("00 0e 01 02", List.of(new Nop()), ErrorCode.ILLEGAL_OPCODE,
                        "0e 01 02 00000000000000"),
                Arguments.of("09 01 ff 0102030405060708090a0b", List.of(new Eco(1)),
                        ErrorCode.ILLEGAL_OPCODE, "ff 010203040506070809"),
                Arguments.of("0e", List.of(), ErrorCode.ILLEGAL_OPCODE, "0e 000000000000000000"),
                // Short parameter space: the data field is the truncated command, zero-filled.
                Arguments.of("0c 01 000000e8 0000", List.of(new Rst()),
                        ErrorCode.SHORT_PARAMETER_SPACE, "01 000000e8 0000 000000"),
                Arguments.of("04 05 0001", List.of(), ErrorCode.SHORT_PARAMETER_SPACE,
                        "04 05 0001 000000000000"),
                Arguments.of("0b 03 0102030405060708", List.of(), ErrorCode.SHORT_PARAMETER_SPACE,
                        "0b 03 0102030405060708"),
                Arguments.of("07", List.of(), ErrorCode.SHORT_PARAMETER_SPACE,
                        "07 000000000000000000"),
                // Bad parameters: the data field is the command in error, zero-filled.
                // RTS with two send sockets.
                Arguments.of("01 000000e9 00000003 05", List.of(), ErrorCode.BAD_PARAMETERS,
                        "01 000000e9 00000003 05"),
                // RTS with two receive sockets.
                Arguments.of("01 000000e8 00000002 05", List.of(), ErrorCode.BAD_PARAMETERS,
                        "01 000000e8 00000002 05"),
                // RTS with link 1 and link 72, just outside 2 to 71.
                Arguments.of("01 000000e8 00000003 01", List.of(), ErrorCode.BAD_PARAMETERS,
                        "01 000000e8 00000003 01"),
                Arguments.of("01 000000e8 00000003 48", List.of(), ErrorCode.BAD_PARAMETERS,
                        "01 000000e8 00000003 48"),
                // STR with byte size 0.
                Arguments.of("00 02 00000003 000000e8 00", List.of(new Nop()),
                        ErrorCode.BAD_PARAMETERS, "02 00000003 000000e8 00"),
                // STR with two receive sockets.
                Arguments.of("02 00000002 000000e8 08", List.of(), ErrorCode.BAD_PARAMETERS,
                        "02 00000002 000000e8 08"),
                // CLS with two send sockets: nine octets, one octet of fill.
                Arguments.of("03 000000e9 00000003", List.of(), ErrorCode.BAD_PARAMETERS,
                        "03 000000e9 00000003 00"),
                // ALL on link 0, which no connection can use.
                Arguments.of("04 00 0001 00000008", List.of(), ErrorCode.BAD_PARAMETERS,
                        "04 00 0001 00000008 0000"),
                // GVB, RET, INR and INS on links outside 2 to 71.
                Arguments.of("05 48 80 80", List.of(), ErrorCode.BAD_PARAMETERS,
                        "05 48 80 80 000000000000"),
                Arguments.of("06 c8 0001 00000008", List.of(), ErrorCode.BAD_PARAMETERS,
                        "06 c8 0001 00000008 0000"),
                Arguments.of("07 01", List.of(), ErrorCode.BAD_PARAMETERS,
                        "07 01 0000000000000000"),
                Arguments.of("08 ff", List.of(), ErrorCode.BAD_PARAMETERS,
                        "08 ff 0000000000000000"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedTexts")
    void returnsCommandsBeforeErrorAndErr(String text, List<ControlCommand> before,
                                          ErrorCode code, String data) {
        DecodedControlMessage decoded = ControlCommandDecoder.decode(hex(text));

        assertEquals(before, decoded.commands());
        assertTrue(decoded.error().isPresent(), "no error reported");
        Err err = decoded.error().get().err();
        assertEquals(code, err.code());
        assertArrayEquals(hex(data), err.data());
    }

    @Test
    void stopsAtFirstError() {
        byte[] text = hex("09 01" + "01 000000e9 00000003 05" + "0a 02");

        DecodedControlMessage decoded = ControlCommandDecoder.decode(text);

        assertEquals(List.of(new Eco(1)), decoded.commands());
        assertEquals(ErrorCode.BAD_PARAMETERS, decoded.error().get().err().code());
    }

    @Test
    void errorDetailNamesTheProblem() {
        DecodedControlMessage decoded = ControlCommandDecoder.decode(hex("00 00 ee"));

        assertEquals("illegal opcode 238 at octet 2", decoded.error().get().detail());
    }

    @Test
    void acceptsGiveBackFractionsAboveOne() {
        // NIC 8246: a fraction of 128/128 or more asks for the whole allocation.
        DecodedControlMessage decoded = ControlCommandDecoder.decode(hex("05 05 ff 81"));

        assertEquals(List.of(new Gvb(5, 255, 129)), decoded.commands());
        assertTrue(decoded.error().isEmpty());
    }

    @Test
    void readsUnknownErrCodeAsUndefined() {
        DecodedControlMessage decoded = ControlCommandDecoder.decode(
                hex("0b 09 0102030405060708090a"));

        assertEquals(List.of(new Err(ErrorCode.UNDEFINED, hex("0102030405060708090a"))),
                decoded.commands());
    }

    @Test
    void quotesCommandAsErrData() {
        Err err = Err.quoting(ErrorCode.SOCKET_NOT_CONNECTED, new Cls(232, 3));

        assertEquals(ErrorCode.SOCKET_NOT_CONNECTED, err.code());
        assertArrayEquals(hex("03 000000e8 00000003 00"), err.data());
    }

    @Test
    void quotesFirstTenOctetsOfLongerCommand() {
        Err inner = new Err(ErrorCode.ILLEGAL_OPCODE, hex("0e0000000000000000ff"));

        Err err = Err.quoting(ErrorCode.BAD_PARAMETERS, inner);

        assertArrayEquals(hex("0b 01 0e00000000000000"), err.data());
    }
}
