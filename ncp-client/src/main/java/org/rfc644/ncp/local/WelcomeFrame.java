package org.rfc644.ncp.local;

import io.netty.buffer.ByteBuf;

/**
 * WELCOME (0x80), the first frame of every session: the daemon's host and the caller's uid as the
 * kernel reported it for the socket peer.
 */
public record WelcomeFrame(int hostNumber, String hostName, int uid) implements LocalApiFrame {

    public WelcomeFrame {
        Fields.checkU8("host number", hostNumber);
    }

    @Override
    public FrameType type() {
        return FrameType.WELCOME;
    }

    @Override
    public void writeFields(ByteBuf out) {
        Fields.writeU8(out, hostNumber);
        Fields.writeString(out, hostName);
        out.writeInt(uid);
    }

    static WelcomeFrame read(ByteBuf in) {
        return new WelcomeFrame(Fields.readU8(in), Fields.readString(in), Fields.readU32(in));
    }
}
