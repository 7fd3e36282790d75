package org.rfc644.ncp.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every control command against octets written by hand from the field tables of NIC 8246
 * (sections III and IV): opcode 8 bits, then each field at its width, big-endian.
 */
class ControlCommandGoldenTest {

    static Stream<Arguments> goldenCommands() {
        return Stream.of(
                // NOP: opcode 0.
                Arguments.of(new Nop(), "00", "NOP"),
                // RTS: opcode 1, receive socket 32, send socket 32, link 8.
                Arguments.of(new Rts(232, 3, 5), "01 000000e8 00000003 05",
                        "RTS receive=232 send=3 link=5"),
                Arguments.of(new Rts(0xFFFF_FFFEL, 0xFFFF_FFFFL, 71), "01 fffffffe ffffffff 47",
                        "RTS receive=4294967294 send=4294967295 link=71"),
                // STR: opcode 2, send socket 32, receive socket 32, size 8.
                Arguments.of(new Str(3, 232, 8), "02 00000003 000000e8 08",
                        "STR send=3 receive=232 size=8"),
                Arguments.of(new Str(0x8000_0001L, 0x7FFF_FFFEL, 255), "02 80000001 7ffffffe ff",
                        "STR send=2147483649 receive=2147483646 size=255"),
                // CLS: opcode 3, my socket 32, your socket 32.
                Arguments.of(new Cls(232, 3), "03 000000e8 00000003", "CLS my=232 your=3"),
                // ALL: opcode 4, link 8, msg space 16, bit space 32.
                Arguments.of(new All(5, 10, 8000), "04 05 000a 00001f40",
                        "ALL link=5 messages=10 bits=8000"),
                Arguments.of(new All(71, 65535, 0xFFFF_FFFFL), "04 47 ffff ffffffff",
                        "ALL link=71 messages=65535 bits=4294967295"),
                // GVB: opcode 5, link 8, fm 8, fb 8.
                Arguments.of(new Gvb(5, 64, 128), "05 05 40 80", "GVB link=5 fm=64 fb=128"),
                // RET: opcode 6, link 8, msg space 16, bit space 32.
                Arguments.of(new Ret(2, 1, 0x0102_0304L), "06 02 0001 01020304",
                        "RET link=2 messages=1 bits=16909060"),
                // INR: opcode 7, link 8.
                Arguments.of(new Inr(71), "07 47", "INR link=71"),
                // INS: opcode 8, link 8.
                Arguments.of(new Ins(2), "08 02", "INS link=2"),
                // ECO: opcode 9, data 8.
                Arguments.of(new Eco(0xA5), "09 a5", "ECO data=165"),
                // ERP: opcode 10, data 8.
                Arguments.of(new Erp(0xA5), "0a a5", "ERP data=165"),
                // ERR: opcode 11, code 8, data 80.
                Arguments.of(new Err(ErrorCode.BAD_PARAMETERS, hex("01 000000e9 00000003 05")),
                        "0b 03 01000000e90000000305",
                        "ERR code=3 BAD_PARAMETERS data=01000000e90000000305"),
                Arguments.of(new Err(ErrorCode.SOCKET_NOT_CONNECTED, hex("00000000000000000000")),
                        "0b 05 00000000000000000000",
                        "ERR code=5 SOCKET_NOT_CONNECTED data=00000000000000000000"),
                // RST: opcode 12. RRP: opcode 13.
                Arguments.of(new Rst(), "0c", "RST"),
                Arguments.of(new Rrp(), "0d", "RRP"));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("goldenCommands")
    void encodesToGoldenOctets(ControlCommand command, String octets, String trace) {
        assertArrayEquals(hex(octets), ControlCommandEncoder.encode(command));
        assertEquals(hex(octets).length, command.length());
        assertEquals(hex(octets)[0] & 0xff, command.opcode());
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("goldenCommands")
    void decodesGoldenOctets(ControlCommand command, String octets, String trace) {
        DecodedControlMessage decoded = ControlCommandDecoder.decode(hex(octets));

        assertEquals(List.of(command), decoded.commands());
        assertTrue(decoded.error().isEmpty(), () -> decoded.error().get().detail());
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("goldenCommands")
    void formatsTraceLine(ControlCommand command, String octets, String trace) {
        assertEquals(trace, command.toString());
    }

    static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", ""));
    }
}
