package org.rfc644.ncp.local;

import io.netty.buffer.ByteBuf;

/** RELEASE (0x06): unbind a socket of this session; replies an empty OK. */
public record ReleaseRequest(int requestId, int socket) implements LocalApiRequest {

    @Override
    public FrameType type() {
        return FrameType.RELEASE;
    }

    @Override
    public void writeFields(ByteBuf out) {
        out.writeInt(requestId);
        out.writeInt(socket);
    }

    static ReleaseRequest read(ByteBuf in) {
        return new ReleaseRequest(Fields.readU32(in), Fields.readU32(in));
    }
}
