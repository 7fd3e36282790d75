package org.rfc644.ncp.local;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.CorruptedFrameException;
import java.nio.charset.StandardCharsets;

/** Reading and writing of the local API's field types: u8, u16, u32, u64 and string. */
final class Fields {

    static final long U32_MAX = 0xFFFF_FFFFL;

    private Fields() {
    }

    static int readU8(ByteBuf in) {
        require(in, 1, "u8");
        return in.readUnsignedByte();
    }

    static int readU16(ByteBuf in) {
        require(in, 2, "u16");
        return in.readUnsignedShort();
    }

    static int readU32(ByteBuf in) {
        require(in, 4, "u32");
        return in.readInt();
    }

    static long readU32AsLong(ByteBuf in) {
        require(in, 4, "u32");
        return in.readUnsignedInt();
    }

    static long readU64(ByteBuf in) {
        require(in, 8, "u64");
        return in.readLong();
    }

    /** Reads a string: a u16 length, then that many octets of UTF-8. */
    static String readString(ByteBuf in) {
        int length = readU16(in);
        require(in, length, "string of " + length + " octets");
        String value = in.toString(in.readerIndex(), length, StandardCharsets.UTF_8);
        in.skipBytes(length);
        return value;
    }

    /** Reads the rest of the frame as octets. */
    static byte[] readRest(ByteBuf in) {
        return ByteBufUtil.getBytes(in.readSlice(in.readableBytes()));
    }

    static void writeU8(ByteBuf out, int value) {
        out.writeByte(value);
    }

    static void writeString(ByteBuf out, String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > 0xFFFF) {
            throw new IllegalArgumentException("string of " + utf8.length
                    + " octets is longer than the 65,535 that its u16 length can carry");
        }
        out.writeShort(utf8.length);
        out.writeBytes(utf8);
    }

    /** Throws unless {@code value} fits the u8 field {@code name}. */
    static int checkU8(String name, int value) {
        if (value < 0 || value > 255) {
            throw new IllegalArgumentException(name + " must be 0 to 255: " + value);
        }
        return value;
    }

    /** Throws unless {@code value} fits the u32 field {@code name}. */
    static long checkU32(String name, long value) {
        if (value < 0 || value > U32_MAX) {
            throw new IllegalArgumentException(name + " must be 0 to " + U32_MAX + ": " + value);
        }
        return value;
    }

    private static void require(ByteBuf in, int octets, String what) {
        if (in.readableBytes() < octets) {
            throw new CorruptedFrameException("frame ends before its " + what + " field: "
                    + in.readableBytes() + " octets left, " + octets + " needed");
        }
    }
}
