package org.rfc644.ncp.local;

import io.netty.buffer.ByteBuf;

/** The payload of OK for OPEN and ACCEPT: the new connection's handle and both ends. */
public record ConnectionDescription(int handle, int localSocket, int foreignHostNumber,
                                    String foreignHostName, int foreignSocket, int byteSize) {

    public ConnectionDescription {
        Fields.checkU8("foreign host number", foreignHostNumber);
        Fields.checkU8("byte size", byteSize);
    }

    void writeTo(ByteBuf out) {
        out.writeInt(handle);
        out.writeInt(localSocket);
        Fields.writeU8(out, foreignHostNumber);
        Fields.writeString(out, foreignHostName);
        out.writeInt(foreignSocket);
        Fields.writeU8(out, byteSize);
    }

    static ConnectionDescription read(ByteBuf in) {
        return new ConnectionDescription(Fields.readU32(in), Fields.readU32(in), Fields.readU8(in),
                Fields.readString(in), Fields.readU32(in), Fields.readU8(in));
    }
}
