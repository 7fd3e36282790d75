package org.rfc644.ncp.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Decodes the text of a control message (link 0) into its control commands. */
public final class ControlCommandDecoder {

    /** Encoded length of each command, indexed by opcode (NOP = 0 to RRP = 13). */
    private static final int[] LENGTHS = {
        Nop.LENGTH, Rts.LENGTH, Str.LENGTH, Cls.LENGTH, All.LENGTH, Gvb.LENGTH, Ret.LENGTH,
        Inr.LENGTH, Ins.LENGTH, Eco.LENGTH, Erp.LENGTH, Err.LENGTH, Rst.LENGTH, Rrp.LENGTH,
    };

    private ControlCommandDecoder() {
    }

    /**
     * Decodes {@code text} up to its end or its first error.
     *
     * <p>On an error the result contains the commands before it and a ready ERR, whose data field
     * NIC 8246 defines per code: for an illegal opcode (code 1) the ten octets of the text from
     * that opcode; for short parameter space (code 2) and bad parameters (code 3) the command in
     * error. Both are zero-filled to ten octets. Decoding stops at the first error because after
     * an illegal opcode the next command cannot be found.
     */
    public static DecodedControlMessage decode(byte[] text) {
        ByteBuf in = Unpooled.wrappedBuffer(text);
        List<ControlCommand> commands = new ArrayList<>();

        while (in.isReadable()) {
            int start = in.readerIndex();
            int opcode = in.getUnsignedByte(start);

            if (opcode >= LENGTHS.length) {
                return failed(commands, Err.quoting(ErrorCode.ILLEGAL_OPCODE, text, start),
                        "illegal opcode " + opcode + " at octet " + start);
            }

            int length = LENGTHS[opcode];
            if (in.readableBytes() < length) {
                return failed(commands, Err.quoting(ErrorCode.SHORT_PARAMETER_SPACE, text, start),
                        "control message ends after " + in.readableBytes() + " of the " + length
                                + " octets of opcode " + opcode + " at octet " + start);
            }

            in.skipBytes(1);
            try {
                commands.add(read(opcode, in));
            } catch (IllegalArgumentException badParameter) {
                byte[] command = new byte[length];
                in.getBytes(start, command);
                return failed(commands, Err.quoting(ErrorCode.BAD_PARAMETERS, command, 0),
                        "bad parameters in opcode " + opcode + " at octet " + start + ": "
                                + badParameter.getMessage());
            }
        }

        return new DecodedControlMessage(commands, Optional.empty());
    }

    /** Reads the fields after {@code opcode}; the records throw on a bad parameter. */
    private static ControlCommand read(int opcode, ByteBuf in) {
        return switch (opcode) {
            case Nop.OPCODE -> new Nop();
            case Rts.OPCODE -> Rts.read(in);
            case Str.OPCODE -> Str.read(in);
            case Cls.OPCODE -> Cls.read(in);
            case All.OPCODE -> All.read(in);
            case Gvb.OPCODE -> Gvb.read(in);
            case Ret.OPCODE -> Ret.read(in);
            case Inr.OPCODE -> Inr.read(in);
            case Ins.OPCODE -> Ins.read(in);
            case Eco.OPCODE -> Eco.read(in);
            case Erp.OPCODE -> Erp.read(in);
            case Err.OPCODE -> Err.read(in);
            case Rst.OPCODE -> new Rst();
            case Rrp.OPCODE -> new Rrp();
            default -> throw new IllegalStateException(
                    "opcode " + opcode + " has a length but no reader");
        };
    }

    private static DecodedControlMessage failed(List<ControlCommand> commands, Err err,
                                                String detail) {
        return new DecodedControlMessage(commands, Optional.of(new ControlError(err, detail)));
    }
}
