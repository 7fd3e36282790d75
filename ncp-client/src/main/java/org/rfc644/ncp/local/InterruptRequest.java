package org.rfc644.ncp.local;

import io.netty.buffer.ByteBuf;

/** INTERRUPT (0x0A): send INR (receive connection) or INS (send connection); replies empty OK. */
public record InterruptRequest(int requestId, int handle) implements LocalApiRequest {

    @Override
    public FrameType type() {
        return FrameType.INTERRUPT;
    }

    @Override
    public void writeFields(ByteBuf out) {
        out.writeInt(requestId);
        out.writeInt(handle);
    }

    static InterruptRequest read(ByteBuf in) {
        return new InterruptRequest(Fields.readU32(in), Fields.readU32(in));
    }
}
