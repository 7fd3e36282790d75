package org.rfc644.maildir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuplicateLedgerTest {

    private static final Duration WINDOW = Duration.ofHours(1);

    @TempDir
    Path root;

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-04T20:00:00Z"));

    @Test
    void recordedTripleIsSeenWithinWindow() throws IOException {
        try (DuplicateLedger ledger = open()) {
            assertFalse(ledger.seenRecently("HOST-A", "<1@HOST-A>", "bob"));

            ledger.record("HOST-A", "<1@HOST-A>", "bob");

            assertTrue(ledger.seenRecently("HOST-A", "<1@HOST-A>", "bob"));
            assertTrue(ledger.seenRecently("host-a", "<1@HOST-A>", "BOB"));
            assertFalse(ledger.seenRecently("HOST-C", "<1@HOST-A>", "bob"));
            assertFalse(ledger.seenRecently("HOST-A", "<1@host-a>", "bob"));
            assertFalse(ledger.seenRecently("HOST-A", "<1@HOST-A>", "carol"));
        }
    }

    @Test
    void tripleExpiresAfterWindow() throws IOException {
        try (DuplicateLedger ledger = open()) {
            ledger.record("HOST-A", "<1@HOST-A>", "bob");

            clock.advance(WINDOW.minusSeconds(1));
            assertTrue(ledger.seenRecently("HOST-A", "<1@HOST-A>", "bob"));

            clock.advance(Duration.ofSeconds(2));
            assertFalse(ledger.seenRecently("HOST-A", "<1@HOST-A>", "bob"));
        }
    }

    @Test
    void ledgerSurvivesReopen() throws IOException {
        try (DuplicateLedger ledger = open()) {
            ledger.record("HOST-A", "<two words@HOST-A>", "bob");
        }

        try (DuplicateLedger reopened = open()) {
            assertTrue(reopened.seenRecently("HOST-A", "<two words@HOST-A>", "bob"));
        }
    }

    @Test
    void tornLastLineIsSkipped() throws IOException {
        try (DuplicateLedger ledger = open()) {
            ledger.record("HOST-A", "<1@HOST-A>", "bob");
        }
        Files.writeString(ledgerFile(), "1796414400000 HOST-A %3C2", StandardCharsets.US_ASCII,
                StandardOpenOption.APPEND);

        try (DuplicateLedger reopened = open()) {
            assertTrue(reopened.seenRecently("HOST-A", "<1@HOST-A>", "bob"));
            assertEquals(1, reopened.size());
        }
    }

    @Test
    void expiredEntriesAreCompactedAway() throws IOException {
        try (DuplicateLedger ledger = open()) {
            for (int i = 0; i < 150; i++) {
                ledger.record("HOST-A", "<" + i + "@HOST-A>", "bob");
            }
            clock.advance(WINDOW.plusMinutes(1));
            for (int i = 0; i < 60; i++) {
                ledger.record("HOST-A", "<new" + i + "@HOST-A>", "bob");
            }

            assertTrue(ledger.size() < 150, "size " + ledger.size());
            assertTrue(Files.readAllLines(ledgerFile()).size() < 150);
            assertTrue(ledger.seenRecently("HOST-A", "<new59@HOST-A>", "bob"));
            assertFalse(ledger.seenRecently("HOST-A", "<0@HOST-A>", "bob"));
        }
    }

    @Test
    void reopenDropsExpiredEntries() throws IOException {
        try (DuplicateLedger ledger = open()) {
            ledger.record("HOST-A", "<1@HOST-A>", "bob");
        }
        clock.advance(WINDOW.plusSeconds(1));

        try (DuplicateLedger reopened = open()) {
            assertEquals(0, reopened.size());
            assertEquals(0, Files.size(ledgerFile()));
        }
    }

    @Test
    void ledgerIsReadableByOwnerOnly() throws IOException {
        try (DuplicateLedger ledger = open()) {
            ledger.record("HOST-A", "<1@HOST-A>", "bob");
        }

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(ledgerFile())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(ledgerFile().getParent())));
    }

    @Test
    void emptyMessageIdIsNeverRemembered() throws IOException {
        try (DuplicateLedger ledger = open()) {
            ledger.record("HOST-A", "", "bob");

            assertFalse(ledger.seenRecently("HOST-A", "", "bob"));
            assertEquals(0, ledger.size());
        }
    }

    private DuplicateLedger open() throws IOException {
        return new DuplicateLedger(ledgerFile(), WINDOW, clock, 50);
    }

    private Path ledgerFile() {
        return root.resolve(DuplicateLedger.RELATIVE_PATH);
    }

    /** A clock that tests move forward by hand. */
    private static final class SettableClock extends Clock {

        private Instant now;

        SettableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
