package org.rfc644.ncp.local;

import io.netty.buffer.ByteBuf;

/** INTERRUPTED (0x84): the foreign process sent INR or INS on this connection. */
public record InterruptedFrame(int handle) implements LocalApiFrame {

    @Override
    public FrameType type() {
        return FrameType.INTERRUPTED;
    }

    @Override
    public void writeFields(ByteBuf out) {
        out.writeInt(handle);
    }

    static InterruptedFrame read(ByteBuf in) {
        return new InterruptedFrame(Fields.readU32(in));
    }
}
