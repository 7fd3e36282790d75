package org.rfc644.ncp.local;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** Writes {@link LocalApiFrame}s to the socket; stateless, so one instance may serve every channel. */
@ChannelHandler.Sharable
public final class LocalApiFrameEncoder extends MessageToByteEncoder<LocalApiFrame> {

    @Override
    protected void encode(ChannelHandlerContext ctx, LocalApiFrame frame, ByteBuf out) {
        LocalApiFrames.encode(frame, out);
    }
}
