package org.rfc644.ncp.wire;

import io.netty.buffer.ByteBuf;

/**
 * RST (opcode 12): reset. The receiver purges every table entry about the sender and answers
 * with RRP. One octet.
 */
public record Rst() implements ControlCommand {

    public static final int OPCODE = 12;
    public static final int LENGTH = 1;

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
    }

    @Override
    public String toString() {
        return "RST";
    }
}
