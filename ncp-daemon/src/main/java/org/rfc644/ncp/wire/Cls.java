package org.rfc644.ncp.wire;

import io.netty.buffer.ByteBuf;

/**
 * CLS (opcode 3): close a connection, or refuse or abort a request for one.
 *
 * <p>Fields: opcode 8, my socket 32, your socket 32 bits; 9 octets. The two sockets are the ends
 * of one connection, so they must be of opposite gender.
 *
 * @param mySocket the socket local to the sender of the CLS
 * @param yourSocket the socket local to the receiver of the CLS
 */
public record Cls(long mySocket, long yourSocket) implements ControlCommand {

    public static final int OPCODE = 3;
    public static final int LENGTH = 9;

    public Cls {
        WireFields.checkUnsigned("my socket", mySocket, 32);
        WireFields.checkUnsigned("your socket", yourSocket, 32);
        if (WireFields.isReceiveSocket(mySocket) == WireFields.isReceiveSocket(yourSocket)) {
            throw new IllegalArgumentException("my socket " + mySocket + " and your socket "
                    + yourSocket + " must be of opposite gender");
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
        out.writeInt((int) mySocket);
        out.writeInt((int) yourSocket);
    }

    /** Reads the fields after the opcode. */
    static Cls read(ByteBuf in) {
        return new Cls(in.readUnsignedInt(), in.readUnsignedInt());
    }

    @Override
    public String toString() {
        return "CLS my=" + mySocket + " your=" + yourSocket;
    }
}
