package org.rfc644.bench.loopback;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Notes the moment each message file appears in a Maildir's new/ directory, where a delivery
 * agent links or renames it once the message is on disk. On Linux the watch service is inotify,
 * which reports the link at once. A thread takes each event, records the time and, when a filter
 * is given, reads the file to count only the messages that the filter accepts.
 */
final class MaildirArrivals implements AutoCloseable {

    private final Path newDirectory;
    private final WatchService watcher;
    private final Map<String, Long> arrivals = new ConcurrentHashMap<>();
    private final Predicate<Path> filter;
    private final Thread thread;
    private volatile boolean overflowed;

    /** Watches for every message. */
    MaildirArrivals(Path maildir) throws IOException {
        this(maildir, file -> true);
    }

    /** Watches for the messages that {@code filter} accepts, given the file in new/. */
    MaildirArrivals(Path maildir, Predicate<Path> filter) throws IOException {
        this.filter = filter;
        newDirectory = maildir.resolve("new");
        watcher = FileSystems.getDefault().newWatchService();
        newDirectory.register(watcher, StandardWatchEventKinds.ENTRY_CREATE);
        thread = new Thread(this::watch, "maildir-arrivals");
        thread.setDaemon(true);
        thread.start();
    }

    /** Removes every message from new/ and cur/, so that a run counts only its own. */
    static void empty(Path maildir) throws IOException {
        for (String directory : List.of("new", "cur")) {
            try (Stream<Path> files = Files.list(maildir.resolve(directory))) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Files.delete(file);
                }
            }
        }
    }

    private void watch() {
        try {
            while (true) {
                WatchKey key = watcher.take();
                long now = System.nanoTime();
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                        overflowed = true;
                    } else if (filter.test(newDirectory.resolve((Path) event.context()))) {
                        arrivals.putIfAbsent(event.context().toString(), now);
                    }
                }
                key.reset();
            }
        } catch (InterruptedException | ClosedWatchServiceException stopped) {
            // The run is over.
        }
    }

    int count() {
        return arrivals.size();
    }

    /**
     * Waits until {@code expected} messages have arrived or the deadline (System.nanoTime) passed.
     * When the kernel dropped events, counts the files in new/ instead.
     */
    int await(int expected, long deadline) throws IOException, InterruptedException {
        while (System.nanoTime() < deadline) {
            if (count() >= expected || overflowed && listed() >= expected) {
                break;
            }
            Thread.sleep(1);
        }
        return overflowed ? listed() : count();
    }

    private int listed() throws IOException {
        try (Stream<Path> files = Files.list(newDirectory)) {
            return (int) files.count();
        }
    }

    boolean overflowed() {
        return overflowed;
    }

    /** Returns the arrival time (System.nanoTime) of each file name seen in new/. */
    Map<String, Long> arrivals() {
        return Map.copyOf(arrivals);
    }

    Path newDirectory() {
        return newDirectory;
    }

    @Override
    public void close() throws IOException {
        watcher.close();
        thread.interrupt();
    }
}
