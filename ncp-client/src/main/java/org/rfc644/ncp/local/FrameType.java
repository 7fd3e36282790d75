package org.rfc644.ncp.local;

/** The 8-bit frame type that follows the length of every local API frame, and who may send it. */
public enum FrameType {
    PING(0x01, Sender.CLIENT),
    OPEN(0x02, Sender.CLIENT),
    LISTEN(0x03, Sender.CLIENT),
    ACCEPT(0x04, Sender.CLIENT),
    ALLOCATE(0x05, Sender.CLIENT),
    RELEASE(0x06, Sender.CLIENT),
    STATUS(0x07, Sender.CLIENT),
    HOSTS(0x08, Sender.CLIENT),
    CLOSE(0x09, Sender.CLIENT),
    INTERRUPT(0x0A, Sender.CLIENT),
    SEND(0x0B, Sender.CLIENT),
    WELCOME(0x80, Sender.DAEMON),
    OK(0x81, Sender.DAEMON),
    ERROR(0x82, Sender.DAEMON),
    DATA(0x83, Sender.DAEMON),
    INTERRUPTED(0x84, Sender.DAEMON),
    CLOSED(0x85, Sender.DAEMON);

    /** The side of the session that sends a frame type. */
    public enum Sender { CLIENT, DAEMON }

    private final int code;
    private final Sender sender;

    FrameType(int code, Sender sender) {
        this.code = code;
        this.sender = sender;
    }

    public int code() {
        return code;
    }

    public Sender sender() {
        return sender;
    }

    /** Returns the frame type with this code, or null when no frame type has it. */
    public static FrameType ofCode(int code) {
        for (FrameType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        return null;
    }
}
