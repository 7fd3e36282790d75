package org.rfc644.mailer.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/** File writes that are on disk when they return: written to a temporary file, fsynced, renamed. */
final class DurableFiles {

    /** Suffix of a file being written; one left over after a crash is deleted on recovery. */
    static final String TEMPORARY_SUFFIX = ".tmp";

    private DurableFiles() {
    }

    /**
     * Replaces {@code target} with {@code content}: a reader sees the old content or the new one,
     * never a part. The directory is not synced here (see {@link #syncDirectory}).
     */
    static void writeAtomically(Path target, byte[] content) throws IOException {
        Path temporary = target.resolveSibling(target.getFileName() + TEMPORARY_SUFFIX);
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    /** Fsyncs a directory, so that the renames and deletions in it survive a crash. */
    static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
