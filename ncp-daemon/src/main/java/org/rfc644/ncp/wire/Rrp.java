package org.rfc644.ncp.wire;

import io.netty.buffer.ByteBuf;

/** RRP (opcode 13): reset reply, the answer to an RST. One octet. */
public record Rrp() implements ControlCommand {

    public static final int OPCODE = 13;
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
        return "RRP";
    }
}
