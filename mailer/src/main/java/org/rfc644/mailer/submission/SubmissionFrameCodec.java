package org.rfc644.mailer.submission;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.codec.MessageToMessageCodec;
import java.util.List;

/**
 * Turns the octets of a whole frame (length field stripped) into a {@link SubmissionFrame} and
 * back. It sits behind {@link #newFrameDecoder()} and {@link #newLengthPrepender()} in a pipeline.
 */
final class SubmissionFrameCodec extends MessageToMessageCodec<ByteBuf, SubmissionFrame> {

    static LengthFieldBasedFrameDecoder newFrameDecoder() {
        return new LengthFieldBasedFrameDecoder(SubmissionCodec.MAX_FRAME_OCTETS, 0,
                SubmissionCodec.LENGTH_FIELD_OCTETS, 0, SubmissionCodec.LENGTH_FIELD_OCTETS);
    }

    static LengthFieldPrepender newLengthPrepender() {
        return new LengthFieldPrepender(SubmissionCodec.LENGTH_FIELD_OCTETS);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, SubmissionFrame frame, List<Object> out) {
        ByteBuf buffer = ctx.alloc().buffer();
        SubmissionCodec.encode(frame, buffer);
        out.add(buffer);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        out.add(SubmissionCodec.decode(in));
    }
}
