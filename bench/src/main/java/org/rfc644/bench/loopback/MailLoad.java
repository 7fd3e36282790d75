package org.rfc644.bench.loopback;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Durable delivery into a Maildir: submits messages through the mailer's submission socket or
 * over SMTP and counts a message only once it appears in the recipient's new/ directory.
 *
 * <p>Without a rate, each sender submits its next message as soon as the last one is accepted;
 * the figure is the messages delivered per second, from the first submission to the last
 * arrival. With a rate, message i is due at i / rate seconds after the start and goes to the
 * next free sender. The figures then also include the median and 99th percentile of the time
 * from the start of each submission to its arrival in the Maildir.
 */
@Command(name = "mail-load", mixinStandardHelpOptions = true,
        description = "Messages per second delivered into a Maildir, and the latency of each.")
final class MailLoad implements Callable<Integer> {

    @Option(names = "--via", required = true, paramLabel = "submit|smtp",
            description = "The mailer's submission socket (submit) or an SMTP server (smtp).")
    private String via;

    @Option(names = "--submit-socket", description = "The mailer's submission socket.")
    private Path submitSocket;

    @Option(names = "--smtp", defaultValue = "127.0.0.1:25", paramLabel = "ADDRESS:PORT",
            description = "The SMTP server (default: ${DEFAULT-VALUE}).")
    private String smtpServer;

    @Option(names = "--from", required = true, description = "Sender address, also in From.")
    private String from;

    @Option(names = "--to", required = true, description = "Recipient address.")
    private String to;

    @Option(names = "--maildir", required = true,
            description = "The recipient's Maildir; its new/ and cur/ are emptied first.")
    private Path maildir;

    @Option(names = "--count", defaultValue = "2000",
            description = "Messages counted (default: ${DEFAULT-VALUE}).")
    private int count;

    @Option(names = "--warmup", defaultValue = "50",
            description = "Messages sent and delivered first, not counted (default: "
                    + "${DEFAULT-VALUE}).")
    private int warmup;

    @Option(names = "--senders", defaultValue = "1",
            description = "Concurrent senders (default: ${DEFAULT-VALUE}).")
    private int senders;

    @Option(names = "--rate", defaultValue = "0",
            description = "Messages per second to submit at, 0 for as fast as the senders go "
                    + "(default: ${DEFAULT-VALUE}).")
    private int rate;

    @Option(names = "--body-octets", defaultValue = "1024",
            description = "Size of each body (default: ${DEFAULT-VALUE}).")
    private int bodyOctets;

    @Option(names = "--timeout", defaultValue = "300", paramLabel = "SECONDS",
            description = "Maximum time the run may take, and each wait (default: "
                    + "${DEFAULT-VALUE}).")
    private int timeoutSeconds;

    @Option(names = "--metric", required = true, description = "Prefix of the printed figures.")
    private String metric;

    @Override
    public Integer call() throws Exception {
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (EventLoops loops = new EventLoops(2)) {
            MailSender sender = sender(loops, Duration.ofSeconds(Math.min(60, timeoutSeconds)));

            if (warmup > 0) {
                MaildirArrivals.empty(maildir);
                BenchMessage warmupMessages = new BenchMessage(from, to, runName("warmup"),
                        bodyOctets);
                try (MaildirArrivals arrivals = new MaildirArrivals(maildir,
                        warmupMessages::isFromThisRun)) {
                    Run run = new Run(sender, warmupMessages, warmup, 0, deadline);
                    run.submitAll();
                    arrivals.await(warmup - run.failures(), deadline);
                }
            }

            MaildirArrivals.empty(maildir);
            BenchMessage messages = new BenchMessage(from, to, runName("run"), bodyOctets);
            // Only this run's messages count: a mailer may still deliver an earlier run's.
            try (MaildirArrivals arrivals = new MaildirArrivals(maildir,
                    messages::isFromThisRun)) {
                Run run = new Run(sender, messages, count, rate, deadline);
                run.submitAll();
                int delivered = arrivals.await(count - run.failures(), deadline);
                report(run, arrivals, messages, delivered);
            }
        }
        return 0;
    }

    private String runName(String kind) {
        return kind + "-" + Long.toString(System.currentTimeMillis(), 36);
    }

