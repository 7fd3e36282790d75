package org.rfc644.ncp.local;

import io.netty.buffer.ByteBuf;

/** DATA (0x83): data received on a receive connection, octets as in {@link SendFrame}. */
public record DataFrame(int handle, byte[] data) implements LocalApiFrame {

    /** Maximum data octets in one DATA: the frame limit less the type octet and the handle. */
    public static final int MAX_DATA = LocalApiFrame.MAX_LENGTH - 1 - 4;

    public DataFrame {
        if (data.length > MAX_DATA) {
            throw new IllegalArgumentException("DATA carries at most " + MAX_DATA + " octets: "
                    + data.length);
        }
    }

    @Override
    public FrameType type() {
        return FrameType.DATA;
    }

    @Override
    public void writeFields(ByteBuf out) {
        out.writeInt(handle);
        out.writeBytes(data);
    }

    static DataFrame read(ByteBuf in) {
        return new DataFrame(Fields.readU32(in), Fields.readRest(in));
    }
}
