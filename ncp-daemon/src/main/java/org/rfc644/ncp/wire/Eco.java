package org.rfc644.ncp.wire;

import io.netty.buffer.ByteBuf;

/**
 * ECO (opcode 9): echo request, to test whether a host can carry on network conversations. The
 * receiver answers with an ERP carrying the same data.
 *
 * <p>Fields: opcode 8, data 8 bits; 2 octets.
 *
 * @param data any 8-bit value chosen by the sender
 */
public record Eco(int data) implements ControlCommand {

    public static final int OPCODE = 9;
    public static final int LENGTH = 2;

    public Eco {
        WireFields.checkUnsigned("data", data, 8);
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
        out.writeByte(data);
    }

    /** Reads the fields after the opcode. */
    static Eco read(ByteBuf in) {
        return new Eco(in.readUnsignedByte());
    }

    @Override
    public String toString() {
        return "ECO data=" + data;
    }
}
