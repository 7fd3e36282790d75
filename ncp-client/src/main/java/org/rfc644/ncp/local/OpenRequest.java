package org.rfc644.ncp.local;

import io.netty.buffer.ByteBuf;

/**
 * OPEN (0x02): initiate a connection from a local socket (0 asks for any free one) to a foreign
 * host's socket, and reply with the connection description once the foreign host matches it.
 */
public record OpenRequest(int requestId, int localSocket, String host, int foreignSocket,
                          int byteSize, long timeoutMillis) implements LocalApiRequest {

    public OpenRequest {
        Fields.checkU8("byte size", byteSize);
        Fields.checkU32("timeout", timeoutMillis);
    }

    @Override
    public FrameType type() {
        return FrameType.OPEN;
    }

    @Override
    public void writeFields(ByteBuf out) {
        out.writeInt(requestId);
        out.writeInt(localSocket);
        Fields.writeString(out, host);
        out.writeInt(foreignSocket);
        Fields.writeU8(out, byteSize);
        out.writeInt((int) timeoutMillis);
    }

    static OpenRequest read(ByteBuf in) {
        return new OpenRequest(Fields.readU32(in), Fields.readU32(in), Fields.readString(in),
                Fields.readU32(in), Fields.readU8(in), Fields.readU32AsLong(in));
    }
}
