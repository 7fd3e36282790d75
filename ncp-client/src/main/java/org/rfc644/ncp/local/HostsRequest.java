package org.rfc644.ncp.local;

import io.netty.buffer.ByteBuf;

/** HOSTS (0x08): list the daemon's host table; see {@link OkFrame#readHosts()}. */
public record HostsRequest(int requestId) implements LocalApiRequest {

    @Override
    public FrameType type() {
        return FrameType.HOSTS;
    }

    @Override
    public void writeFields(ByteBuf out) {
        out.writeInt(requestId);
    }

    static HostsRequest read(ByteBuf in) {
        return new HostsRequest(Fields.readU32(in));
    }
}
