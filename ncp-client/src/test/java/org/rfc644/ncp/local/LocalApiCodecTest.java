package org.rfc644.ncp.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rfc644.ncp.local.LocalApiGoldenBytesTest.encode;
import static org.rfc644.ncp.local.LocalApiGoldenBytesTest.hex;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.codec.TooLongFrameException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rfc644.ncp.client.ConnectionStatus;
import org.rfc644.ncp.client.HostEntry;
import org.rfc644.ncp.client.NcpException;

/** The Netty encoder and decoder: random round trips, split input, limits and malformed frames. */
class LocalApiCodecTest {

    private static final String NAME_CHARACTERS = "abcdefghijklmnopqrstuvwxyz-0123456789\u00e9\u4e2d";

    private final Random random = new Random(644);

    @Test
    void randomFramesRoundTripThroughChannels() {
        EmbeddedChannel clientOut = new EmbeddedChannel(new LocalApiFrameEncoder());
        EmbeddedChannel daemonIn = new EmbeddedChannel(new LocalApiFrameDecoder(FrameType.Sender.CLIENT));
        EmbeddedChannel daemonOut = new EmbeddedChannel(new LocalApiFrameEncoder());
        EmbeddedChannel clientIn = new EmbeddedChannel(new LocalApiFrameDecoder(FrameType.Sender.DAEMON));

        for (int i = 0; i < 2000; i++) {
            LocalApiFrame frame = randomFrame();
            boolean fromClient = frame.type().sender() == FrameType.Sender.CLIENT;
            EmbeddedChannel out = fromClient ? clientOut : daemonOut;
            EmbeddedChannel in = fromClient ? daemonIn : clientIn;

            out.writeOutbound(frame);
            ByteBuf wire = out.readOutbound();
            byte[] octets = ByteBufUtil.getBytes(wire);
            wire.release();
            feedInPieces(in, octets);

            LocalApiFrame decoded = in.readInbound();
            assertEquals(frame.type(), decoded.type(), "frame " + i);
            assertArrayEquals(octets, encode(decoded), "frame " + i + " re-encoded: " + frame);
            assertNull(in.readInbound(), "one frame in, one frame out");
        }
    }

    @Test
    void decodesSeveralFramesInOneRead() {
        EmbeddedChannel channel = new EmbeddedChannel(new LocalApiFrameDecoder(FrameType.Sender.DAEMON));
        byte[] three = hex("00000005 84 00000004" + "00000005 81 0000000A" + "00000007 83 00000001 4142");

        channel.writeInbound(Unpooled.wrappedBuffer(three));

        assertEquals(new InterruptedFrame(4), channel.readInbound());
        assertEquals(10, ((OkFrame) channel.readInbound()).requestId());
        DataFrame data = channel.readInbound();
        assertArrayEquals(new byte[] {0x41, 0x42}, data.data());
    }

    @Test
    void acceptsFrameOfMaximumLength() {
        EmbeddedChannel channel = new EmbeddedChannel(new LocalApiFrameDecoder(FrameType.Sender.CLIENT));
        byte[] data = new byte[SendFrame.MAX_DATA];
        random.nextBytes(data);
        byte[] wire = encode(new SendFrame(3, data));

        assertEquals(4 + LocalApiFrame.MAX_LENGTH, wire.length);
        channel.writeInbound(Unpooled.wrappedBuffer(wire));
        assertArrayEquals(data, ((SendFrame) channel.readInbound()).data());
    }

    @Test
    void rejectsLengthAboveLimitBeforeBody() {
        EmbeddedChannel channel = new EmbeddedChannel(new LocalApiFrameDecoder(FrameType.Sender.CLIENT));

        assertThrows(TooLongFrameException.class,
                () -> channel.writeInbound(Unpooled.wrappedBuffer(hex("00010001 0B"))));
    }

    @Test
    void encoderRejectsTooLongFrame() {
        EmbeddedChannel channel = new EmbeddedChannel(new LocalApiFrameEncoder());
        List<HostEntry> hosts = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            hosts.add(new HostEntry(i % 256, "h".repeat(250)));
        }

