package org.rfc644.ncp.local;

import io.netty.buffer.ByteBuf;

/**
 * CLOSE (0x09): close a connection or listener of this session; the empty OK comes once the close
 * is complete (foreign CLS received or timed out).
 */
public record CloseRequest(int requestId, int handle) implements LocalApiRequest {

    @Override
    public FrameType type() {
        return FrameType.CLOSE;
    }

    @Override
    public void writeFields(ByteBuf out) {
        out.writeInt(requestId);
        out.writeInt(handle);
    }

    static CloseRequest read(ByteBuf in) {
        return new CloseRequest(Fields.readU32(in), Fields.readU32(in));
    }
}
