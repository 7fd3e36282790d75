package org.rfc644.ncp.local;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.CorruptedFrameException;
import org.rfc644.ncp.client.NcpException;

/**
 * ERROR (0x82): the failure of the request with this id, or, with id 0, the reason the daemon
 * ends the session. The u8 code is the ordinal of {@link NcpException.Code}.
 */
public record ErrorFrame(int requestId, NcpException.Code code, String message)
        implements LocalApiFrame {

    @Override
    public FrameType type() {
        return FrameType.ERROR;
    }

    @Override
    public void writeFields(ByteBuf out) {
        out.writeInt(requestId);
        Fields.writeU8(out, code.ordinal());
        Fields.writeString(out, message);
    }

    /** Returns the exception that a client raises for this error. */
    public NcpException toException() {
        return new NcpException(code, message);
    }

    static ErrorFrame read(ByteBuf in) {
        int requestId = Fields.readU32(in);
        int codeNumber = Fields.readU8(in);
        NcpException.Code[] codes = NcpException.Code.values();
        if (codeNumber >= codes.length) {
            throw new CorruptedFrameException("unknown error code " + codeNumber + " in ERROR");
        }
        return new ErrorFrame(requestId, codes[codeNumber], Fields.readString(in));
    }
}