        assertThrows(IllegalArgumentException.class, () -> OkFrame.withHosts(1, hosts));
        assertThrows(IllegalArgumentException.class,
                () -> new SendFrame(1, new byte[SendFrame.MAX_DATA + 1]));
        EncoderException tooLong = assertThrows(EncoderException.class,
                () -> channel.writeOutbound(new ClosedFrame(1, "x".repeat(65_530))));
        assertTrue(tooLong.getMessage().contains("longer than 65536"), tooLong.getMessage());
    }

    @Test
    void rejectsUnknownAndWrongSideTypes() {
        EmbeddedChannel daemonSide = new EmbeddedChannel(new LocalApiFrameDecoder(FrameType.Sender.CLIENT));
        EmbeddedChannel clientSide = new EmbeddedChannel(new LocalApiFrameDecoder(FrameType.Sender.DAEMON));

        assertThrows(CorruptedFrameException.class,
                () -> daemonSide.writeInbound(Unpooled.wrappedBuffer(hex("00000005 0C 00000001"))));
        assertThrows(CorruptedFrameException.class,
                () -> clientSide.writeInbound(Unpooled.wrappedBuffer(hex("00000005 07 00000001"))));
    }

    @Test
    void rejectsMalformedFields() {
        List<String> malformed = List.of(
                "00000000",                             // no frame type
                "00000004 01 000000",                   // PING: request id cut short
                "0000000B 01 00000001 0009 414243 00",  // PING: string longer than the frame
                "00000006 07 00000001 00");             // STATUS: octet left over

        for (String frame : malformed) {
            EmbeddedChannel channel = new EmbeddedChannel(new LocalApiFrameDecoder(FrameType.Sender.CLIENT));
            assertThrows(CorruptedFrameException.class,
                    () -> channel.writeInbound(Unpooled.wrappedBuffer(hex(frame))), frame);
        }
    }

    @Test
    void waitsForRestOfFrame() {
        EmbeddedChannel channel = new EmbeddedChannel(new LocalApiFrameDecoder(FrameType.Sender.CLIENT));

        channel.writeInbound(Unpooled.wrappedBuffer(hex("0000000A 03 00000002")));
        assertNull(channel.readInbound());
        channel.writeInbound(Unpooled.wrappedBuffer(hex("00000003 08")));
        assertEquals(new ListenRequest(2, 3, 8), channel.readInbound());
    }

    @Test
    void rejectsUnknownErrorCode() {
        EmbeddedChannel channel = new EmbeddedChannel(new LocalApiFrameDecoder(FrameType.Sender.DAEMON));

        assertThrows(CorruptedFrameException.class,
                () -> channel.writeInbound(Unpooled.wrappedBuffer(hex("00000008 82 00000001 0A 0000"))));
    }

    @Test
    void okPayloadReadersRejectWrongLength() {
        OkFrame empty = OkFrame.empty(1);
        OkFrame u32 = OkFrame.withU32(1, 5);

        assertThrows(CorruptedFrameException.class, empty::readU32);
        assertThrows(CorruptedFrameException.class, u32::readConnection);
        assertThrows(CorruptedFrameException.class, u32::readHosts);
    }

    private void feedInPieces(EmbeddedChannel channel, byte[] octets) {
        int offset = 0;
        while (offset < octets.length) {
            int piece = Math.min(octets.length - offset, 1 + random.nextInt(300));
            channel.writeInbound(Unpooled.wrappedBuffer(octets, offset, piece));
            offset += piece;
        }
    }

    private LocalApiFrame randomFrame() {
        FrameType type = FrameType.values()[random.nextInt(FrameType.values().length)];
        int id = random.nextInt();
        switch (type) {
            case PING: return new PingRequest(id, name(), u32());
            case OPEN: return new OpenRequest(id, random.nextInt(), name(), random.nextInt(),
                    random.nextInt(256), u32());
            case LISTEN: return new ListenRequest(id, random.nextInt(), random.nextInt(256));
            case ACCEPT: return new AcceptRequest(id, random.nextInt(), u32());
            case ALLOCATE: return new AllocateRequest(id, random.nextInt(256));
            case RELEASE: return new ReleaseRequest(id, random.nextInt());
            case STATUS: return new StatusRequest(id);
            case HOSTS: return new HostsRequest(id);
            case CLOSE: return new CloseRequest(id, random.nextInt());
            case INTERRUPT: return new InterruptRequest(id, random.nextInt());
            case SEND: return new SendFrame(id, octets());
            case WELCOME: return new WelcomeFrame(random.nextInt(256), name(), random.nextInt());
            case OK: return randomOk(id);
            case ERROR: return new ErrorFrame(id,
                    NcpException.Code.values()[random.nextInt(NcpException.Code.values().length)], name());
            case DATA: return new DataFrame(id, octets());
            case INTERRUPTED: return new InterruptedFrame(id);
            case CLOSED: return new ClosedFrame(id, name());
            default: throw new IllegalStateException(type.toString());
        }
    }

    private OkFrame randomOk(int id) {
        switch (random.nextInt(5)) {
            case 0: return OkFrame.empty(id);
            case 1: return OkFrame.withU32(id, u32());
            case 2: return OkFrame.withConnection(id, new ConnectionDescription(random.nextInt(),
                    random.nextInt(), random.nextInt(256), name(), random.nextInt(), random.nextInt(256)));
            case 3: {
                List<ConnectionStatus> status = new ArrayList<>();
                for (int i = random.nextInt(20); i > 0; i--) {
                    status.add(new ConnectionStatus(random.nextInt(), name(), random.nextInt(),
                            random.nextInt(256), name(), random.nextInt(), random.nextLong(), random.nextLong()));
                }
                OkFrame ok = OkFrame.withStatus(id, status);
                assertEquals(status, ok.readStatus());
                return ok;
            }
            default: {
                List<HostEntry> hosts = new ArrayList<>();
                for (int i = random.nextInt(20); i > 0; i--) {
                    hosts.add(new HostEntry(random.nextInt(256), name()));
                }
                OkFrame ok = OkFrame.withHosts(id, hosts);
                assertEquals(hosts, ok.readHosts());
                return ok;
            }
        }
    }

    private String name() {
        StringBuilder name = new StringBuilder();
        for (int i = random.nextInt(40); i > 0; i--) {
            name.append(NAME_CHARACTERS.charAt(random.nextInt(NAME_CHARACTERS.length())));
        }
        return name.toString();
    }

    private long u32() {
        return random.nextInt() & 0xFFFF_FFFFL;
    }

    private byte[] octets() {
        byte[] octets = new byte[random.nextInt(10) == 0 ? random.nextInt(SendFrame.MAX_DATA + 1) : random.nextInt(64)];
        random.nextBytes(octets);
        return octets;
    }
}
