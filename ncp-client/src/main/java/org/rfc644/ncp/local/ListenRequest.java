package org.rfc644.ncp.local;

import io.netty.buffer.ByteBuf;

/** LISTEN (0x03): queue foreign requests for connection to a local socket; replies a handle. */
public record ListenRequest(int requestId, int localSocket, int byteSize) implements LocalApiRequest {

    public ListenRequest {
        Fields.checkU8("byte size", byteSize);
    }

    @Override
    public FrameType type() {
        return FrameType.LISTEN;
    }

    @Override
    public void writeFields(ByteBuf out) {
        out.writeInt(requestId);
        out.writeInt(localSocket);
        Fields.writeU8(out, byteSize);
    }

    static ListenRequest read(ByteBuf in) {
        return new ListenRequest(Fields.readU32(in), Fields.readU32(in), Fields.readU8(in));
    }
}
