package org.rfc644.ncp.wire;

import io.netty.buffer.ByteBuf;

/**
 * ERP (opcode 10): echo reply, the answer to an ECO.
 *
 * <p>Fields: opcode 8, data 8 bits; 2 octets.
 *
 * @param data the data of the ECO being answered
 */
public record Erp(int data) implements ControlCommand {

    public static final int OPCODE = 10;
    public static final int LENGTH = 2;

    public Erp {
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
    static Erp read(ByteBuf in) {
        return new Erp(in.readUnsignedByte());
    }

    @Override
    public String toString() {
        return "ERP data=" + data;
    }
}
