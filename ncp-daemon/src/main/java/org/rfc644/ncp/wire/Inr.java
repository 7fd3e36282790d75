package org.rfc644.ncp.wire;

import io.netty.buffer.ByteBuf;

/**
 * INR (opcode 7): interrupt by receiver, sent by the receiving host on behalf of its process.
 *
 * <p>Fields: opcode 8, link 8 bits; 2 octets.
 *
 * @param link the link of the connection, 2 to 71
 */
public record Inr(int link) implements ControlCommand {

    public static final int OPCODE = 7;
    public static final int LENGTH = 2;

    public Inr {
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
    static Inr read(ByteBuf in) {
        return new Inr(in.readUnsignedByte());
    }

    @Override
    public String toString() {
        return "INR link=" + link;
    }
}
