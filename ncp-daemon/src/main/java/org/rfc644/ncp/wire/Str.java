package org.rfc644.ncp.wire;

import io.netty.buffer.ByteBuf;

/**
 * STR (opcode 2): request for connection, sent from the host of the send socket to the host of the
 * receive socket, assigning the connection byte size.
 *
 * <p>Fields: opcode 8, send socket 32, receive socket 32, size 8 bits; 10 octets.
 *
 * @param sendSocket the send socket (odd), local to the sender of the STR
 * @param receiveSocket the receive socket (even), local to the receiver of the STR
 * @param byteSize the connection byte size, 1 to 255 (zero is prohibited)
 */
public record Str(long sendSocket, long receiveSocket, int byteSize) implements ControlCommand {

    public static final int OPCODE = 2;
    public static final int LENGTH = 10;

    public Str {
        WireFields.checkSendSocket("send socket", sendSocket);
        WireFields.checkReceiveSocket("receive socket", receiveSocket);
        if (byteSize < 1 || byteSize > 255) {
            throw new IllegalArgumentException("byte size must be 1 to 255: " + byteSize);
        }
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
        out.writeInt((int) sendSocket);
        out.writeInt((int) receiveSocket);
        out.writeByte(byteSize);
    }

    /** Reads the fields after the opcode. */
    static Str read(ByteBuf in) {
        return new Str(in.readUnsignedInt(), in.readUnsignedInt(), in.readUnsignedByte());
    }

    @Override
    public String toString() {
        return "STR send=" + sendSocket + " receive=" + receiveSocket + " size=" + byteSize;
    }
}
