package org.rfc644.mailer.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.rfc644.mailer.FileErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lock of a spool that a running mailer holds: an exclusive lock on the file {@code mailer.lock}
 * in the spool directory, which the kernel releases when the process ends, even by a crash. A
 * second mailer on the same spool would deliver the same entries and take over the submission
 * socket, so it must not start.
 */
public final class SpoolLock implements AutoCloseable {

    static final String FILE_NAME = "mailer.lock";

    private static final Logger LOG = LoggerFactory.getLogger(SpoolLock.class);

    private final FileChannel channel;
    private final FileLock lock;

    private SpoolLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of the spool in {@code directory} and writes this process's id into the
     * lock file.
     *
     * @throws SpoolException when another mailer has the spool locked, or the file cannot be opened
     */
    public static SpoolLock acquire(Path directory) throws SpoolException {
        Path file = directory.resolve(FILE_NAME);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new SpoolException("cannot open the spool lock " + file + ": " + FileErrors.describe(e));
        }

        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw heldBy(channel, file, directory);
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n")
                    .getBytes(StandardCharsets.US_ASCII)));
            return new SpoolLock(channel, lock);
        } catch (OverlappingFileLockException sameProcess) {
            closeQuietly(channel);
            throw new SpoolException("the spool " + directory + " is already in use by a mailer in this process");
        } catch (SpoolException e) {
            closeQuietly(channel);
            throw e;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new SpoolException("cannot lock the spool " + directory + ": " + FileErrors.describe(e));
        }
    }

    private static SpoolException heldBy(FileChannel channel, Path file, Path directory) {
        String pid;
        try {
            pid = Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            pid = "";
        }
        String holder = pid.isEmpty() ? "another mailer" : "another mailer (process " + pid + ")";
        return new SpoolException(holder + " is running on the spool " + directory
                + ": stop it first or choose another --spool");
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing the spool lock file failed: {}", e.toString());
        }
    }
}