    private MailSender sender(EventLoops loops, Duration timeout) {
        if (via.equals("submit")) {
            if (submitSocket == null) {
                throw new IllegalArgumentException("--via submit needs --submit-socket");
            }
            return new SubmissionSender(loops, submitSocket, to, timeout);
        }
        if (via.equals("smtp")) {
            int colon = smtpServer.lastIndexOf(':');
            InetSocketAddress server = new InetSocketAddress(smtpServer.substring(0, colon),
                    Integer.parseInt(smtpServer.substring(colon + 1)));
            return new SmtpSender(loops, server, from, to, timeout);
        }
        throw new IllegalArgumentException("--via must be submit or smtp: " + via);
    }

    private void report(Run run, MaildirArrivals arrivals, BenchMessage messages, int delivered)
            throws IOException {
        Map<String, Long> arrivalTimes = arrivals.arrivals();
        long lastArrival = arrivalTimes.values().stream().mapToLong(Long::longValue).max()
                .orElse(run.firstStart());
        double seconds = (lastArrival - run.firstStart()) / 1e9;

        Metrics.print(metric + ".delivered", delivered);
        Metrics.print(metric + ".failed", run.failures());
        if (delivered < count) {
            System.err.printf("bench: %s: only %d of %d messages arrived%n", metric, delivered,
                    count);
        }
        if (delivered == 0) {
            return;
        }
        Metrics.print(metric + ".msgs_per_s", delivered / seconds);
        if (rate == 0) {
            return;
        }

        List<Double> latencies = new ArrayList<>();
        for (Map.Entry<String, Long> arrival : arrivalTimes.entrySet()) {
            int sequence = messages.sequenceIn(arrivals.newDirectory().resolve(arrival.getKey()));
            if (sequence >= 0 && run.started(sequence) > 0) {
                latencies.add((arrival.getValue() - run.started(sequence)) / 1e6);
            }
        }
        if (latencies.isEmpty()) {
            System.err.printf("bench: %s: no latency measured%n", metric);
            return;
        }
        Samples samples = new Samples(latencies);
        Metrics.print(metric + ".latency_p50_ms", samples.median());
        Metrics.print(metric + ".latency_p99_ms", samples.percentile(99));
    }

    /** One batch of messages, submitted by the senders, closed loop or at the given rate. */
    private final class Run {

        private final MailSender sender;
        private final BenchMessage messages;
        private final int total;
        private final int perSecond;
        private final long deadline;
        private final long[] started;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger failures = new AtomicInteger();
        private long start;

        Run(MailSender sender, BenchMessage messages, int total, int perSecond, long deadline) {
            this.sender = sender;
            this.messages = messages;
            this.total = total;
            this.perSecond = perSecond;
            this.deadline = deadline;
            this.started = new long[total];
        }

        void submitAll() throws InterruptedException {
            start = System.nanoTime();
            ExecutorService threads = Executors.newFixedThreadPool(senders);
            for (int i = 0; i < senders; i++) {
                threads.submit(this::submitNext);
            }
            threads.shutdown();
            long left = deadline - System.nanoTime();
            if (!threads.awaitTermination(Math.max(0, left), TimeUnit.NANOSECONDS)) {
                threads.shutdownNow();
                System.err.println("bench: the submissions did not finish in time");
            }
        }

        private void submitNext() {
            for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                if (perSecond > 0) {
                    long due = start + i * TimeUnit.SECONDS.toNanos(1) / perSecond;
                    LockSupport.parkNanos(due - System.nanoTime());
                }
                if (System.nanoTime() > deadline || Thread.currentThread().isInterrupted()) {
                    failures.addAndGet(1);
                    continue;
                }
                byte[] message = messages.build(i);
                started[i] = System.nanoTime();
                try {
                    sender.send(message);
                } catch (IOException | RuntimeException e) {
                    failures.incrementAndGet();
                    System.err.printf("bench: message %d: %s%n", i, e.getMessage());
                }
            }
        }

        long firstStart() {
            return start;
        }

        long started(int sequence) {
            return sequence < started.length ? started[sequence] : 0;
        }

        int failures() {
            return failures.get();
        }
    }
}
