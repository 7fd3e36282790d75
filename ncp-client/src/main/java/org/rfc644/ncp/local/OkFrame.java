package org.rfc644.ncp.local;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.CorruptedFrameException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.rfc644.ncp.client.ConnectionStatus;
import org.rfc644.ncp.client.HostEntry;

/**
 * OK (0x81): the success of the request with this id. The payload depends on the request, which
 * only the client tracks, so it is kept raw; the factories build each payload and the
 * {@code read} methods parse it.
 */
public record OkFrame(int requestId, byte[] payload) implements LocalApiFrame {

    /** Maximum payload octets: the frame limit less the type octet and the request id. */
    public static final int MAX_PAYLOAD = LocalApiFrame.MAX_LENGTH - 1 - 4;

    private static final byte[] EMPTY = new byte[0];

    public OkFrame {
        if (payload.length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("OK payload of " + payload.length
                    + " octets is longer than " + MAX_PAYLOAD);
        }
    }

    /** Returns the OK for RELEASE, CLOSE and INTERRUPT. */
    public static OkFrame empty(int requestId) {
        return new OkFrame(requestId, EMPTY);
    }

    /** Returns an OK with one u32: a PING's round trip in microseconds, a handle or a socket. */
    public static OkFrame withU32(int requestId, long value) {
        Fields.checkU32("value", value);
        return new OkFrame(requestId, build(out -> out.writeInt((int) value)));
    }

    /** Returns the OK for OPEN and ACCEPT. */
    public static OkFrame withConnection(int requestId, ConnectionDescription connection) {
        return new OkFrame(requestId, build(connection::writeTo));
    }

    /** Returns the OK for STATUS: a u16 count, then each connection. */
    public static OkFrame withStatus(int requestId, List<ConnectionStatus> connections) {
        return new OkFrame(requestId, build(out -> {
            out.writeShort(checkCount(connections.size()));
            for (ConnectionStatus connection : connections) {
                out.writeInt(connection.localSocket());
                Fields.writeString(out, connection.foreignHost());
                out.writeInt(connection.foreignSocket());
                Fields.writeU8(out, Fields.checkU8("byte size", connection.byteSize()));
                Fields.writeString(out, connection.state());
                out.writeInt(connection.ownerUid());
                out.writeLong(connection.bytesIn());
                out.writeLong(connection.bytesOut());
            }
        }));
    }

    /** Returns the OK for HOSTS: a u16 count, then each host's u8 number and name. */
    public static OkFrame withHosts(int requestId, List<HostEntry> hosts) {
        return new OkFrame(requestId, build(out -> {
            out.writeShort(checkCount(hosts.size()));
            for (HostEntry host : hosts) {
                Fields.writeU8(out, Fields.checkU8("host number", host.number()));
                Fields.writeString(out, host.name());
            }
        }));
    }

    /** Reads the payload as one u32. */
    public long readU32() {
        return parse(Fields::readU32AsLong);
    }

    /** Reads the payload as a connection description. */
    public ConnectionDescription readConnection() {
        return parse(ConnectionDescription::read);
    }

    /** Reads the payload as the connection list of STATUS. */
    public List<ConnectionStatus> readStatus() {
        return parse(in -> {
            int count = Fields.readU16(in);
            List<ConnectionStatus> connections = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                connections.add(new ConnectionStatus(Fields.readU32(in), Fields.readString(in),
                        Fields.readU32(in), Fields.readU8(in), Fields.readString(in),
                        Fields.readU32(in), Fields.readU64(in), Fields.readU64(in)));
            }
            return connections;
        });
    }

    /** Reads the payload as the host list of HOSTS. */
    public List<HostEntry> readHosts() {
        return parse(in -> {
            int count = Fields.readU16(in);
            List<HostEntry> hosts = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                hosts.add(new HostEntry(Fields.readU8(in), Fields.readString(in)));
            }
            return hosts;
        });
    }

    @Override
    public FrameType type() {
        return FrameType.OK;
    }

    @Override
    public void writeFields(ByteBuf out) {
        out.writeInt(requestId);
        out.writeBytes(payload);
    }

    static OkFrame read(ByteBuf in) {
        return new OkFrame(Fields.readU32(in), Fields.readRest(in));
    }

    /**
     * Parses the whole payload with {@code reader}.
     *
     * @throws CorruptedFrameException when the payload is too short or has octets left over
     */
    private <T> T parse(Function<ByteBuf, T> reader) {
        ByteBuf in = Unpooled.wrappedBuffer(payload);
        T value = reader.apply(in);
        if (in.isReadable()) {
            throw new CorruptedFrameException("OK payload has " + in.readableBytes()
                    + " octets left over after its fields");
        }
        return value;
    }

    private static byte[] build(Consumer<ByteBuf> writer) {
        ByteBuf out = Unpooled.buffer();
        writer.accept(out);
        return ByteBufUtil.getBytes(out);
    }

    private static int checkCount(int count) {
        if (count > 0xFFFF) {
            throw new IllegalArgumentException("a u16 count cannot carry " + count + " entries");
        }
        return count;
    }
}
