package org.rfc644.bench.loopback;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Counts the messages that another program delivers into a Maildir, for senders that this
 * module does not drive itself (smtp-source). Empties the Maildir, prints {@code armed}, waits
 * for the given count, then prints {@code arrived<TAB>N} and {@code last<TAB>MICROS}, the time of
 * the last arrival in microseconds since the epoch.
 */
@Command(name = "maildir-wait", mixinStandardHelpOptions = true,
        description = "Waits until N messages are in a Maildir's new/ and prints when the last "
                + "arrived.")
final class MaildirWait implements Callable<Integer> {

    @Option(names = "--maildir", required = true,
            description = "The Maildir; its new/ and cur/ are emptied first.")
    private Path maildir;

    @Option(names = "--count", required = true, description = "Messages to wait for.")
    private int count;

    @Option(names = "--timeout", defaultValue = "300", paramLabel = "SECONDS",
            description = "Maximum wait (default: ${DEFAULT-VALUE}).")
    private int timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        MaildirArrivals.empty(maildir);
        long startMicros = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
        long startNanos = System.nanoTime();
        try (MaildirArrivals arrivals = new MaildirArrivals(maildir)) {
            System.out.println("armed");
            System.out.flush();

            long deadline = startNanos + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            int arrived = arrivals.await(count, deadline);
            long last = arrivals.arrivals().values().stream().mapToLong(Long::longValue).max()
                    .orElse(startNanos);
            System.out.println("arrived\t" + arrived);
            System.out.println("last\t" + (startMicros + (last - startNanos) / 1000));
            return arrived >= count ? 0 : 1;
        }
    }
}
