package org.rfc644.ncp.wire;

import io.netty.buffer.ByteBuf;

/**
 * RTS (opcode 1): request for connection, sent from the host of the receive socket to the host of
 * the send socket, assigning the link that the connection's messages use.
 *
 * <p>Fields: opcode 8, receive socket 32, send socket 32, link 8 bits; 10 octets.
 *
 * @param receiveSocket the receive socket (even), local to the sender of the RTS
 * @param sendSocket the send socket (odd), local to the receiver of the RTS
 * @param link the link for the connection, 2 to 71
 */
public record Rts(long receiveSocket, long sendSocket, int link) implements ControlCommand {

    public static final int OPCODE = 1;
    public static final int LENGTH = 10;

    public Rts {
        WireFields.checkReceiveSocket("receive socket", receiveSocket);
        WireFields.checkSendSocket("send socket", sendSocket);
        WireFields.checkConnectionLink(link);
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
        out.writeInt((int) receiveSocket);
        out.writeInt((int) sendSocket);
        out.writeByte(link);
    }

    /** Reads the fields after the opcode. */
    static Rts read(ByteBuf in) {
        return new Rts(in.readUnsignedInt(), in.readUnsignedInt(), in.readUnsignedByte());
    }

    @Override
    public String toString() {
        return "RTS receive=" + receiveSocket + " send=" + sendSocket + " link=" + link;
    }
}
