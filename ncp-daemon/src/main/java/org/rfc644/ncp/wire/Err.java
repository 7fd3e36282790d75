package org.rfc644.ncp.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.Arrays;
import java.util.Objects;

/**
 * ERR (opcode 11): a Host/Host protocol error detected in the input from another host.
 *
 * <p>Fields: opcode 8, code 8, data 80 bits; 12 octets. NIC 8246 urges receivers to record every
 * ERR they get.
 *
 * @param code the error
 * @param data the ten octets of the data field; for codes 1 to 5 the offending command or message
 *     header, zero-filled
 */
public record Err(ErrorCode code, byte[] data) implements ControlCommand {

    public static final int OPCODE = 11;
    public static final int LENGTH = 12;

    /** Length of the data field in octets (80 bits). */
    public static final int DATA_OCTETS = 10;

    public Err {
        Objects.requireNonNull(code, "code");
        if (data.length != DATA_OCTETS) {
            throw new IllegalArgumentException("ERR data must be " + DATA_OCTETS + " octets: "
                    + data.length);
        }
        data = data.clone();
    }

    /**
     * Builds an ERR whose data field is the ten octets of {@code source} from {@code offset}, with
     * zero fill where {@code source} ends sooner, as codes 1 to 5 require.
     */
    public static Err quoting(ErrorCode code, byte[] source, int offset) {
        byte[] data = new byte[DATA_OCTETS];
        int available = Math.max(0, Math.min(DATA_OCTETS, source.length - offset));
        System.arraycopy(source, offset, data, 0, available);
        return new Err(code, data);
    }

    /** Builds an ERR whose data field is {@code command} as encoded, zero-filled to ten octets. */
    public static Err quoting(ErrorCode code, ControlCommand command) {
        return quoting(code, ControlCommandEncoder.encode(command), 0);
    }

    /** Returns a copy of the data field. */
    @Override
    public byte[] data() {
        return data.clone();
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
        out.writeByte(code.code());
        out.writeBytes(data);
    }

    /**
     * Reads the fields after the opcode.
     *
     * <p>NOTE: a code that NIC 8246 does not define (6 to 255, which it reserves for later) is read
     * as {@link ErrorCode#UNDEFINED}, so the received value is not kept.
     */
    static Err read(ByteBuf in) {
        ErrorCode code = ErrorCode.of(in.readUnsignedByte()).orElse(ErrorCode.UNDEFINED);
        byte[] data = new byte[DATA_OCTETS];
        in.readBytes(data);
        return new Err(code, data);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Err err && code == err.code && Arrays.equals(data, err.data);
    }

    @Override
    public int hashCode() {
        return 31 * code.hashCode() + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "ERR code=" + code.code() + " " + code + " data="
                + ByteBufUtil.hexDump(data);
    }
}
