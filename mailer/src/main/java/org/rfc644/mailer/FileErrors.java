package org.rfc644.mailer;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * Text for a file error in a message to users. The JDK's {@link NoSuchFileException} and
 * {@link AccessDeniedException} carry only the path as their message, which reads as no reason.
 */
public final class FileErrors {

    private FileErrors() {
    }

    /** Describes {@code error} as its reason followed by the file: "permission denied: /x". */
    public static String describe(IOException error) {
        if (error instanceof NoSuchFileException missing) {
            return "no such file or directory: " + missing.getFile();
        }
        if (error instanceof AccessDeniedException denied) {
            return "permission denied: " + denied.getFile();
        }
        if (error instanceof FileSystemException failed && failed.getReason() != null) {
            return failed.getReason() + ": " + failed.getFile();
        }
        return error.getMessage() != null ? error.getMessage() : error.getClass().getSimpleName();
    }
}
