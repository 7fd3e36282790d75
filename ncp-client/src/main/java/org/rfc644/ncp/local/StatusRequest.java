package org.rfc644.ncp.local;

import io.netty.buffer.ByteBuf;

/** STATUS (0x07): list every connection of the daemon; see {@link OkFrame#readStatus()}. */
public record StatusRequest(int requestId) implements LocalApiRequest {

    @Override
    public FrameType type() {
        return FrameType.STATUS;
    }

    @Override
    public void writeFields(ByteBuf out) {
        out.writeInt(requestId);
    }

    static StatusRequest read(ByteBuf in) {
        return new StatusRequest(Fields.readU32(in));
    }
}
