package org.rfc644.ncp.local;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.EncoderException;

/** Encoding and decoding of whole local API frames, shared by the Netty encoder and decoder. */
public final class LocalApiFrames {

    /** Octets of the length field that starts every frame. */
    public static final int LENGTH_FIELD_OCTETS = 4;

    private LocalApiFrames() {
    }

    /**
     * Writes {@code frame} to {@code out}: length, type octet, fields.
     *
     * @throws EncoderException when the frame is longer than {@link LocalApiFrame#MAX_LENGTH}
     */
    public static void encode(LocalApiFrame frame, ByteBuf out) {
        int start = out.writerIndex();
        out.writeInt(0);
        out.writeByte(frame.type().code());
        frame.writeFields(out);

        int length = out.writerIndex() - start - LENGTH_FIELD_OCTETS;
        if (length > LocalApiFrame.MAX_LENGTH) {
            out.writerIndex(start);
            throw new EncoderException(frame.type() + " frame of " + length
                    + " octets is longer than " + LocalApiFrame.MAX_LENGTH);
        }
        out.setInt(start, length);
    }

    /**
     * Decodes one frame from {@code body}, which contains what follows the length field: the type
     * octet and the fields, nothing more.
     *
     * @param expectedSender the side that may send this frame; a frame type of the other side is
     *     rejected like an unknown one
     * @throws CorruptedFrameException when the type is unknown or the fields do not fit the body
     */
    public static LocalApiFrame decode(ByteBuf body, FrameType.Sender expectedSender) {
        if (!body.isReadable()) {
            throw new CorruptedFrameException("empty frame: no frame type");
        }
        int code = body.readUnsignedByte();
        FrameType type = FrameType.ofCode(code);
        if (type == null || type.sender() != expectedSender) {
            throw new CorruptedFrameException(String.format(
                    "unknown frame type 0x%02X from the %s", code, expectedSender.name().toLowerCase()));
        }

        LocalApiFrame frame = readFields(type, body);
        if (body.isReadable()) {
            throw new CorruptedFrameException(type + " frame has " + body.readableBytes()
                    + " octets left over after its fields");
        }
        return frame;
    }

    private static LocalApiFrame readFields(FrameType type, ByteBuf in) {
        switch (type) {
            case PING: return PingRequest.read(in);
            case OPEN: return OpenRequest.read(in);
            case LISTEN: return ListenRequest.read(in);
            case ACCEPT: return AcceptRequest.read(in);
            case ALLOCATE: return AllocateRequest.read(in);
            case RELEASE: return ReleaseRequest.read(in);
            case STATUS: return StatusRequest.read(in);
            case HOSTS: return HostsRequest.read(in);
            case CLOSE: return CloseRequest.read(in);
            case INTERRUPT: return InterruptRequest.read(in);
            case SEND: return SendFrame.read(in);
            case WELCOME: return WelcomeFrame.read(in);
            case OK: return OkFrame.read(in);
            case ERROR: return ErrorFrame.read(in);
            case DATA: return DataFrame.read(in);
            case INTERRUPTED: return InterruptedFrame.read(in);
            case CLOSED: return ClosedFrame.read(in);
            default: throw new IllegalStateException("no reader for frame type " + type);
        }
    }
}
