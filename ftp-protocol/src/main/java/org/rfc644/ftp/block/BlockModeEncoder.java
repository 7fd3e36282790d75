package org.rfc644.ftp.block;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Writes files in RFC 454's block mode at byte size 8. Each block is a header of 3 octets, the
 * descriptor code and then the byte count in 16 bits, most significant octet first, followed by
 * that many data octets.
 */
public final class BlockModeEncoder {

    /**
     * RFC 454: the header is the smallest whole number of bytes of at least 24 bits. At byte
     * size 8 that is exactly 3 octets, so there are no "don't care" bits.
     */
    public static final int HEADER_LENGTH = 3;

    /** The largest byte count that the 16-bit count field can hold. */
    public static final int MAX_BLOCK_LENGTH = 0xFFFF;

    private final OutputStream out;

    /** @param out the data connection's output; it is flushed at the end of each file */
    public BlockModeEncoder(OutputStream out) {
        this.out = out;
    }

    /**
     * Writes one file as ordinary blocks of up to {@link #MAX_BLOCK_LENGTH} octets, the last one
     * marked EOF, and flushes. An empty file is a single EOF block with a byte count of 0.
     */
    public void writeFile(byte[] file) throws IOException {
        int offset = 0;
        do {
            int length = Math.min(MAX_BLOCK_LENGTH, file.length - offset);
            boolean last = offset + length == file.length;
            writeBlock(last ? BlockDescriptor.END_OF_FILE : BlockDescriptor.ORDINARY, file, offset, length);
            offset += length;
        } while (offset < file.length);
        out.flush();
    }

    /**
     * Writes one block with the given descriptor; it is not flushed.
     *
     * @throws IllegalArgumentException when {@code length} exceeds {@link #MAX_BLOCK_LENGTH}
     */
    public void writeBlock(BlockDescriptor descriptor, byte[] data, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, data.length);
        if (length > MAX_BLOCK_LENGTH) {
            throw new IllegalArgumentException("block of " + length + " octets exceeds the maximum byte count of "
                    + MAX_BLOCK_LENGTH);
        }
        out.write(header(descriptor, length));
        out.write(data, offset, length);
    }

    /** Returns the 3-octet header of a block: descriptor code, then byte count, big-endian. */
    private static byte[] header(BlockDescriptor descriptor, int byteCount) {
        return new byte[] {(byte) descriptor.code(), (byte) (byteCount >>> 8), (byte) byteCount};
    }
}
