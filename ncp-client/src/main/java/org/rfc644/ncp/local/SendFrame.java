package org.rfc644.ncp.local;

import io.netty.buffer.ByteBuf;

/**
 * SEND (0x0B): data for a send connection, with no request id and no reply. Each NCP byte of size
 * B is {@code ceil(B / 8)} octets, big-endian, right-justified; the daemon closes a session whose
 * SEND length is not a multiple of that.
 */
public record SendFrame(int handle, byte[] data) implements LocalApiFrame {

    /** Maximum data octets in one SEND: the frame limit less the type octet and the handle. */
    public static final int MAX_DATA = LocalApiFrame.MAX_LENGTH - 1 - 4;

    public SendFrame {
        if (data.length > MAX_DATA) {
            throw new IllegalArgumentException("SEND carries at most " + MAX_DATA + " octets: "
                    + data.length);
        }
    }

    @Override
    public FrameType type() {
        return FrameType.SEND;
    }

    @Override
    public void writeFields(ByteBuf out) {
        out.writeInt(handle);
        out.writeBytes(data);
    }

    static SendFrame read(ByteBuf in) {
        return new SendFrame(Fields.readU32(in), Fields.readRest(in));
    }
}
