package org.rfc644.mailer.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolLockTest {

    @TempDir
    Path spool;

    @Test
    void secondLockInProcessRefused() throws IOException {
        try (SpoolLock first = SpoolLock.acquire(spool)) {
            SpoolException refused = assertThrows(SpoolException.class, () -> SpoolLock.acquire(spool));

            assertTrue(refused.getMessage().contains("already in use"), refused.getMessage());
        }
    }

    @Test
    void closedLockCanBeTakenAgain() throws IOException {
        SpoolLock.acquire(spool).close();

        try (SpoolLock again = SpoolLock.acquire(spool)) {
            assertEquals(ProcessHandle.current().pid() + "\n",
                    Files.readString(spool.resolve(SpoolLock.FILE_NAME), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void lockOfOtherProcessNamesIt() throws Exception {
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Holder.class.getName(), spool.toString())
                .redirectErrorStream(true)
                .start();
        try (BufferedReader output = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                StandardCharsets.US_ASCII))) {
            assertEquals("locked", output.readLine());

            SpoolException refused = assertThrows(SpoolException.class, () -> SpoolLock.acquire(spool));

            assertTrue(refused.getMessage().contains("process " + holder.pid()), refused.getMessage());
        } finally {
            holder.destroyForcibly().waitFor();
        }

        // The kernel released the lock when the holder died.
        SpoolLock.acquire(spool).close();
    }

    /** Holds the lock of the spool given as the argument until the test kills it. */
    static final class Holder {

        public static void main(String[] args) throws Exception {
            SpoolLock lock = SpoolLock.acquire(Path.of(args[0]));
            System.out.println("locked");
            System.out.flush();
            Thread.sleep(60_000);
            lock.close();
        }
    }
}
