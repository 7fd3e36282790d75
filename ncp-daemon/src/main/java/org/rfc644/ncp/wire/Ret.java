package org.rfc644.ncp.wire;

import io.netty.buffer.ByteBuf;

/**
 * RET (opcode 6): return, sent by the sending host in answer to a GVB, giving back part or all of
 * its message and bit space for the connection on {@code link}.
 *
 * <p>Fields: opcode 8, link 8, msg space 16, bit space 32 bits; 8 octets.
 *
 * @param link the link of the connection, 2 to 71
 * @param messageSpace messages taken off the sender's message counter, 0 to 65535
 * @param bitSpace bits taken off the sender's bit counter, 0 to 2^32 - 1
 */
public record Ret(int link, int messageSpace, long bitSpace) implements ControlCommand {

    public static final int OPCODE = 6;
    public static final int LENGTH = 8;

    public Ret {
        WireFields.checkConnectionLink(link);
        WireFields.checkUnsigned("msg space", messageSpace, 16);
        WireFields.checkUnsigned("bit space", bitSpace, 32);
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
        out.writeShort(messageSpace);
        out.writeInt((int) bitSpace);
    }

    /** Reads the fields after the opcode. */
    static Ret read(ByteBuf in) {
        return new Ret(in.readUnsignedByte(), in.readUnsignedShort(), in.readUnsignedInt());
    }

    @Override
    public String toString() {
        return "RET link=" + link + " messages=" + messageSpace + " bits=" + bitSpace;
    }
}
