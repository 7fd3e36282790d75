package org.rfc644.ncp.wire;

import io.netty.buffer.ByteBuf;

/** NOP (opcode 0): no operation; the receiver discards it. One octet. */
public record Nop() implements ControlCommand {

    public static final int OPCODE = 0;
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
        return "NOP";
    }
}
