package org.rfc644.ncp.wire;

import io.netty.buffer.ByteBuf;

/**
 * GVB (opcode 5): give back, sent by the receiving host to ask the sending host to return a
 * fraction, in 128ths, of its message and bit space for the connection on {@code link}.
 *
 * <p>Fields: opcode 8, link 8, fm 8, fb 8 bits; 4 octets. NIC 8246 defines a fraction of 128 or
 * more as "return all of it", so every 8-bit value is a valid fraction.
 *
 * @param link the link of the connection, 2 to 71
 * @param messageFraction fm, the part of the message space to return, in 128ths
 * @param bitFraction fb, the part of the bit space to return, in 128ths
 */
public record Gvb(int link, int messageFraction, int bitFraction) implements ControlCommand {

    public static final int OPCODE = 5;
    public static final int LENGTH = 4;

    /** The fraction that asks for the whole allocation; larger values ask for the same. */
    public static final int WHOLE_ALLOCATION = 128;

    public Gvb {
        WireFields.checkConnectionLink(link);
        WireFields.checkUnsigned("fm", messageFraction, 8);
        WireFields.checkUnsigned("fb", bitFraction, 8);
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
        out.writeByte(messageFraction);
        out.writeByte(bitFraction);
    }

    /** Reads the fields after the opcode. */
    static Gvb read(ByteBuf in) {
        return new Gvb(in.readUnsignedByte(), in.readUnsignedByte(), in.readUnsignedByte());
    }

    @Override
    public String toString() {
        return "GVB link=" + link + " fm=" + messageFraction + " fb=" + bitFraction;
    }
}
