package org.rfc644.ncp.wire;

import io.netty.buffer.ByteBuf;

/**
 * INS (opcode 8): interrupt by sender, sent by the sending host on behalf of its process.
 *
 * <p>Fields: opcode 8, link 8 bits; 2 octets.
 *
 * @param link the link of the connection, 2 to 71
 */
public record Ins(int link) implements ControlCommand {

    public static final int OPCODE = 8;
    public static final int LENGTH = 2;

    public Ins {
        WireFields.checkConnectionLink(link);
    }

    @Override
    public int opcode() {
        return OPCODE;
    }

    @Override
    public int length() {
        return LENGTH;
    }

    @Override
    public void writeTo(ByteBuf out) {
        out.writeByte(OPCODE);
        out.writeByte(link);
    }

    /** Reads the fields after the opcode. */
    static Ins read(ByteBuf in) {
        return new Ins(in.readUnsignedByte());
    }

    @Override
    public String toString() {
        return "INS link=" + link;
    }
}
