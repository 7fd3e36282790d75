package org.rfc644.ncp.local;

import io.netty.buffer.ByteBuf;

/** ACCEPT (0x04): take the oldest request queued on a listener; replies a connection description. */
public record AcceptRequest(int requestId, int listenerHandle, long timeoutMillis)
        implements LocalApiRequest {

    public AcceptRequest {
        Fields.checkU32("timeout", timeoutMillis);
    }

    @Override
    public FrameType type() {
        return FrameType.ACCEPT;
    }

    @Override
    public void writeFields(ByteBuf out) {
        out.writeInt(requestId);
        out.writeInt(listenerHandle);
        out.writeInt((int) timeoutMillis);
    }

    static AcceptRequest read(ByteBuf in) {
        return new AcceptRequest(Fields.readU32(in), Fields.readU32(in), Fields.readU32AsLong(in));
    }
}
