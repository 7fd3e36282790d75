package org.rfc644.ncp.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;

/** Encodes control commands into the texts of control messages (link 0). */
public final class ControlCommandEncoder {

    private ControlCommandEncoder() {
    }

    /** Returns the octets of one command. */
    public static byte[] encode(ControlCommand command) {
        ByteBuf out = Unpooled.buffer(command.length());
        command.writeTo(out);
        return ByteBufUtil.getBytes(out);
    }

    /**
     * Packs {@code commands}, in order, into as few control message texts as possible.
     *
     * <p>Rules of NIC 8246 applied here: a control message carries at most 120 octets of text and
     * an integral number of commands, so no command is split; a control message carries at most
     * one RST, so a second RST starts a new text. Filling each text before starting the next is
     * optimal because the order of the commands is kept.
     */
    public static List<byte[]> encodeTexts(List<? extends ControlCommand> commands) {
        List<byte[]> texts = new ArrayList<>();
        ByteBuf current = Unpooled.buffer(HostMessage.MAX_CONTROL_BYTES);
        boolean currentHasRst = false;

        for (ControlCommand command : commands) {
            boolean isRst = command instanceof Rst;
            int lengthWithCommand = current.readableBytes() + command.length();
            boolean fits = lengthWithCommand <= HostMessage.MAX_CONTROL_BYTES;
            if (!fits || (isRst && currentHasRst)) {
                texts.add(ByteBufUtil.getBytes(current));
                current.clear();
                currentHasRst = false;
            }
            command.writeTo(current);
            currentHasRst |= isRst;
        }

        if (current.isReadable()) {
            texts.add(ByteBufUtil.getBytes(current));
        }
        return texts;
    }

    /** Packs {@code commands} as {@link #encodeTexts} does, into control messages to {@code host}. */
    public static List<HostMessage> encodeMessages(int host,
                                                   List<? extends ControlCommand> commands) {
        List<HostMessage> messages = new ArrayList<>();
        for (byte[] text : encodeTexts(commands)) {
            messages.add(HostMessage.control(host, text));
        }
        return messages;
    }
}
