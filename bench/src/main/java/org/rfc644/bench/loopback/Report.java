package org.rfc644.bench.loopback;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Turns the figures that bench/run.sh collected (lines {@code REPETITION<TAB>METRIC<TAB>VALUE})
 * into one Markdown table: each figure as the median of its repetitions with the lowest and
 * highest, beside the peer's figure (a measurement of the same run, or a target of issue 6) and
 * the ratio of the two.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Prints the side-by-side table of the collected figures in Markdown.")
final class Report implements Callable<Integer> {

    @Parameters(index = "0", description = "The file of collected figures.")
    private Path results;

    @Option(names = "--rate", defaultValue = "100",
            description = "Messages per second of the steady-rate mail run, for the labels "
                    + "(default: ${DEFAULT-VALUE}).")
    private int rate;

    /** One line of the table: a figure of this project beside a peer's figure or a target. */
    private record Row(String figure, String unit, String metric, String peer, String peerMetric,
                       Double target) {

        static Row measured(String figure, String unit, String metric, String peer,
                            String peerMetric) {
            return new Row(figure, unit, metric, peer, peerMetric, null);
        }

        static Row target(String figure, String unit, String metric, String peer, double target) {
            return new Row(figure, unit, metric, peer, null, target);
        }
    }

    private static List<Row> rows(int rate) {
        return List.of(
            Row.measured("Durable delivery A to B, 1 sender", "msg/s", "mail.1.msgs_per_s",
                    "Postfix, smtp-source -s 1", "postfix.1.msgs_per_s"),
            Row.measured("Durable delivery A to B, 10 senders", "msg/s", "mail.10.msgs_per_s",
                    "Postfix, smtp-source -s 10", "postfix.10.msgs_per_s"),
            Row.measured("Submission to mailbox at " + rate + " msg/s, median", "ms",
                    "mail.rate.latency_p50_ms", "Postfix, same SMTP driver",
                    "postfix.rate.latency_p50_ms"),
            Row.measured("Submission to mailbox at " + rate + " msg/s, 99th percentile", "ms",
                    "mail.rate.latency_p99_ms", "Postfix, same SMTP driver",
                    "postfix.rate.latency_p99_ms"),
            Row.measured("Delivered per second during the " + rate + " msg/s run", "msg/s",
                    "mail.rate.msgs_per_s", "Postfix, same SMTP driver",
                    "postfix.rate.msgs_per_s"),
            Row.measured("Bulk throughput, 1 NCP connection (byte size 8)", "Mbit/s",
                    "ncp.throughput.1.mbit", "iperf3, 1 stream", "iperf3.1.mbit"),
            Row.measured("Bulk throughput, 16 NCP connections together", "Mbit/s",
                    "ncp.throughput.16.mbit", "iperf3, 16 streams", "iperf3.16.mbit"),
            Row.measured("Bulk throughput, 16 NCP connections together", "Mbit/s",
                    "ncp.throughput.16.mbit", "iperf3, 1 stream", "iperf3.1.mbit"),
            Row.measured("Ping round trip, ECO to ERP as the daemon times it", "µs",
                    "ncp.ping.daemon.us", "TCP echo of 1 octet", "tcp.echo.us"),
            Row.measured("Ping round trip, as the program sees it (local API)", "µs",
                    "ncp.ping.program.us", "TCP echo of 1 octet", "tcp.echo.us"),
            Row.target("Peak RSS idle, ncp-daemon HOST-A", "MB", "rss.idle.ncp-daemon-a",
                    "target", 64),
            Row.target("Peak RSS idle, ncp-daemon HOST-B", "MB", "rss.idle.ncp-daemon-b",
                    "target", 64),
            Row.target("Peak RSS under load, ncp-daemon HOST-A", "MB", "rss.load.ncp-daemon-a",
                    "idle target", 64),
            Row.target("Peak RSS under load, ncp-daemon HOST-B", "MB", "rss.load.ncp-daemon-b",
                    "idle target", 64),
            Row.measured("Peak RSS idle, ftp-server HOST-B", "MB", "rss.idle.ftp-server-b",
                    null, null),
            Row.measured("Peak RSS under load, ftp-server HOST-B", "MB", "rss.load.ftp-server-b",
                    null, null),
            Row.measured("Peak RSS idle, mailer HOST-A", "MB", "rss.idle.mailer-a", null, null),
            Row.measured("Peak RSS under load, mailer HOST-A", "MB", "rss.load.mailer-a", null,
                    null),
            Row.target("Start-up to ready, ncp-daemon HOST-A", "ms", "startup.ncp-daemon-a",
                    "target", 1000),
            Row.target("Start-up to ready, ncp-daemon HOST-B", "ms", "startup.ncp-daemon-b",
                    "target", 1000),
            Row.measured("Start-up to ready, ftp-server HOST-A", "ms", "startup.ftp-server-a",
                    null, null),
            Row.measured("Start-up to ready, ftp-server HOST-B", "ms", "startup.ftp-server-b",
                    null, null),
            Row.measured("Start-up to ready, mailer HOST-A", "ms", "startup.mailer-a",
                    "postfix start to SMTP greeting", "startup.postfix"));
    }

    @Override
    public Integer call() throws IOException {
        Map<String, List<Double>> figures = read(results);

        System.out.println("| Figure | Unit | This project: median (min to max, n) "
                + "| Peer | Peer: median (min to max, n) | Ratio |");
        System.out.println("| --- | --- | ---: | --- | ---: | ---: |");
        for (Row row : rows(rate)) {
            List<Double> ours = figures.get(row.metric());
            String peerCell;
            Double peerValue = null;
            if (row.target() != null) {
                peerValue = row.target();
                peerCell = format(row.target());
            } else if (row.peerMetric() != null && figures.containsKey(row.peerMetric())) {
                Samples peer = new Samples(figures.get(row.peerMetric()));
                peerValue = peer.median();
                peerCell = cell(peer);
            } else {
                peerCell = row.peer() == null ? "" : "not measured";
            }
            String ourCell = ours == null ? "not measured" : cell(new Samples(ours));
            String ratio = ours == null || peerValue == null || peerValue == 0 ? ""
                    : formatRatio(new Samples(ours).median() / peerValue);
            System.out.printf("| %s | %s | %s | %s | %s | %s |%n", row.figure(), row.unit(),
                    ourCell, row.peer() == null ? "" : row.peer(), peerCell, ratio);
        }
        return 0;
    }

    private static Map<String, List<Double>> read(Path file) throws IOException {
        Map<String, List<Double>> figures = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            String[] fields = line.split("\t");
            if (fields.length != 3) {
                continue;
            }
            figures.computeIfAbsent(fields[1], metric -> new ArrayList<>())
                    .add(Double.parseDouble(fields[2]));
        }
        return figures;
    }

    private static String cell(Samples samples) {
        return format(samples.median()) + " (" + format(samples.min()) + " to "
                + format(samples.max()) + ", " + samples.count() + ")";
    }

    /** Formats a ratio with 3 significant digits, so that a small one does not show as 0.00. */
    private static String formatRatio(double ratio) {
        return ratio >= 100 ? String.format(Locale.ROOT, "%,.0f", ratio)
                : String.format(Locale.ROOT, "%.3g", ratio);
    }

    private static String format(double value) {
        if (Math.abs(value) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (Math.abs(value) >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
