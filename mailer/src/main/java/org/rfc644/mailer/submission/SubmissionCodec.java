package org.rfc644.mailer.submission;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.CorruptedFrameException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The octets of a submission frame after its u32 length: a u8 type, then the fields. Integers
 * are big-endian and unsigned; a string is a u16 length and that many octets of UTF-8.
 */
public final class SubmissionCodec {

    /** Maximum frame size, length field excluded: 16 MiB, which bounds a message's size. */
    public static final int MAX_FRAME_OCTETS = 16 * 1024 * 1024;

    /** The octets of the length field in front of every frame. */
    public static final int LENGTH_FIELD_OCTETS = 4;

    private SubmissionCodec() {
    }

    /** Writes the type and fields of {@code frame}, without the length field. */
    public static void encode(SubmissionFrame frame, ByteBuf out) {
        if (frame instanceof SubmitRequest submit) {
            out.writeByte(SubmitRequest.TYPE);
            out.writeShort(checkCount(submit.recipients().size()));
            for (String recipient : submit.recipients()) {
                writeString(out, recipient);
            }
            out.writeBytes(submit.message());
        } else if (frame instanceof AcceptedReply accepted) {
            out.writeByte(AcceptedReply.TYPE);
            writeString(out, accepted.queueId());
            writeString(out, accepted.messageId());
        } else if (frame instanceof RejectedReply rejected) {
            out.writeByte(RejectedReply.TYPE);
            out.writeByte(rejected.reason().code());
            writeString(out, rejected.message());
        }
    }

    /**
     * Reads one frame from {@code in}, which contains exactly the frame without its length field.
     *
     * @throws CorruptedFrameException when the type is unknown or a field is cut short
     */
    public static SubmissionFrame decode(ByteBuf in) {
        int type = readU8(in, "type");
        SubmissionFrame frame = switch (type) {
            case SubmitRequest.TYPE -> decodeSubmit(in);
            case AcceptedReply.TYPE -> new AcceptedReply(readString(in), readString(in));
            case RejectedReply.TYPE -> new RejectedReply(
                    RejectReason.ofCode(readU8(in, "reason")), readString(in));
            default -> throw new CorruptedFrameException("unknown submission frame type 0x"
                    + Integer.toHexString(type));
        };
        if (in.isReadable()) {
            throw new CorruptedFrameException(in.readableBytes()
                    + " octets follow the last field of the frame");
        }
        return frame;
    }

    private static SubmitRequest decodeSubmit(ByteBuf in) {
        require(in, 2, "recipient count");
        int count = in.readUnsignedShort();
        List<String> recipients = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            recipients.add(readString(in));
        }
        byte[] message = ByteBufUtil.getBytes(in.readSlice(in.readableBytes()));
        return new SubmitRequest(recipients, message);
    }

    private static int readU8(ByteBuf in, String field) {
        require(in, 1, field);
        return in.readUnsignedByte();
    }

    private static String readString(ByteBuf in) {
        require(in, 2, "string length");
        int length = in.readUnsignedShort();
        require(in, length, "string of " + length + " octets");
        String value = in.toString(in.readerIndex(), length, StandardCharsets.UTF_8);
        in.skipBytes(length);
        return value;
    }

    private static void writeString(ByteBuf out, String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > 0xFFFF) {
            throw new IllegalArgumentException("string of " + utf8.length
                    + " octets is longer than the 65,535 that its u16 length carries");
        }
        out.writeShort(utf8.length);
        out.writeBytes(utf8);
    }

    private static int checkCount(int count) {
        if (count > 0xFFFF) {
            throw new IllegalArgumentException(count + " recipients are more than the 65,535"
                    + " that a SUBMIT frame carries");
        }
        return count;
    }

    private static void require(ByteBuf in, int octets, String field) {
        if (in.readableBytes() < octets) {
            throw new CorruptedFrameException("frame ends before its " + field + ": "
                    + in.readableBytes() + " octets left, " + octets + " needed");
        }
    }
}
