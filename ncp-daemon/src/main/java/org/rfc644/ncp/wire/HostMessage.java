package org.rfc644.ncp.wire;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A Host/Host message (type 0, "regular"): the leader, the connection byte size S, the byte count
 * C and the text, held as program octets ({@link BitText}: ceil(S / 8) octets per byte).
 *
 * <p>The message takes the text array as it is, without a copy, so the caller must not modify the
 * array afterwards. {@link #text()} returns a copy.
 *
 * <p>A message that exists obeys the rules of NIC 8246 that {@link HostMessageCodec} checks:
 * S is 1 to 255, a control message (link 0) has S = 8 and C of at most 120, and the message fits
 * the maximum message size.
 */
public record HostMessage(Leader leader, int byteSize, int byteCount, byte[] text) {

    /** The link of control messages. */
    public static final int CONTROL_LINK = 0;

    /** The byte size of every control message. */
    public static final int CONTROL_BYTE_SIZE = 8;

    /** Maximum byte count (text octets) of a control message. */
    public static final int MAX_CONTROL_BYTES = 120;

    public HostMessage {
        Objects.requireNonNull(leader, "leader");
        if (leader.messageType() != Leader.REGULAR) {
            throw new IllegalArgumentException("a Host/Host message has leader type "
                    + Leader.REGULAR + ": " + leader.messageType());
        }
        if (BitText.byteCount(text, byteSize) != byteCount) {
            throw new IllegalArgumentException("byte count " + byteCount + " does not match the "
                    + text.length + " program octets of " + byteSize + "-bit bytes");
        }
        Optional<String> violation = ruleViolation(leader.link(), byteSize, byteCount);
        if (violation.isPresent()) {
            throw new IllegalArgumentException(violation.get());
        }
    }

    /** Builds a message whose byte count comes from the length of {@code text} (program octets). */
    public static HostMessage of(Leader leader, int byteSize, byte[] text) {
        return new HostMessage(leader, byteSize, BitText.byteCount(text, byteSize), text);
    }

    /** Builds a control message to {@code host} whose text is encoded control commands. */
    public static HostMessage control(int host, byte[] text) {
        return new HostMessage(new Leader(Leader.REGULAR, host, CONTROL_LINK), CONTROL_BYTE_SIZE,
                text.length, text);
    }

    /** Returns whether this is a control message, sent on link 0. */
    public boolean isControl() {
        return leader.link() == CONTROL_LINK;
    }

    /** Returns the text length in bits, S times C: what the message takes of a bit allocation. */
    public long textBits() {
        return (long) byteSize * byteCount;
    }

    /** Returns a copy of the text as program octets. */
    @Override
    public byte[] text() {
        return text.clone();
    }

    /**
     * Returns the text as program octets without copying it, for the codec and the engine, which
     * move a full message's text once per message. Callers must not modify the array.
     */
    public byte[] sharedText() {
        return text;
    }

    /**
     * Returns which rule of the message format a header breaks, or empty when it breaks none.
     * The byte size must already be 1 to 255.
     */
    static Optional<String> ruleViolation(int link, int byteSize, int byteCount) {
        // NIC 8246, Control Messages: S must be 8 and C at most 120 on the control link.
        if (link == CONTROL_LINK && byteSize != CONTROL_BYTE_SIZE) {
            return Optional.of("a control message must have byte size " + CONTROL_BYTE_SIZE + ": "
                    + byteSize);
        }
        if (link == CONTROL_LINK && byteCount > MAX_CONTROL_BYTES) {
            return Optional.of("a control message carries at most " + MAX_CONTROL_BYTES
                    + " bytes: " + byteCount);
        }

        int maxBytes = HostMessageCodec.maxBytes(byteSize);
        if (byteCount < 0 || byteCount > maxBytes) {
            return Optional.of("a message carries 0 to " + maxBytes + " bytes of " + byteSize
                    + " bits: " + byteCount);
        }
        return Optional.empty();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HostMessage message
                && leader.equals(message.leader)
                && byteSize == message.byteSize
                && byteCount == message.byteCount
                && Arrays.equals(text, message.text);
    }

    @Override
    public int hashCode() {
        return Objects.hash(leader, byteSize, byteCount) * 31 + Arrays.hashCode(text);
    }

    @Override
    public String toString() {
        return "message host=" + leader.host() + " link=" + leader.link() + " size=" + byteSize
                + " count=" + byteCount;
    }
}
