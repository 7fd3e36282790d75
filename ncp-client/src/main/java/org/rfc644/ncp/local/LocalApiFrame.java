package org.rfc644.ncp.local;

import io.netty.buffer.ByteBuf;

/**
 * One frame of the local API between a program and its NCP daemon.
 *
 * <p>On the socket a frame is a 32-bit big-endian length of what follows (at most
 * {@link #MAX_LENGTH} octets), the 8-bit {@link FrameType} and the fields. Fields that the protocol
 * defines as {@code u32} (socket numbers, handles, request ids) are held in Java {@code int}s as
 * their 32-bit patterns.
 */
public sealed interface LocalApiFrame
        permits LocalApiRequest, SendFrame, WelcomeFrame, OkFrame, ErrorFrame, DataFrame,
        InterruptedFrame, ClosedFrame {

    /** Maximum length of a frame after its length field: type octet and fields. */
    int MAX_LENGTH = 65_536;

    FrameType type();

    /** Writes the fields that follow the type octet. */
    void writeFields(ByteBuf out);
}
