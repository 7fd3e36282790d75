package org.rfc644.ncp.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rfc644.ncp.client.ConnectionStatus;
import org.rfc644.ncp.client.HostEntry;
import org.rfc644.ncp.client.NcpException;

/**
 * Frames against octets written by hand from the frame tables of docs/local-api.md: a u32
 * big-endian length of what follows, the type octet, then the fields.
 */
class LocalApiGoldenBytesTest {

    @Test
    void pingRequest() {
        byte[] expected = hex("0000000F 01 00000007 0004 75636C61 00001388");
        PingRequest ping = new PingRequest(7, "ucla", 5000);

        assertArrayEquals(expected, encode(ping));
        PingRequest decoded = assertInstanceOf(PingRequest.class, decodeFromDaemonSide(expected));
        assertEquals(ping, decoded);
    }

    @Test
    void openRequest() {
        byte[] expected = hex("00000017 02 00000001 000000E8 0003 737269 00000003 20 00007530");
        OpenRequest open = new OpenRequest(1, 232, "sri", 3, 32, 30_000);

        assertArrayEquals(expected, encode(open));
        assertEquals(open, decodeFromDaemonSide(expected));
    }

    @Test
    void listenAcceptAllocateRelease() {
        assertArrayEquals(hex("0000000A 03 00000002 00000003 08"), encode(new ListenRequest(2, 3, 8)));
        assertArrayEquals(hex("0000000D 04 00000003 0000000B 000003E8"),
                encode(new AcceptRequest(3, 11, 1000)));
        assertArrayEquals(hex("00000006 05 00000004 02"), encode(new AllocateRequest(4, 2)));
        assertArrayEquals(hex("00000009 06 00000005 00000100"), encode(new ReleaseRequest(5, 256)));
    }

    @Test
    void statusHostsCloseInterrupt() {
        assertArrayEquals(hex("00000005 07 00000006"), encode(new StatusRequest(6)));
        assertArrayEquals(hex("00000005 08 00000007"), encode(new HostsRequest(7)));
        assertArrayEquals(hex("00000009 09 00000008 0000000C"), encode(new CloseRequest(8, 12)));
        assertArrayEquals(hex("00000009 0A 00000009 0000000C"), encode(new InterruptRequest(9, 12)));
    }

    @Test
    void sendFrame() {
        byte[] expected = hex("00000007 0B 00000005 4142");

        assertArrayEquals(expected, encode(new SendFrame(5, new byte[] {0x41, 0x42})));
        SendFrame decoded = assertInstanceOf(SendFrame.class, decodeFromDaemonSide(expected));
        assertEquals(5, decoded.handle());
        assertArrayEquals(new byte[] {0x41, 0x42}, decoded.data());
    }

    @Test
    void welcomeFrame() {
        byte[] expected = hex("0000000C 80 01 0004 55434C41 000003EB");
        WelcomeFrame welcome = new WelcomeFrame(1, "UCLA", 1003);

        assertArrayEquals(expected, encode(welcome));
        assertEquals(welcome, decodeFromClientSide(expected));
    }

    @Test
    void errorFrame() {
        byte[] expected = hex("0000000A 82 00000009 01 0002 6E6F");
        ErrorFrame error = new ErrorFrame(9, NcpException.Code.PERMISSION_DENIED, "no");

        assertArrayEquals(expected, encode(error));
        assertEquals(error, decodeFromClientSide(expected));
    }

    @Test
    void errorCodesInDocumentedOrder() {
        List<String> documented = List.of("BAD_REQUEST", "PERMISSION_DENIED", "SOCKET_IN_USE",
                "REFUSED", "HOST_DEAD", "UNKNOWN_HOST", "TIMEOUT", "LIMIT_EXCEEDED", "CLOSED",
                "INTERNAL");

        for (int code = 0; code < documented.size(); code++) {
            byte[] frame = hex(String.format("00000008 82 00000001 %02X 0000", code));
            ErrorFrame error = assertInstanceOf(ErrorFrame.class, decodeFromClientSide(frame));
            assertEquals(documented.get(code), error.code().name());
        }
    }

