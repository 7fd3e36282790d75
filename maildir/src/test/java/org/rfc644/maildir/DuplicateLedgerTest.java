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
import java.util.Optional;
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
            assertFalse(ledger.recordedFile("HOST-A", "<1@HOST-A>", "bob").isPresent());

            ledger.record("HOST-A", "<1@HOST-A>", "bob", "f");

            assertTrue(ledger.recordedFile("HOST-A", "<1@HOST-A>", "bob").isPresent());
            assertTrue(ledger.recordedFile("host-a", "<1@HOST-A>", "BOB").isPresent());
            assertFalse(ledger.recordedFile("HOST-C", "<1@HOST-A>", "bob").isPresent());
            assertFalse(ledger.recordedFile("HOST-A", "<1@host-a>", "bob").isPresent());
            assertFalse(ledger.recordedFile("HOST-A", "<1@HOST-A>", "carol").isPresent());
        }
    }

    @Test
    void tripleExpiresAfterWindow() throws IOException {
        try (DuplicateLedger ledger = open()) {
            ledger.record("HOST-A", "<1@HOST-A>", "bob", "f");

            clock.advance(WINDOW.minusSeconds(1));
            assertTrue(ledger.recordedFile("HOST-A", "<1@HOST-A>", "bob").isPresent());

            clock.advance(Duration.ofSeconds(2));
            assertFalse(ledger.recordedFile("HOST-A", "<1@HOST-A>", "bob").isPresent());
        }
    }

    @Test
    void ledgerSurvivesReopen() throws IOException {
        try (DuplicateLedger ledger = open()) {
            ledger.record("HOST-A", "<two words@HOST-A>", "bob", "f");
        }

        try (DuplicateLedger reopened = open()) {
            assertTrue(reopened.recordedFile("HOST-A", "<two words@HOST-A>", "bob").isPresent());
        }
    }

    @Test
    void fileNameSurvivesReopen() throws IOException {
        try (DuplicateLedger ledger = open()) {
            ledger.record("HOST-A", "<1@HOST-A>", "bob", "1796414400.42_7.host-b");
        }

        try (DuplicateLedger reopened = open()) {
            assertEquals(Optional.of("1796414400.42_7.host-b"), reopened.recordedFile("HOST-A", "<1@HOST-A>", "bob"));
        }
    }

    @Test
    void lineWithoutFileNameLoadsAsUnknown() throws IOException {
        Files.createDirectories(ledgerFile().getParent());
        Files.writeString(ledgerFile(), clock.instant().toEpochMilli() + " HOST-A %3C1%40HOST-A%3E bob\n",
                StandardCharsets.US_ASCII);

        try (DuplicateLedger reopened = open()) {
            assertEquals(Optional.of(""), reopened.recordedFile("HOST-A", "<1@HOST-A>", "bob"));
        }
    }

    @Test
    void tornLastLineIsSkipped() throws IOException {
        try (DuplicateLedger ledger = open()) {
            ledger.record("HOST-A", "<1@HOST-A>", "bob", "f");
        }
        Files.writeString(ledgerFile(), "1796414400000 HOST-A %3C2", StandardCharsets.US_ASCII,
                StandardOpenOption.APPEND);

        try (DuplicateLedger reopened = open()) {
            assertTrue(reopened.recordedFile("HOST-A", "<1@HOST-A>", "bob").isPresent());
            assertEquals(1, reopened.size());
        }
    }

    @Test
    void expiredEntriesAreCompactedAway() throws IOException {
        try (DuplicateLedger ledger = open()) {
            for (int i = 0; i < 150; i++) {
                ledger.record("HOST-A", "<" + i + "@HOST-A>", "bob", "f");
            }
            clock.advance(WINDOW.plusMinutes(1));
            for (int i = 0; i < 60; i++) {
                ledger.record("HOST-A", "<new" + i + "@HOST-A>", "bob", "f");
            }

            assertTrue(ledger.size() < 150, "size " + ledger.size());
            assertTrue(Files.readAllLines(ledgerFile()).size() < 150);
            assertTrue(ledger.recordedFile("HOST-A", "<new59@HOST-A>", "bob").isPresent());
            assertFalse(ledger.recordedFile("HOST-A", "<0@HOST-A>", "bob").isPresent());
        }
    }

    @Test
    void reopenDropsExpiredEntries() throws IOException {
        try (DuplicateLedger ledger = open()) {
            ledger.record("HOST-A", "<1@HOST-A>", "bob", "f");
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
            ledger.record("HOST-A", "<1@HOST-A>", "bob", "f");
        }

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(ledgerFile())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(ledgerFile().getParent())));
    }

    @Test
    void emptyMessageIdIsNeverRemembered() throws IOException {
        try (DuplicateLedger ledger = open()) {
            ledger.record("HOST-A", "", "bob", "f");

            assertFalse(ledger.recordedFile("HOST-A", "", "bob").isPresent());
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
