package org.rfc644.ncp.local;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

/**
 * Reads {@link LocalApiFrame}s from the socket. A frame whose length exceeds
 * {@link LocalApiFrame#MAX_LENGTH} raises {@code TooLongFrameException} as soon as its length field
 * arrives; an unknown type, a type of the wrong sender or fields that do not fit raise
 * {@code CorruptedFrameException}. The local API ends the session on either.
 */
public final class LocalApiFrameDecoder extends LengthFieldBasedFrameDecoder {

    private final FrameType.Sender expectedSender;

    /**
     * @param expectedSender the peer's side: {@code CLIENT} in the daemon, {@code DAEMON} in a
     *     client
     */
    public LocalApiFrameDecoder(FrameType.Sender expectedSender) {
        super(LocalApiFrames.LENGTH_FIELD_OCTETS + LocalApiFrame.MAX_LENGTH, 0,
                LocalApiFrames.LENGTH_FIELD_OCTETS, 0, LocalApiFrames.LENGTH_FIELD_OCTETS, true);
        this.expectedSender = expectedSender;
    }

    @Override
    protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
        ByteBuf body = (ByteBuf) super.decode(ctx, in);
        if (body == null) {
            return null;
        }
        try {
            return LocalApiFrames.decode(body, expectedSender);
        } finally {
            body.release();
        }
    }
}