    @Test
    void okWithRoundTrip() {
        byte[] expected = hex("00000009 81 00000001 000004D2");
        OkFrame ok = OkFrame.withU32(1, 1234);

        assertArrayEquals(expected, encode(ok));
        assertEquals(1234, assertInstanceOf(OkFrame.class, decodeFromClientSide(expected)).readU32());
    }

    @Test
    void okWithConnectionDescription() {
        byte[] expected = hex("00000018 81 00000002 00000011 000000E8 02 0003 737269 00000003 08");
        ConnectionDescription connection = new ConnectionDescription(17, 232, 2, "sri", 3, 8);

        assertArrayEquals(expected, encode(OkFrame.withConnection(2, connection)));
        OkFrame decoded = assertInstanceOf(OkFrame.class, decodeFromClientSide(expected));
        assertEquals(2, decoded.requestId());
        assertEquals(connection, decoded.readConnection());
    }

    @Test
    void okWithHostList() {
        byte[] expected = hex("00000014 81 00000003 0002 01 0004 75636C61 02 0003 737269");
        List<HostEntry> hosts = List.of(new HostEntry(1, "ucla"), new HostEntry(2, "sri"));

        assertArrayEquals(expected, encode(OkFrame.withHosts(3, hosts)));
        assertEquals(hosts, ((OkFrame) decodeFromClientSide(expected)).readHosts());
    }

    @Test
    void okWithStatusList() {
        byte[] expected = hex("0000002F 81 00000004 0001 000000E8 0003 737269 00000003 08"
                + " 0004 4F50454E 000003EB 000000000000000A 000000000000012C");
        List<ConnectionStatus> status =
                List.of(new ConnectionStatus(232, "sri", 3, 8, "OPEN", 1003, 10, 300));

        assertArrayEquals(expected, encode(OkFrame.withStatus(4, status)));
        assertEquals(status, ((OkFrame) decodeFromClientSide(expected)).readStatus());
    }

    @Test
    void okEmpty() {
        byte[] expected = hex("00000005 81 0000000A");

        assertArrayEquals(expected, encode(OkFrame.empty(10)));
        assertEquals(0, ((OkFrame) decodeFromClientSide(expected)).payload().length);
    }

    @Test
    void dataInterruptedClosed() {
        byte[] data = hex("00000009 83 00000004 000000FF");
        byte[] interrupted = hex("00000005 84 00000004");
        byte[] closed = hex("0000000A 85 00000004 0003 434C53");

        assertArrayEquals(data, encode(new DataFrame(4, hex("000000FF"))));
        assertArrayEquals(interrupted, encode(new InterruptedFrame(4)));
        assertArrayEquals(closed, encode(new ClosedFrame(4, "CLS")));
        assertEquals(new InterruptedFrame(4), decodeFromClientSide(interrupted));
        assertEquals(new ClosedFrame(4, "CLS"), decodeFromClientSide(closed));
    }

    @Test
    void u32FieldsAboveSignedRange() {
        byte[] expected = hex("00000009 06 FFFFFFFE 80000000");

        assertArrayEquals(expected, encode(new ReleaseRequest(0xFFFFFFFE, 0x80000000)));
        assertArrayEquals(hex("0000000D 04 00000001 00000002 FFFFFFFF"),
                encode(new AcceptRequest(1, 2, 0xFFFF_FFFFL)));
    }

    static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", ""));
    }

    static byte[] encode(LocalApiFrame frame) {
        ByteBuf out = Unpooled.buffer();
        LocalApiFrames.encode(frame, out);
        return ByteBufUtil.getBytes(out);
    }

    private static LocalApiFrame decodeFromDaemonSide(byte[] frame) {
        return decode(frame, FrameType.Sender.CLIENT);
    }

    private static LocalApiFrame decodeFromClientSide(byte[] frame) {
        return decode(frame, FrameType.Sender.DAEMON);
    }

    private static LocalApiFrame decode(byte[] frame, FrameType.Sender sender) {
        ByteBuf in = Unpooled.wrappedBuffer(frame);
        assertEquals(frame.length - 4, in.readInt(), "length field");
        return LocalApiFrames.decode(in, sender);
    }
}
