package org.rfc644.ncp.wire;

import io.netty.buffer.ByteBuf;

/**
 * One control command of the Host/Host protocol (NIC 8246), carried in the text of a control
 * message on link 0. Each command starts with its 8-bit opcode and has a fixed length.
 *
 * <p>The records check their fields on construction: every field fits its width, and the rules
 * that NIC 8246 lists as bad parameters (ERR code 3) hold, so a command that exists can be sent.
 * {@code toString()} returns a line for trace logs, such as {@code RTS receive=232 send=3 link=5}.
 */
public sealed interface ControlCommand
        permits Nop, Rts, Str, Cls, All, Gvb, Ret, Inr, Ins, Eco, Erp, Err, Rst, Rrp {

    /** Returns the 8-bit opcode, from NOP = 0 to RRP = 13. */
    int opcode();

    /** Returns the length of the encoded command in octets, opcode included. */
    int length();

    /** Writes the opcode and the fields, {@link #length()} octets in all. */
    void writeTo(ByteBuf out);
}
