package org.rfc644.ftp.block;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads files sent in RFC 454's block mode at byte size 8, the counterpart of
 * {@link BlockModeEncoder}. It reads exactly up to the end of the block marked EOF and no further,
 * so one data connection can carry several files in turn.
 */
public final class BlockModeDecoder {

    private final InputStream in;
    private final int maxFileSize;

    /**
     * @param in the data connection's input
     * @param maxFileSize the largest file in octets; a larger one is refused before its data is read
     */
    public BlockModeDecoder(InputStream in, int maxFileSize) {
        this.in = in;
        this.maxFileSize = maxFileSize;
    }

    /**
     * Reads the blocks of one file up to and including the block marked EOF and returns their data.
     * Blocks marked EOR count as data. RFC 454 lets a receiver discard record structure, and mail
     * keeps its own CR LF line ends.
     *
     * @throws BlockModeException when the connection closes before the EOF block, on a block with
     *     suspect data, a restart marker or an unassigned descriptor code, or when the file exceeds
     *     the limit. The connection is then in the middle of a file and must be closed.
     * @throws IOException when reading fails, {@link java.net.SocketTimeoutException} included
     */
    public byte[] readFile() throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        while (true) {
            byte[] header = readFully(BlockModeEncoder.HEADER_LENGTH, file.size(), "a block header");
            int code = header[0] & 0xFF;
            int byteCount = (header[1] & 0xFF) << 8 | header[2] & 0xFF;
            BlockDescriptor descriptor = descriptor(code, file.size());

            if ((long) file.size() + byteCount > maxFileSize) {
                throw new BlockModeException(BlockModeException.Reason.FILE_TOO_LARGE, "a block of " + byteCount
                        + " octets after " + file.size() + " octets exceeds the file size limit of " + maxFileSize
                        + " octets");
            }
            file.write(readFully(byteCount, file.size(), "block data"));

            if (descriptor == BlockDescriptor.END_OF_FILE) {
                return file.toByteArray();
            }
        }
    }

    /** Returns the descriptor of a data block: ordinary, EOR or EOF. Every other code raises BlockModeException. */
    private static BlockDescriptor descriptor(int code, int received) throws BlockModeException {
        BlockDescriptor descriptor = BlockDescriptor.of(code).orElseThrow(() -> new BlockModeException(
                BlockModeException.Reason.UNKNOWN_DESCRIPTOR, "block header after " + received
                        + " octets has descriptor code " + code + ", which RFC 454 does not assign (0 to 4)"));
        return switch (descriptor) {
            case ORDINARY, END_OF_RECORD, END_OF_FILE -> descriptor;
            case SUSPECT_DATA -> throw new BlockModeException(BlockModeException.Reason.SUSPECT_DATA,
                    "block after " + received + " octets is marked as suspect data (descriptor 3)");
            case RESTART_MARKER -> throw new BlockModeException(BlockModeException.Reason.RESTART_MARKER,
                    "block after " + received + " octets is a restart marker (descriptor 4), which is not implemented");
        };
    }

    private byte[] readFully(int length, int received, String part) throws IOException {
        byte[] octets = in.readNBytes(length);
        if (octets.length < length) {
            throw new BlockModeException(BlockModeException.Reason.INCOMPLETE_FILE, "the data connection closed before the EOF block,"
                    + " after " + received + " octets of file data and " + octets.length + " of the " + length
                    + " octets of " + part);
        }
        return octets;
    }
}
