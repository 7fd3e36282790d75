package org.rfc644.ncp.local;

import io.netty.buffer.ByteBuf;

/** CLOSED (0x85): the connection ended without a local CLOSE (foreign CLS, host dead). */
public record ClosedFrame(int handle, String reason) implements LocalApiFrame {

    @Override
    public FrameType type() {
        return FrameType.CLOSED;
    }

    @Override
    public void writeFields(ByteBuf out) {
        out.writeInt(handle);
        Fields.writeString(out, reason);
    }

    static ClosedFrame read(ByteBuf in) {
        return new ClosedFrame(Fields.readU32(in), Fields.readString(in));
    }
}
