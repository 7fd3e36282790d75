package org.rfc644.maildir;

import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers which (foreign host, Message-ID, recipient) triples were stored recently, so that a
 * mailer that sends a message again after losing the success reply does not make it appear twice.
 *
 * <p>The ledger is an append-only file of lines {@code millis host message-id recipient file}
 * (each value URL-encoded; {@code file} is the message's name in the Maildir, {@code -} when a
 * line written before names were recorded lacks it), each appended line flushed to disk before
 * {@link #record} returns. On open,
 * and whenever the file has doubled in lines since the last compaction, it is compacted: live
 * entries are written to a new file that replaces the old one by rename. A torn last line after a crash is skipped. Host
 * and recipient compare case-insensitively, the Message-ID exactly. Thread-safe within one process;
 * one process owns the file.
 */
public final class DuplicateLedger implements AutoCloseable {

    /** The default window, longer than the mailer's default maximum retry age of 3 days. */
    public static final Duration DEFAULT_WINDOW = Duration.ofDays(7);

    /** The ledger's path under the mail root, in a directory that no user name can take. */
    public static final Path RELATIVE_PATH = Path.of(".ftp-server", "duplicates.log");

    private static final Logger LOG = LoggerFactory.getLogger(DuplicateLedger.class);

    /** Compaction starts only above this many lines, so a small ledger is never rewritten. */
    private static final int MIN_LINES_TO_COMPACT = 1000;

    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

    /** The file field of a line without a file name; no Maildir file has this name. */
    private static final String NO_FILE_NAME = "-";

    private final int minLinesToCompact;

    private final Path file;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Recorded> entries = new HashMap<>();
    private FileChannel channel;
    private long lines;
    private long linesAfterCompaction;

    /** Opens the ledger at {@code file}, creating it and its directory if missing. */
    public DuplicateLedger(Path file, Duration window, Clock clock) throws IOException {
        this(file, window, clock, MIN_LINES_TO_COMPACT);
    }

    DuplicateLedger(Path file, Duration window, Clock clock, int minLinesToCompact) throws IOException {
        this.minLinesToCompact = minLinesToCompact;
        this.file = file;
        this.window = window;
        this.clock = clock;
        // Message-IDs and recipients show who writes to whom, so only the owner may read them.
        Files.createDirectories(file.getParent(), PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
        load();
        compact();
    }

    /** Opens the ledger of the mail root {@code mailRoot}, at {@link #RELATIVE_PATH}. */
    public static DuplicateLedger open(Path mailRoot, Duration window) throws IOException {
        return new DuplicateLedger(mailRoot.resolve(RELATIVE_PATH), window, Clock.systemUTC());
    }

    /**
     * Returns the Maildir file name recorded for the triple within the window, or an empty string
     * for a line without one. Empty when the triple was not recorded; an empty Message-ID never
     * matches, because messages without one cannot be distinguished.
     */
    public synchronized Optional<String> recordedFile(String foreignHost, String messageId, String recipient) {
        if (messageId.isEmpty()) {
            return Optional.empty();
        }
        Recorded recorded = entries.get(key(foreignHost, messageId, recipient));
        if (recorded == null || !recorded.at().isAfter(clock.instant().minus(window))) {
            return Optional.empty();
        }
        return Optional.of(recorded.fileName());
    }

    /**
     * Records the triple and the name of its file in the Maildir durably (the line is on disk when
     * this returns). Does nothing for an empty Message-ID.
     */
    public synchronized void record(String foreignHost, String messageId, String recipient, String fileName)
            throws IOException {
        if (messageId.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        String line = now.toEpochMilli() + " " + encode(foreignHost) + " " + encode(messageId) + " "
                + encode(recipient) + " " + encodeFileName(fileName) + "\n";
        ByteBuffer buffer = ByteBuffer.wrap(line.getBytes(StandardCharsets.US_ASCII));
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        channel.force(false);
        entries.put(key(foreignHost, messageId, recipient), new Recorded(now, fileName));
        lines++;

        // Compacting once the file has doubled since the last compaction keeps the cost per record constant.
        if (lines > minLinesToCompact && lines > 2 * linesAfterCompaction) {
            compact();
        }
    }

    /** Returns the number of triples remembered, expired ones included until the next compaction. */
    public synchronized int size() {
        return entries.size();
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }

    private void load() throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        List<String> fileLines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        for (String line : fileLines) {
            String[] parts = line.split(" ");
            if (parts.length != 4 && parts.length != 5) {
                LOG.warn("ledger {}: skipping invalid line of {} characters", file, line.length());
                continue;
            }
            try {
                Instant at = Instant.ofEpochMilli(Long.parseLong(parts[0]));
                String fileName = parts.length == 5 ? decodeFileName(parts[4]) : "";
                entries.merge(key(decode(parts[1]), decode(parts[2]), decode(parts[3])), new Recorded(at, fileName),
                        (old, newer) -> old.at().isAfter(newer.at()) ? old : newer);
            } catch (IllegalArgumentException invalid) {
                LOG.warn("ledger {}: skipping invalid line: {}", file, invalid.toString());
            }
        }
    }

    /** Drops expired entries and rewrites the file with the live ones. */
    private void compact() throws IOException {
        Instant oldest = clock.instant().minus(window);
        entries.values().removeIf(recorded -> !recorded.at().isAfter(oldest));

        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, Recorded> entry : entries.entrySet()) {
            text.append(entry.getValue().at().toEpochMilli()).append(' ').append(entry.getKey()).append(' ')
                    .append(encodeFileName(entry.getValue().fileName())).append('\n');
        }
        Path next = file.resolveSibling(file.getFileName() + ".new");
        try (FileChannel out = FileChannel.open(next, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING), PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE))) {
            ByteBuffer buffer = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.US_ASCII));
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        }

        if (channel != null) {
            channel.close();
        }
        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Maildir.syncDirectory(file.getParent());
        channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        lines = entries.size();
        linesAfterCompaction = lines;
        LOG.info("ledger {} compacted to {} entries", file, entries.size());
    }

    /** Returns the key: the three encoded values separated by spaces, host and recipient in lower case. */
    private static String key(String foreignHost, String messageId, String recipient) {
        return encode(foreignHost.toLowerCase(Locale.ROOT)) + " " + encode(messageId) + " "
                + encode(recipient.toLowerCase(Locale.ROOT));
    }

    private static String encodeFileName(String fileName) {
        return fileName.isEmpty() ? NO_FILE_NAME : encode(fileName);
    }

    private static String decodeFileName(String field) {
        return field.equals(NO_FILE_NAME) ? "" : decode(field);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    /** When a triple was stored, and under which name in the Maildir ("" when not known). */
    private record Recorded(Instant at, String fileName) {
    }
}
