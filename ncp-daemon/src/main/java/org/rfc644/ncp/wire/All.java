package org.rfc644.ncp.wire;

import io.netty.buffer.ByteBuf;

/**
 * ALL (opcode 4): allocate, sent by the receiving host to raise the sending host's message and bit
 * counters for the connection on {@code link}.
 *
 * <p>Fields: opcode 8, link 8, msg space 16, bit space 32 bits; 8 octets. The Control Command
 * Summary of NIC 8246 draws ALL with widths 8, 32, 32, 8, but its sections III and IV give
 * 8, 8, 16, 32, the same layout as RET, and this record uses those.
 *
 * <p>Whether an allocation would raise a counter above its maximum depends on the connection, so
 * the protocol engine checks that, not this record.
 *
 * @param link the link of the connection, 2 to 71
 * @param messageSpace messages to add to the sender's message counter, 0 to 65535
 * @param bitSpace bits to add to the sender's bit counter, 0 to 2^32 - 1
 */
public record All(int link, int messageSpace, long bitSpace) implements ControlCommand {

    public static final int OPCODE = 4;
    public static final int LENGTH = 8;

    public All {
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
    static All read(ByteBuf in) {
        return new All(in.readUnsignedByte(), in.readUnsignedShort(), in.readUnsignedInt());
    }

    @Override
    public String toString() {
        return "ALL link=" + link + " messages=" + messageSpace + " bits=" + bitSpace;
    }
}
