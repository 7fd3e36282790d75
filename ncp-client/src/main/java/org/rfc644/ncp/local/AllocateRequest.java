package org.rfc644.ncp.local;

import io.netty.buffer.ByteBuf;

/** ALLOCATE (0x05): bind {@code count} consecutive free sockets, the first even; replies the first. */
public record AllocateRequest(int requestId, int count) implements LocalApiRequest {

    public AllocateRequest {
        Fields.checkU8("count", count);
    }

    @Override
    public FrameType type() {
        return FrameType.ALLOCATE;
    }

    @Override
    public void writeFields(ByteBuf out) {
        out.writeInt(requestId);
        Fields.writeU8(out, count);
    }

    static AllocateRequest read(ByteBuf in) {
        return new AllocateRequest(Fields.readU32(in), Fields.readU8(in));
    }
}
