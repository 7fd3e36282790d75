package org.rfc644.ncp.local;

import io.netty.buffer.ByteBuf;

/** PING (0x01): send ECO to a host and reply with the round trip once the ERP comes back. */
public record PingRequest(int requestId, String host, long timeoutMillis) implements LocalApiRequest {

    public PingRequest {
        Fields.checkU32("timeout", timeoutMillis);
    }

    @Override
    public FrameType type() {
        return FrameType.PING;
    }

    @Override
    public void writeFields(ByteBuf out) {
        out.writeInt(requestId);
        Fields.writeString(out, host);
        out.writeInt((int) timeoutMillis);
    }

    static PingRequest read(ByteBuf in) {
        return new PingRequest(Fields.readU32(in), Fields.readString(in), Fields.readU32AsLong(in));
    }
}
